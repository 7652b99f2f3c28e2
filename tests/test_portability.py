"""The same output on every Python the project supports (``requires-python`` in pyproject).

Possessive quantifiers (``*+``) do not exist before Python 3.11 (the pattern does not even
compile there), and CPython 3.11.0-3.11.4 match a possessive repeat of a group wrongly: the
caption tokeniser split 'ERK1/2-mTORC1' differently on Debian's 3.11.2 than on 3.11.7, and
the miner lost 74 of the 7,294 interactions it finds in 6,000 generated records. The tokeniser and the fast front-matter reader now say
the same with greedy repeats (and a lookahead for the closing quote).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from rdfexport import frontmatter
from rdfexport.mine.tokens import HOLE, WORD, tokenise, tokenise_around

PACKAGE = Path(__file__).resolve().parent.parent / "rdfexport"
# a repeat of a repeat, or an atomic group: what only Python 3.11+ compiles
_POSSESSIVE = re.compile(r"""(?<!\\)(?:[*+?}]\+|\(\?>)""")


def test_no_pattern_needs_python_3_11():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if "re.compile" in code or "re.search" in code or "re.match" in code:
                if _POSSESSIVE.search(code):
                    offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert not offenders, offenders


@pytest.mark.parametrize("text, tokens", [
    ("the ERK1/2-mTORC1 pathway", ["the", "ERK1", "/", "2-mTORC1", "pathway"]),
    ("a-b-c d'e-f x_y", ["a-b-c", "d'e-f", "x", "_", "y"]),
])
def test_tokens(text, tokens):
    assert [t.text for t in tokenise(text, 0)] == tokens


def test_a_word_ending_in_a_dash_before_a_cut_span():
    # the cut span 'mTORC1' becomes a HOLE: '2-' + HOLE must give '2', '-' (3.11.2 gave '2-')
    text = "activation of the ERK1/2-mTORC1 pathway"
    cut = (text.index("mTORC1"), text.index("mTORC1") + len("mTORC1"))
    tokens, holes = tokenise_around(text, 0, [cut])
    assert [t.text for t in tokens] == ["activation", "of", "the", "ERK1", "/", "2", "-", HOLE, "pathway"]
    assert (tokens[holes[0]].start, tokens[holes[0]].end) == cut


_WORDISH = st.text(alphabet="ab2-‐'’_ /\0", max_size=30)


@settings(max_examples=300, deadline=None)
@given(_WORDISH)
def test_tokens_are_the_regex_tokens(text):
    """``tokenise`` gives exactly what WORD finds, with its offsets."""
    found = [(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]
    assert [(t.text, t.start, t.end) for t in tokenise(text, 0)] == found


@pytest.mark.parametrize("value", ["ab''c", "it''s", "''", "a '' b", "x''''y", "'"])
def test_single_quoted_values_read_as_libyaml_reads_them(value):
    quoted = "'" + value.replace("'", "''") + "'"
    for doc in (f"title: {quoted}\n", f"title: {quoted}  \n", f"{quoted}: x\n"):
        expected = yaml.load(doc, Loader=yaml.CSafeLoader)
        assert frontmatter.fast_front_matter(doc) in (expected, None)
    assert frontmatter.fast_front_matter(f"title: {quoted}\n") == {"title": value}


def test_an_unclosed_quote_is_not_read_as_a_value():
    # "'ab''" has no closing quote: the pair is an escaped quote, not a close and an open
    doc = "title: 'ab''\n"
    with pytest.raises(yaml.YAMLError):
        yaml.load(doc, Loader=yaml.CSafeLoader)
    assert frontmatter.fast_front_matter(doc) is None
