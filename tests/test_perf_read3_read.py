"""The third pass's cheaper read steps give what the plain ones gave.

The plain versions are kept here as the specification: the closing fence found by a
``^``-anchored multiline regex, discovery sorting ``Path`` objects and looking up a record's
table folders record by record, and the fast front-matter reader declining every value
that starts with ``-``, ``?`` or ``:`` (the full loader reads ``-Myc`` as plain text).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rdfexport import read
from rdfexport.errors import RecordError

PLAIN_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)


def plain_split_front_matter(text: str, path: str) -> str:
    if not text.strip():
        raise RecordError(path, "file", "empty file")
    if not text.startswith("---"):
        raise RecordError(path, "front matter", "file does not start with '---'")
    first_newline = text.find("\n")
    if first_newline < 0 or text[:first_newline].strip() != "---":
        raise RecordError(path, "front matter", "first line is not '---'")
    end = PLAIN_FENCE.search(text, first_newline + 1)
    if end is None:
        raise RecordError(path, "front matter", "no closing '---'")
    return text[first_newline + 1 : end.start()]


def outcome(split, text: str):
    try:
        return split(text, "a.md")
    except RecordError as exc:
        return f"refused: {exc}"


LINES = st.sampled_from(["---", "...", "--- ", "...\t", "----", "-- -", " ---", "a: b", "", "x---", "---x",
                         "... x", "--", "a: '---'", "\t", "  - a"])
TEXTS = st.lists(LINES, max_size=8).map("\n".join)
ENDS = st.sampled_from(["", "\n", "\nbody\n", "\n\n"])


@settings(max_examples=1500, deadline=None)
@given(st.one_of(TEXTS, TEXTS.map(lambda t: "---\n" + t)), ENDS)
def test_split_front_matter_is_the_plain_split(text, end):
    text += end
    assert outcome(read.split_front_matter, text) == outcome(plain_split_front_matter, text)


def test_split_front_matter_on_the_usual_shapes():
    for text, expected in [("---\na: b\n---\nbody", "a: b\n"), ("---\n---\n", ""), ("---\na: b\n...", "a: b\n"),
                           ("---\na: b\n--- \t\nx", "a: b\n"), ("---\na: ---\n ---\n---", "a: ---\n ---\n")]:
        assert read.split_front_matter(text, "a.md") == plain_split_front_matter(text, "a.md") == expected


# --- discovery ----------------------------------------------------------------------------
def plain_table_dirs_for(md_path: Path) -> tuple[Path, ...]:
    root = md_path.parent.parent if md_path.parent.name == "_figures" else md_path.parent
    dirs = (md_path.parent, root / "_data", root / "download")
    return tuple(d for d in dict.fromkeys(dirs) if d.is_dir())


def plain_discover(inputs):
    for arg in inputs:
        path = Path(arg)
        if path.is_dir():
            folder = path / "_figures" if read.is_site_checkout(path) else path
            for md in sorted(folder.rglob("*.md")):
                rel = md.relative_to(folder).parts[:-1]
                if not any(p in read._NOT_FIGURES or p.startswith(".") for p in rel):
                    yield read.Source(str(md), plain_table_dirs_for(md))
        elif path.is_file():
            yield read.Source(str(path), plain_table_dirs_for(path))


def _tree(root: Path) -> None:
    """Folders whose names sort differently as strings and as path parts ('a.b' < 'a/b' as text)."""
    for rel in ["a/x.md", "a.b/y.md", "a-b/z.md", "a/b/c.md", "a/b.md", "B/x.md", "b/x.md", "_site/s.md",
                ".hidden/h.md", "n/_posts/p.md", "n/ok/_data/d.md", "é/x.md", "e/x.md", "a b/x.md", "x.md",
                "site/_figures/f1.md", "site/_figures/sub/f2.md", "site/_data/f1-genes.tsv",
                "site/download/f1-chemicals.tsv", "other/_data/t.tsv", "other/r.md", "a/b/_data/t.tsv"]:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\nfigid: x\n---\n")


def test_discover_is_the_plain_discover(tmp_path):
    _tree(tmp_path)
    for inputs in ([str(tmp_path)], [str(tmp_path / "site")], [str(tmp_path / "site" / "_figures")],
                   [str(tmp_path / "a"), str(tmp_path / "x.md"), str(tmp_path / "site"), str(tmp_path / "a")],
                   [str(tmp_path / "site" / "_figures" / "f1.md")]):
        found = list(read.discover(inputs))
        assert found == list(plain_discover(inputs))
        assert [s.path for s in found] == [s.path for s in plain_discover(inputs)]  # the same order
    assert len(list(read.discover([str(tmp_path)]))) >= 12


def test_discover_still_refuses_what_is_not_there(tmp_path):
    with pytest.raises(Exception, match="no such file or folder"):
        list(read.discover([str(tmp_path / "nothing")]))


# --- front matter: plain values starting with an indicator --------------------------------
@pytest.mark.parametrize("text", [
    "word: -Myc\n", "word: :Rap1a\n", "word: ?x\n", "a: -1\nb: --\nc: -.inf\n", "list:\n- :x\n- ?y z\n",
    "genes:\n- word: -ECE\n  symbol: ECE1\n", "a: -x\n  continued\n", "a: :x\n\n  after a blank\n",
    "a: -x y\nb: c\n",
])
def test_values_starting_with_an_indicator_read_as_the_full_loader_reads_them(text):
    fast = read.fast_front_matter(text)
    assert fast is not None
    assert repr(fast) == repr(read.load_front_matter(text, "a.md"))


@pytest.mark.parametrize("text", [
    "a: -\n", "a: - x\n", "a: ? x\n", "a: : x\n", "list:\n- - x\n", "a: -x: y\n", "a: :x #c\n", "-k: v\n",
])
def test_indicators_followed_by_a_space_are_still_declined(text):
    assert read.fast_front_matter(text) is None


# --- front matter: the character check ------------------------------------------------------
def test_every_character_the_fast_reader_leaves_alone_is_unprintable():
    """What lets ``_has_unhandled_chars`` skip the regex on printable text: checked on every code point."""
    import sys

    from rdfexport import frontmatter

    refused = [cp for cp in range(sys.maxunicode + 1) if frontmatter._UNHANDLED_CHARS.match(chr(cp))]
    assert 0x0A not in refused and 0x09 in refused and 0x2028 in refused and 0xFEFF in refused
    assert not [cp for cp in refused if chr(cp).isprintable()]


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from("a :\n\t\x85\xa0\u2028\ufeff\ufffe\x7f\x00é\U0001f600\ue000\u00ad"), max_size=12))
def test_the_character_check_is_the_regex(text):
    from rdfexport import frontmatter

    assert frontmatter._has_unhandled_chars(text) == (frontmatter._UNHANDLED_CHARS.search(text) is not None)
