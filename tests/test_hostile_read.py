"""Issue #8: hostile and malformed records are refused or trimmed with one clear line each.

``tests/hostile/`` is a small site checkout with one file per malformed case; ``CASES``
says what must happen to each: refused (naming the field), or converted (with a note
naming the field that was left out). Big inputs (a 50 MB caption, 10,000 keywords) are
made at test time.
"""

from __future__ import annotations

import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from rdfexport import normalise, read
from rdfexport.errors import RecordError
from rdfexport.pipeline import Summary, figures, mapped

HOSTILE = Path(__file__).parent / "hostile"
FIGURES = HOSTILE / "_figures"

# file -> (outcome, field, words in the message); outcome: refused | note | ok
CASES: dict[str, tuple[str, str, str]] = {
    # YAML
    "yaml-invalid.md": ("refused", "front matter", "invalid YAML at line 3"),
    "yaml-no-closing.md": ("refused", "front matter", "no closing '---'"),
    "yaml-list.md": ("refused", "front matter", "is list, not a mapping"),
    "yaml-scalar.md": ("refused", "front matter", "is str, not a mapping"),
    "yaml-empty-front-matter.md": ("refused", "front matter", "is empty"),
    "yaml-duplicate-key.md": ("refused", "figid", "duplicate key (lines 2 and 4)"),
    "yaml-tab-indent.md": ("refused", "front matter", "invalid YAML at line 5"),
    "yaml-tab-in-value.md": ("ok", "", ""),
    "yaml-billion-laughs.md": ("refused", "front matter", "anchors/aliases are not allowed"),
    "yaml-non-utf8.md": ("refused", "file", "not UTF-8"),
    "yaml-binary.md": ("refused", "file", "not UTF-8"),
    "yaml-bom.md": ("ok", "", ""),
    "yaml-crlf.md": ("ok", "", ""),
    "yaml-cr.md": ("ok", "", ""),
    "yaml-empty.md": ("refused", "file", "empty file"),
    "yaml-no-front-matter.md": ("refused", "front matter", "does not start with '---'"),
    "yaml-python-tag.md": ("refused", "front matter", "could not determine a constructor"),
    "yaml-surrogate.md": ("refused", "", "Unicode"),  # field: 'front matter' (libyaml) or 'papertitle'
    # fields
    "field-figid-missing.md": ("refused", "figid", "missing or empty"),
    "field-figid-empty.md": ("refused", "figid", "missing or empty"),
    "field-figid-space.md": ("refused", "figid", "whitespace or control characters"),
    "field-figid-newline.md": ("refused", "figid", "'PMC9000204__a\\nb'"),
    "field-figid-dotdot.md": ("refused", "figid", "relative path step"),
    "field-figid-specials.md": ("ok", "", ""),
    "field-figid-percent.md": ("ok", "", ""),
    "field-figid-traversal.md": ("ok", "", ""),
    "field-figid-injection.md": ("ok", "", ""),
    "field-figid-lookalike.md": ("refused", "pmcid", "figid does not start with one"),
    "field-figid-fullwidth.md": ("refused", "pmcid", "figid does not start with one"),
    "field-pmcid-missing.md": ("ok", "", ""),
    "field-pmcid-missing-no-prefix.md": ("refused", "pmcid", "missing"),
    "field-pmcid-empty.md": ("ok", "", ""),
    "field-pmcid-bad.md": ("refused", "pmcid", "'12345' is not of the form PMC<digits>"),
    "field-year-2020a.md": ("note", "year", "'2020a'"),
    "field-year-empty.md": ("ok", "", ""),
    "field-year-na.md": ("ok", "", ""),
    "field-score-abc.md": ("note", "automl_pathway", "not a number"),
    "field-score-1.7.md": ("note", "automl_pathway", "not a score in [0, 1]"),
    "field-score-nan.md": ("ok", "", ""),  # NaN is R's 'no value'
    "field-organisms-number.md": ("note", "", "'42' is no known taxon"),
    "field-keywords-nested.md": ("ok", "", ""),
    "field-doi-spaces.md": ("note", "doi", "'10.1000/abc def'"),
    "field-structures.md": ("note", "ndex", "not usable in an IRI"),
    # companion tables
    "table-missing-columns.md": ("ok", "", ""),
    "table-extra-columns.md": ("ok", "", ""),
    "table-nonnumeric-ids.md": ("note", "genes", "'five'"),
    "table-cr-endings.md": ("ok", "", ""),
    "table-non-utf8.md": ("refused", "genes table", "PMC9000306__f1-genes.tsv: not UTF-8"),
    # batch (see test_hostile_batch.py for the pair together)
    "dup-a.md": ("ok", "", ""),
    "dup-b.md": ("ok", "", ""),
}


def run(*paths: Path | str) -> tuple[Summary, list]:
    summary = Summary()
    items = list(mapped(figures([str(p) for p in paths], summary), summary))
    return summary, items


def triples_of(items) -> list[ox.Triple]:
    return [t for _, triples in items for t in triples]


def test_every_fixture_has_an_expectation():
    assert sorted(p.name for p in FIGURES.glob("*.md")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_malformed_record_outcome(name):
    outcome, field, words = CASES[name]
    summary, items = run(FIGURES / name)
    assert summary.read == 1 == summary.converted + len(summary.refused)
    if outcome == "refused":
        [refusal] = summary.refused
        line = str(refusal)
        assert line.startswith(str(FIGURES / name) + ": ") and "\n" not in line
        assert refusal.field == field or not field
        assert words in refusal.reason
        return
    assert not summary.refused, summary.refused
    assert summary.converted == 1
    if outcome == "note":
        notes = [n for n in summary.notes if f": {field}: " in n or not field]
        assert any(words in n for n in notes), summary.notes
        assert all(n.startswith(str(FIGURES / name) + ": ") for n in summary.notes)


# --- what the converted ones hold ---------------------------------------------------------
def literal(items, predicate_suffix: str) -> list[str]:
    return sorted(t.object.value for t in triples_of(items) if t.predicate.value.endswith(predicate_suffix))


def subjects(items) -> set[str]:
    return {t.subject.value for t in triples_of(items)}


@pytest.mark.parametrize("name, figid, iri_tail", [
    ("field-figid-specials.md", 'PMC9000206__<>"{}|\\^`x', "PMC9000206__%3C%3E%22%7B%7D%7C%5C%5E%60x"),
    ("field-figid-percent.md", "PMC9000207__a%2Fb%zz%", "PMC9000207__a%252Fb%25zz%25"),
    ("field-figid-traversal.md", "../../etc/passwd", "..%2F..%2Fetc%2Fpasswd"),
    ("field-figid-injection.md", "PMC9000209__x>};DROP%20ALL;INSERT{<a", "PMC9000209__x%3E%7D%3BDROP%2520ALL%3BINSERT%7B%3Ca"),
])
def test_unusual_figid_is_percent_encoded_and_kept_verbatim_as_literal(name, figid, iri_tail):
    _, items = run(FIGURES / name)
    assert f"https://pfocr.wikipathways.org/figures/{iri_tail}" in subjects(items)
    assert literal(items, "terms/identifier")[-1] == figid or figid in literal(items, "terms/identifier")


@pytest.mark.parametrize("name", ["yaml-bom.md", "yaml-crlf.md", "yaml-cr.md"])
def test_bom_and_line_endings_read_like_plain_lf(name):
    _, items = run(FIGURES / name)
    assert literal(items, "caption") == ["MAPK1 activates ELK1."]
    assert not any("\r" in v or "\ufeff" in v for v in literal(items, "title"))


def test_tabs_inside_values_are_kept():
    _, items = run(FIGURES / "yaml-tab-in-value.md")
    assert "a\tb" in literal(items, "bibliographicCitation")


def test_nested_keyword_lists_are_flattened():
    _, items = run(FIGURES / "field-keywords-nested.md")
    assert {"a", "b", "c", "d", "MAPK1", "ELK1"} <= set(literal(items, "keywords"))


def test_pmcid_falls_back_to_the_figid_prefix():
    for name, pmcid in [("field-pmcid-missing.md", "PMC9000212"), ("field-pmcid-empty.md", "PMC9000214")]:
        _, items = run(FIGURES / name)
        assert f"https://identifiers.org/pmc/{pmcid}" in subjects(items)


def test_companion_table_quirks():
    summary, items = run(FIGURES / "table-missing-columns.md")
    assert summary.converted == 1 and not summary.notes  # rows without ids are words, not errors
    _, items = run(FIGURES / "table-extra-columns.md")
    assert {"https://identifiers.org/ncbigene/5594", "https://identifiers.org/ncbigene/2002"} <= subjects(items)
    _, items = run(FIGURES / "table-cr-endings.md")
    assert "https://identifiers.org/ncbigene/5594" in subjects(items)
    summary, items = run(FIGURES / "table-nonnumeric-ids.md")
    genes = {s for s in subjects(items) if "/ncbigene/" in s}
    assert "https://identifiers.org/ncbigene/2002" in genes  # 'five' and '²' left out, with notes
    assert all(g.rsplit("/", 1)[1].isascii() and g.rsplit("/", 1)[1].isdigit() for g in genes)
    assert len([n for n in summary.notes if ": genes: " in n]) == 2


# --- big and expensive inputs ------------------------------------------------------------
def _record(folder: Path, name: str, body: bytes) -> Path:
    path = folder / "_figures" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"---\nfigid: PMC9000501__big\npmcid: PMC9000501\n" + body + b"\n---\n")
    return path


def test_50_mb_caption_converts_quickly(tmp_path):
    sentence = b"STAT3 activates MMP9; *p < 0.05 & R&D: IL-6 [x] {y} 'z' \"q\" #h. "
    lines = 50 * 2**20 // len(sentence)
    path = _record(tmp_path, "big.md", b"caption: |-\n" + b"  " + sentence * 1000 + (b"\n  " + sentence) * lines)
    start = time.perf_counter()
    summary, items = run(path)
    assert summary.converted == 1, summary.refused
    assert literal(items, "caption") == []  # no caption: left out, with a note
    [note] = [n.split(": ", 1)[1] for n in summary.notes if ": caption: " in n]
    assert note.startswith(f"caption: longer than {normalise.MAX_TEXT:,} characters: 'STAT3 activates MMP9;")
    assert note.endswith("'... (field left out)") and len(note) < 200
    # a guard against super-linear work on huge text (minutes), not a speed goal: loose
    # enough for a machine shared with other jobs
    assert time.perf_counter() - start < 30


def test_invalid_yaml_in_a_big_caption_is_refused_not_crashed(tmp_path):
    path = _record(tmp_path, "bad.md", b"caption: ratio *a: 1 " + b"x" * 1000)
    summary, _ = run(path)
    assert summary.refused[0].field == "front matter" and "invalid YAML" in summary.refused[0].reason


def test_record_over_the_size_limit_is_refused_without_reading_it_all(tmp_path, monkeypatch):
    monkeypatch.setattr(read, "MAX_RECORD_BYTES", 1000)
    path = _record(tmp_path, "huge.md", b"caption: " + b"x" * 5000)
    summary, _ = run(path)
    [refusal] = summary.refused
    assert (refusal.field, refusal.reason) == ("file", "larger than 0 MiB")


def test_billion_laughs_is_refused_quickly(tmp_path):
    # 30 levels of 9 aliases each would expand to 9**30 nodes if anything expanded it
    levels = "".join(f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, 31))
    path = _record(tmp_path, "lol.md", ("l0: &l0 lol\n" + levels).encode())
    start = time.perf_counter()
    summary, _ = run(path)
    assert summary.refused[0].reason == "YAML anchors/aliases are not allowed"
    assert time.perf_counter() - start < 5  # expanding anything would take forever, not seconds


def test_ten_thousand_keywords(tmp_path):
    keywords = "".join(f"\n- kw{i}" for i in range(10_000))
    path = _record(tmp_path, "kw.md", f"keywords:{keywords}\nschema-jsonld:\n  keywords:{keywords.replace(chr(10), chr(10) + '  ')}".encode())
    start = time.perf_counter()
    summary, items = run(path)
    assert summary.converted == 1
    assert len(literal(items, "keywords")) == 20_000  # on the paper and on the figure
    # a guard against super-linear work on huge text (minutes), not a speed goal: loose
    # enough for a machine shared with other jobs
    assert time.perf_counter() - start < 30


def test_table_field_over_csv_limit_refuses_the_record_naming_the_table(tmp_path):
    path = _record(tmp_path, "PMC9000501__big.md", b"caption: x")
    table = tmp_path / "_data" / "PMC9000501__big-genes.tsv"
    table.parent.mkdir()
    table.write_bytes(b"word\tncbigene_id\n" + b"W" * 200_000 + b"\t1\n")
    summary, _ = run(path)
    [refusal] = summary.refused
    assert refusal.field == "genes table" and str(table) in refusal.reason and "TSV" in refusal.reason


def test_nested_duplicate_key_is_refused(tmp_path):
    path = _record(tmp_path, "dup.md", b"schema-jsonld:\n  keywords: [a]\n  keywords: [b]")
    summary, _ = run(path)
    assert (summary.refused[0].field, summary.refused[0].reason) == ("keywords", "duplicate key (lines 5 and 6)")


def test_stdin_record_with_bom_and_crlf(tmp_path):
    import io
    data = b"\xef\xbb\xbf---\r\nfigid: PMC9000502__f1\r\ncaption: from stdin\r\n---\r\n"
    summary = Summary()
    figs = list(figures(["-"], summary, stdin=io.BytesIO(data)))
    assert [f.caption for f in figs] == ["from stdin"]


@pytest.mark.parametrize("data", [
    b"", b"---", b"---\n", b"---\n---", b"\xff\xfe", b"---\n\x00\n---\n", b"---\n: :\n---\n",
    b"---\n[\n---\n", b"---\n&a x\n---\n", b"---\n!!binary abc\n---\n", b"---\n? - a\n---\n",
])
def test_parse_front_matter_raises_only_record_errors(data):
    with pytest.raises(RecordError) as info:
        read.parse_front_matter(data, "f.md")
    assert info.value.path == "f.md" and "\n" not in str(info.value)
