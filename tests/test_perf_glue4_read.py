"""Reading with fewer system calls gives what the file objects and ``stat`` gave.

A record is read by ``os.open``/``os.read`` (one read for a regular file) instead of a
buffered file object, a table is opened first and its kind asked of the open file instead
of ``stat`` then ``open``, and TSV rows are split by ``map``. The plain versions are kept
here as the specification and compared on odd files (folders, FIFOs, symbolic-link loops,
files that grew, names too long) and on generated tables.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rdfexport import read
from rdfexport.errors import RecordError

from conftest import piped


def plain_read_bytes(path, name: str, field: str) -> bytes:
    """``_read_bytes`` as it was: a buffered file object, ``_read_at_most``."""
    try:
        with open(path, "rb") as handle:
            return read._read_at_most(handle, read.MAX_RECORD_BYTES + 1)
    except OSError as exc:
        raise RecordError(name, field, f"unreadable: {exc.strerror or exc}") from None


def plain_table_bytes(candidate: str) -> bytes | None:
    """``_is_file`` then ``_read_bytes``: how a table was found and read."""
    return plain_read_bytes(candidate, candidate, "file") if read._is_file(candidate) else None


def outcome(fn, *args):
    try:
        return fn(*args)
    except RecordError as exc:
        return f"refused: {exc}"
    except OSError as exc:
        return f"raised {type(exc).__name__} {exc.errno}"
    except ValueError as exc:  # a NUL in a path
        return f"raised ValueError {exc}"


def _odd_files(tmp_path: Path) -> list[str]:
    (tmp_path / "table.tsv").write_bytes(b"word\tid\nTP53\t7157\n")
    (tmp_path / "empty.tsv").write_bytes(b"")
    (tmp_path / "big.tsv").write_bytes(b"x\ty\n" * 50_000)
    (tmp_path / "folder.tsv").mkdir()
    (tmp_path / "loop.tsv").symlink_to(tmp_path / "loop.tsv")
    (tmp_path / "link.tsv").symlink_to(tmp_path / "table.tsv")
    (tmp_path / "dangling.tsv").symlink_to(tmp_path / "nowhere.tsv")
    os.mkfifo(tmp_path / "fifo.tsv")
    names = ["table.tsv", "empty.tsv", "big.tsv", "folder.tsv", "loop.tsv", "link.tsv", "dangling.tsv",
             "fifo.tsv", "missing.tsv", "table.tsv/below", "missing/below", "x" * 300, "nul\x00.tsv"]
    return [str(tmp_path / name) for name in names]


def test_a_table_is_found_and_read_as_stat_then_open_did(tmp_path):
    for path in _odd_files(tmp_path):  # the FIFO is passed over, not waited on
        assert outcome(read._table_bytes, path) == outcome(plain_table_bytes, path), path


def test_a_record_file_is_read_as_the_file_object_read_it(tmp_path):
    for path in _odd_files(tmp_path):
        if not path.endswith("fifo.tsv"):  # a FIFO record waits for a writer, both ways
            assert outcome(read._read_bytes, path, path, "file") == outcome(plain_read_bytes, path, path, "file"), path


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=300))
def test_any_bytes_read_back(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("r") / "x.md"
    path.write_bytes(data)
    assert read._read_bytes(str(path), "x.md", "file") == data == read._table_bytes(str(path))


@pytest.mark.parametrize("size_seen", [0, 3, 9, 29])
def test_a_file_larger_than_its_size_said_is_read_on_to_the_limit(tmp_path, size_seen):
    path = tmp_path / "grown"
    path.write_bytes(b"0123456789" * 3)
    fd = os.open(path, os.O_RDONLY)
    try:
        real = os.fstat(fd)
        seen = os.stat_result((real.st_mode, *real[1:6], size_seen, *real[7:10]))
        for limit in (1, 4, 10, 11, 25, 30, 31, 100):
            os.lseek(fd, 0, os.SEEK_SET)
            assert read._read_open(fd, seen, limit) == (b"0123456789" * 3)[:limit], limit
    finally:
        os.close(fd)


def test_a_pipe_is_read_to_its_end():
    payload = b"front matter\n" * 5000  # more than a pipe buffer: several writes
    with piped(payload) as rfd:
        assert read._read_open(rfd, os.fstat(rfd), 10**6) == payload


def test_a_refused_table_names_its_file_as_before(tmp_path):
    (tmp_path / "PMC1__f-genes.tsv").write_bytes(b"word\n\xff\n")
    with pytest.raises(RecordError, match=r"genes table: .*PMC1__f-genes.tsv: not UTF-8 text \(byte 5\)"):
        read._tables("PMC1__f", [tmp_path], "x.md")


# --- TSV rows -------------------------------------------------------------------------------
def plain_split_tsv(text: str) -> tuple[dict[str, str], ...]:
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    if not lines:
        return ()
    header = lines[0].split("\t") if lines[0] else []
    padding = "\t" * (len(header) - 1)
    return tuple(dict(zip(header, (line + padding).split("\t"))) for line in lines[1:] if line)


CELLS = st.sampled_from(["", "a", "TP53", "7157", " x ", "é", "a b", "word"])
ROWS = st.lists(CELLS, max_size=5).map("\t".join)
TABLES = st.lists(ROWS, max_size=6).map("\n".join)


@settings(max_examples=1000, deadline=None)
@given(text=TABLES, end=st.sampled_from(["", "\n", "\n\n"]))
def test_split_tsv_is_the_plain_split(text, end):
    text += end
    got = read.split_tsv(text)
    assert got == plain_split_tsv(text)
    assert [list(row) for row in got] == [list(row) for row in plain_split_tsv(text)]  # the same key order


def test_split_tsv_reads_what_csv_reads():
    text = "a\tb\tc\n1\t2\t3\n\n4\n5\t6\t7\t8\n"
    assert read.split_tsv(text) == read.csv_table(text, "t.tsv") == (
        {"a": "1", "b": "2", "c": "3"}, {"a": "4", "b": "", "c": ""}, {"a": "5", "b": "6", "c": "7"})
