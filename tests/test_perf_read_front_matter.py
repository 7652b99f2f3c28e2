"""The fast front-matter reader gives exactly what the full YAML loader gives, or declines.

``read.fast_front_matter`` handles the block-style subset PFOCR records use and returns None
on anything else; ``read.load_front_matter`` is the full loader. Whenever the fast reader
does not decline, the full loader must accept the text too and build the same value (same
types, same key order). Checked on every real, hostile and generated record, on generated
front matter and on real records with random damage.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rdfexport import read
from rdfexport.errors import RecordError

from conftest import CORPUS, ROOT

HOSTILE = Path(__file__).parent / "hostile" / "_figures"
# bench/out is git-ignored: the generated corpora are there only where bench/make_corpus.py ran
BENCH_OUT = Path(os.environ.get("RDFEXPORT_BENCH_OUT", ROOT / "bench" / "out"))
# a corpus larger than this is checked on every n-th record (all: RDFEXPORT_PERF_READ_ALL=1)
FULL_CHECK_LIMIT = 3_000


def yaml_text_of(path: Path) -> str | None:
    try:
        return read.split_front_matter(read.decode(path.read_bytes(), str(path)), str(path))
    except RecordError:
        return None  # refused before YAML: not the readers' business


def slow(yaml_text: str):
    """The full loader's value, or the refusal's message."""
    try:
        return read.load_front_matter(yaml_text, "x.md")
    except RecordError as exc:
        return f"refused: {exc}"


def assert_same(yaml_text: str) -> bool:
    """Fast equals slow when fast does not decline; whether it declined."""
    fast = read.fast_front_matter(yaml_text)
    if fast is None:
        return True
    assert repr(fast) == repr(slow(yaml_text)), yaml_text
    return False


def check_files(paths: list[Path]) -> tuple[int, int]:
    """(records read, records the fast reader declined)"""
    checked = declined = 0
    for path in paths:
        text = yaml_text_of(path)
        if text is not None:
            checked += 1
            declined += assert_same(text)
    return checked, declined


def test_real_records_take_the_fast_path_and_match(corpus):
    paths = sorted((corpus / "_figures").glob("*.md"))
    checked, declined = check_files(paths)
    assert checked == len(paths) > 0
    assert declined == 0, "real PFOCR front matter should not need the full loader"


def test_hostile_records_match_or_decline():
    paths = sorted(HOSTILE.glob("*.md"))
    checked, declined = check_files(paths)
    assert checked > 0 and declined > 0  # the YAML tricks there are the full loader's


def _generated_corpora() -> list[Path]:
    # corpus-N-firstM are the first M records of corpus-N
    return sorted(p / "_figures" for p in BENCH_OUT.glob("corpus-*") if (p / "_figures").is_dir() and "-first" not in p.name)


@pytest.mark.parametrize("figures", _generated_corpora() or [None], ids=lambda p: p.parent.name if p else "none")
def test_generated_corpora_match(figures):
    if figures is None:
        pytest.skip("no generated corpus in bench/out (bench/make_corpus.py makes them)")
    paths = sorted(figures.glob("*.md"))
    if len(paths) > FULL_CHECK_LIMIT and not os.environ.get("RDFEXPORT_PERF_READ_ALL"):
        paths = paths[:: len(paths) // FULL_CHECK_LIMIT + 1]
    checked, declined = check_files(paths)
    assert checked > 0
    assert declined <= checked // 20, f"{declined} of {checked} declined"


def test_parse_front_matter_uses_either_reader_alike(tmp_path):
    text = "figid: PMC1__a\ncaption: 'x: y'\nlist:\n- a\n- b\n"
    fast = read.parse_front_matter(f"---\n{text}---\n".encode(), "a.md")
    assert fast == read.load_front_matter(text, "a.md") == {"figid": "PMC1__a", "caption": "x: y", "list": ["a", "b"]}


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",          # anchors, aliases
    "a: !!int 1\n",               # tags
    "a: [1, 2]\n",                # flow collections
    "a: |\n  block\n",            # block scalars
    'a: "esc\\u00e9"\n',          # escapes
    "a: 1\na: 2\n",               # duplicate keys (the full loader refuses them)
    "a: b # comment\n",           # comments
    "a:\tb\n",                    # tabs
    "- a\n- b\n",                 # not a mapping
    " a: 1\n",                    # odd indentation
    "a: 1\n  b: 2\n",
    "a: x\u2028y\n",              # a YAML line break in a scalar
])
def test_declines_what_it_does_not_handle(text):
    assert read.fast_front_matter(text) is None


# --- generated front matter ---------------------------------------------------------------
# characters that matter to YAML, and some that Python strips but YAML does not
ALPHABET = "ab Z09:#'\"-|&*!?[]{},%@`>.\\/\xa0é~"
LINE_BREAKS_AND_TABS = "\t\u2028\x85\ufeff"
KEYS = st.one_of(st.sampled_from(["figid", "@id", "x y", "k:v", "'q'", "n#", "-k", "é", "a\xa0"]),
                 st.text(alphabet="abcdefgh", min_size=1, max_size=3))


_ORDINARY = st.sampled_from(["a", "Zb", "09", "é", "NA", "x-y", "(z", "a.b", "1/2", "~", "yes", "null", "''", "a:b"])
WORDS = st.one_of(_ORDINARY, _ORDINARY, _ORDINARY, st.text(alphabet=ALPHABET, min_size=1, max_size=3),
                  _ORDINARY, _ORDINARY, _ORDINARY, st.text(alphabet=ALPHABET + LINE_BREAKS_AND_TABS, max_size=2))


def plain_text():
    """Mostly ordinary words, some with characters that matter to YAML."""
    spaces = st.sampled_from([" ", " ", " ", "", "  "])
    words = st.lists(st.tuples(WORDS, spaces), max_size=6).map(lambda ws: "".join(w + s for w, s in ws).rstrip(" "))
    ordinary_first = st.tuples(_ORDINARY, words).map(lambda fw: f"{fw[0]} {fw[1]}".rstrip(" "))
    return st.one_of(ordinary_first, ordinary_first, ordinary_first, words)


@st.composite
def scalar(draw, indent: int) -> str:
    """A scalar rendered plain, single- or double-quoted, over one or more lines."""
    value = draw(plain_text())
    style = draw(st.sampled_from(["plain", "plain", "single", "double"]))
    if style == "single":
        value = "'" + value.replace("'", "''") + "'"
    elif style == "double":
        value = '"' + value + '"'
    words = value.split(" ")
    if len(words) > 1 and draw(st.booleans()):  # fold over lines, maybe with blank ones
        lines, current = [], words[0]
        for word in words[1:]:
            if draw(st.booleans()):
                lines.append(current)
                lines.extend([""] * draw(st.integers(0, 2)))
                current = word
            else:
                current += " " + word
        lines.append(current)
        pad = " " * (indent + draw(st.sampled_from([1, 1, 2, 3, 0, -1])))
        value = ("\n" + pad).join(lines)
    return value + draw(st.sampled_from(["", "", " "]))


@st.composite
def key(draw) -> str:
    name = draw(KEYS)
    return draw(st.sampled_from([name, "'" + name.replace("'", "''") + "'"]))


@st.composite
def node(draw, indent: int, depth: int) -> str:
    """``key: value`` entries of a block mapping at column ``indent``."""
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        pad = " " * (indent + draw(st.sampled_from([0] * 12 + [1, -1])))
        kind = draw(st.sampled_from(["scalar", "scalar", "empty", "list", "maps", "mapping", "flow"]))
        if kind == "scalar":
            lines.append(f"{pad}{draw(key())}: {draw(scalar(indent))}")
        elif kind == "empty":
            lines.append(f"{pad}{draw(key())}:{draw(st.sampled_from(['', ' ']))}")
        elif kind == "flow":
            lines.append(f"{pad}{draw(key())}: {draw(st.sampled_from(['[]', '{}', '[ ]', '[a]']))}")
        elif kind == "list":
            lines.append(f"{pad}{draw(key())}:")
            dash = " " * (indent + draw(st.sampled_from([0, 0, 2, 1])))
            for _ in range(draw(st.integers(0, 3))):
                lines.append(f"{dash}- {draw(scalar(len(dash)))}")
        elif kind == "maps" and depth < 2:
            lines.append(f"{pad}{draw(key())}:")
            dash = " " * (indent + draw(st.sampled_from([0, 2])))
            for _ in range(draw(st.integers(1, 2))):
                inner = draw(node(len(dash) + 2, depth + 1))
                lines.append(f"{dash}- {inner[len(dash) + 2:]}")
        elif kind == "mapping" and depth < 2:
            lines.append(f"{pad}{draw(key())}:")
            lines.append(draw(node(indent + draw(st.sampled_from([2, 4])), depth + 1)))
        if draw(st.integers(0, 12)) == 0:
            lines.append(draw(st.sampled_from(["", "  ", "# c", "  # c"])))
    return "\n".join(lines)


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(node(0, 0))
def test_generated_front_matter_matches(text):
    assert_same(text + "\n")


def test_realistic_front_matter_is_taken():
    """Guards the property tests against a fast reader that declines everything."""
    text = ("figid: a\ncaption: some\n  long text\nlist:\n- x y\n- 'z: w'\nmaps:\n- word: a\n  symbol: b\n"
            "annotations: []\nschema-jsonld:\n  '@type': X\n  description: 'it''s\n    folded'\n  keywords:\n  - K\n")
    value = read.fast_front_matter(text)
    assert value == {"figid": "a", "caption": "some long text", "list": ["x y", "z: w"],
                     "maps": [{"word": "a", "symbol": "b"}], "annotations": [],
                     "schema-jsonld": {"@type": "X", "description": "it's folded", "keywords": ["K"]}}
    assert repr(value) == repr(slow(text))


def _real_texts() -> list[str]:
    paths = sorted((CORPUS / "_figures").glob("*.md"))[:12] if (CORPUS / "_figures").is_dir() else []
    return [t for t in map(yaml_text_of, paths) if t] or ["figid: a\ncaption: some\n  text\nlist:\n- x\n"]


@settings(max_examples=1000, deadline=None)
@given(st.sampled_from(_real_texts()), st.lists(st.tuples(st.integers(0, 10**6), st.text(alphabet=ALPHABET + LINE_BREAKS_AND_TABS + "\n ", max_size=4), st.integers(0, 3)), min_size=1, max_size=3))
def test_damaged_real_records_match(text, edits):
    """Real front matter with a few characters inserted or removed at random places."""
    for where, insert, remove in edits:
        at = where % (len(text) + 1)
        text = text[:at] + insert + text[at + remove:]
    assert_same(text)


def test_giant_front_matter_goes_straight_to_the_full_loader():
    text = "figid: a\ncaption: " + "word " * 300_000 + "\n"
    assert read.fast_front_matter(text) is None
    assert read.parse_front_matter(f"---\n{text}---\n".encode(), "a.md")["figid"] == "a"
