"""Reading a file by its size first gives what one read of ``limit`` bytes gives, and table
paths made as strings are the ones ``Path`` made."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rdfexport import read

from conftest import piped


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=64), st.integers(min_value=1, max_value=80))
def test_read_at_most_is_one_read_of_limit(tmp_path_factory, data, limit):
    path = tmp_path_factory.mktemp("f") / "x"
    path.write_bytes(data)
    with open(path, "rb") as handle:
        fast = read._read_at_most(handle, limit)
    with open(path, "rb") as handle:
        assert fast == handle.read(limit) == data[:limit]


@pytest.mark.parametrize("size_seen", [0, 3, 9])
def test_a_file_larger_than_its_size_said_is_read_on_to_the_limit(tmp_path, monkeypatch, size_seen):
    path = tmp_path / "grown"
    path.write_bytes(b"0123456789" * 3)

    class Stat:
        st_size = size_seen

    for limit in (1, 4, 10, 11, 25, 30, 31, 100):
        with open(path, "rb") as handle, monkeypatch.context() as patch:
            patch.setattr(read.os, "fstat", lambda fd: Stat)
            assert read._read_at_most(handle, limit) == (b"0123456789" * 3)[:limit], limit


def test_a_pipe_is_read_to_its_end():
    payload = b"front matter\n" * 5000  # more than a pipe buffer: several writes
    with piped(payload) as rfd, os.fdopen(os.dup(rfd), "rb") as handle:
        assert read._read_at_most(handle, 10**6) == payload


def _site(tmp_path: Path) -> Path:
    figures, data = tmp_path / "_figures", tmp_path / "_data"
    figures.mkdir()
    data.mkdir()
    (figures / "PMC1__f1.md").write_text("---\nfigid: PMC1__f1\npmcid: PMC1\n---\n")
    (data / "PMC1__f1-genes.tsv").write_text("word\tncbigene_id\nTP53\t7157\n")
    (figures / "PMC1__f1-chemicals.tsv").write_text("word\tmesh\nATP\tmesh:D000255\n")
    return tmp_path


def test_table_paths_are_the_paths_path_makes(tmp_path):
    site = _site(tmp_path)
    [source] = read.discover([str(site)])
    raw = read.read_record(source)
    figures, data = source.table_dirs[0], source.table_dirs[1]
    assert raw.table_paths == {"genes": str(data / "PMC1__f1-genes.tsv"),
                               "chemicals": str(figures / "PMC1__f1-chemicals.tsv")}
    assert raw.tables["genes"] == ({"word": "TP53", "ncbigene_id": "7157"},)


def test_an_unreadable_table_is_named_as_before(tmp_path):
    site = _site(tmp_path)
    table = site / "_data" / "PMC1__f1-genes.tsv"
    table.write_bytes(b"word\n\xff\n")
    [source] = read.discover([str(site)])
    with pytest.raises(read.RecordError) as caught:
        read.read_record(source)
    assert caught.value.field == "genes table"
    assert caught.value.reason.startswith(f"{source.table_dirs[1] / 'PMC1__f1-genes.tsv'}: not UTF-8 text")
