"""Companion tables: ``read.split_tsv`` reads what ``csv.DictReader`` reads, and the content
hash made from the bytes already read equals the one that reads the tables again."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rdfexport import read
from rdfexport.errors import RecordError

from conftest import CORPUS


def by_csv(text: str):
    return read.csv_table(text, Path("t.tsv"))


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="ab \t\n\"'\\é,;\xa0\x0b\x0c\x1c\u2028", max_size=60))
def test_split_tsv_reads_what_csv_reads(text):
    assert repr(read.split_tsv(text)) == repr(by_csv(text))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["", "a", "b", "a b", '"q"', "x\"y"]), max_size=5), max_size=6),
       st.booleans())
def test_split_tsv_on_ragged_rows_and_repeated_columns(rows, final_newline):
    text = "\n".join("\t".join(row) for row in rows) + ("\n" if final_newline else "")
    assert repr(read.split_tsv(text)) == repr(by_csv(text))


def test_real_tables_read_alike(corpus):
    tables = sorted((corpus / "_data").glob("*.tsv")) + sorted((corpus / "download").glob("*.tsv"))
    assert tables
    for table in tables:
        text = read.decode(table.read_bytes(), str(table))
        rows = read.split_tsv(text)
        assert repr(rows) == repr(by_csv(text)), table
    assert any(read.split_tsv(read.decode(t.read_bytes(), str(t))) for t in tables)


def test_a_field_over_csvs_limit_is_still_refused(tmp_path):
    table = tmp_path / "PMC1__a-genes.tsv"
    table.write_text("word\tsymbol\n" + "x" * (csv.field_size_limit() + 10) + "\tA\n", encoding="utf-8")
    with pytest.raises(RecordError, match="not a readable TSV table"):
        read.read_table(table)


def test_content_hash_from_bytes_read_equals_reading_again(corpus):
    sources = [s for s in read.discover([str(corpus)])][:20]
    with_tables = 0
    for source in sources:
        raw = read.read_record(source)
        with_tables += bool(raw.table_paths)
        data = Path(source.path).read_bytes()
        assert raw.content_hash == read._content_hash(data, raw.table_paths)
    assert with_tables


def test_is_file_answers_as_path_is_file(tmp_path):
    (tmp_path / "table.tsv").write_text("a\n")
    (tmp_path / "folder").mkdir()
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    cases = ["table.tsv", "missing.tsv", "folder", "table.tsv/below", "missing/below", "loop", "loop/x"]
    for name in cases:
        assert read._is_file(str(tmp_path / name)) == (tmp_path / name).is_file(), name
    too_long = str(tmp_path / ("x" * 300))
    with pytest.raises(OSError):
        Path(too_long).is_file()
    with pytest.raises(OSError):
        read._is_file(too_long)
