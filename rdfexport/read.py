"""Read stage: input paths → ``RawRecord``s (front matter + companion tables).

A user may give figure ``.md`` files, folders (searched recursively), a PFOCR site
checkout (``_figures/`` + ``_data/`` + ``_organisms/``) or ``-`` for one record on
stdin. Scalars are kept as strings: ``normalise`` decides what they mean. Front matter in
the block-style YAML subset PFOCR writes is read by a fast reader of that subset
(``frontmatter``); anything else goes through PyYAML, which gives every refusal.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import os
import re
import stat
import sys
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path, PurePosixPath
from typing import IO, Iterable, Iterator

import yaml

from .errors import InputError, RecordError
from .frontmatter import fast_front_matter
from .records import RawRecord

TABLE_KINDS = ("genes", "chemicals", "diseases")
# Jekyll folders that hold no figure records
_NOT_FIGURES = {"_organisms", "_layouts", "_includes", "_posts", "_site", "_sass", "node_modules"}
MAX_RECORD_BYTES = 64 * 1024 * 1024

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DuplicateKeyError(yaml.constructor.ConstructorError):
    """A mapping states the same key twice (PyYAML would silently keep the last)."""

    def __init__(self, key: str, first: yaml.Mark, again: yaml.Mark):
        super().__init__(problem=f"duplicate key (lines {first.line + 2} and {again.line + 2})", problem_mark=again)
        self.key = key


class StringLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe YAML loader that keeps every scalar a string (``NO``, ``ON``, ``1e5`` stay text)
    and refuses duplicate keys."""

    yaml_implicit_resolvers: dict = {}

    def construct_mapping(self, node, deep=False):
        seen: dict = {}
        for key_node, _ in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is not None and key in seen:
                raise DuplicateKeyError(str(key), seen[key], key_node.start_mark)
            seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep=deep)


@dataclass(frozen=True)
class Source:
    """One figure record file to read, and where its companion tables may be."""

    path: str  # '-' for stdin
    table_dirs: tuple[Path, ...] = ()


# --- discovery ----------------------------------------------------------------------------
def is_site_checkout(folder: Path) -> bool:
    return (folder / "_figures").is_dir()


def _table_dirs_for(md_path: Path) -> tuple[Path, ...]:
    return _table_dirs_in(md_path.parent)


def _table_dirs_in(folder: Path) -> tuple[Path, ...]:
    """Where the tables of the records in ``folder`` may be: beside them, or the site's ``_data``/``download``."""
    root = folder.parent if folder.name == "_figures" else folder
    dirs = (folder, root / "_data", root / "download")
    return tuple(d for d in dict.fromkeys(dirs) if d.is_dir())


def _figure_files(folder: Path) -> Iterator[Path]:
    if is_site_checkout(folder):
        folder = folder / "_figures"
    depth = len(folder.parts)
    for path in sorted(folder.rglob("*.md"), key=_path_order):
        rel = path.parts[depth:-1]  # ``path.relative_to(folder).parts[:-1]``: rglob's paths start with folder's parts
        if not any(p in _NOT_FIGURES or p.startswith(".") for p in rel):
            yield path


def _path_order(path: Path) -> tuple[str, ...]:
    """The order ``sorted`` gives paths (by their parts; case-folded on Windows), without
    ``Path.__lt__``, a Python call per comparison: a 91k-record site costs a million of them."""
    return path.parts if isinstance(path, PurePosixPath) else tuple(part.lower() for part in path.parts)


def discover(inputs: Iterable[str]) -> Iterator[Source]:
    """Expand the user's input arguments into record sources, in a stable order."""
    table_dirs: dict[Path, tuple[Path, ...]] = {}  # a folder's records share their table folders: looked up once
    for arg in inputs:
        if arg == "-":
            yield Source("-")
            continue
        path = Path(arg)
        if path.is_dir():
            for md in _figure_files(path):
                folder = md.parent
                if folder not in table_dirs:
                    table_dirs[folder] = _table_dirs_in(folder)
                yield Source(str(md), table_dirs[folder])
        elif path.is_file():
            yield Source(str(path), _table_dirs_for(path))
        else:
            raise InputError(f"{arg}: no such file or folder")


def site_roots(inputs: Iterable[str]) -> list[Path]:
    """Site checkouts among the inputs (a folder with ``_figures/``, or the parent of one)."""
    roots = []
    for arg in inputs:
        path = Path(arg)
        if path.is_dir() and is_site_checkout(path):
            roots.append(path)
        elif path.is_dir() and path.name == "_figures":
            roots.append(path.parent)
    return roots


def read_organism_pages(roots: Iterable[Path]) -> dict[str, str]:
    """A site's ``_organisms/*.md`` pages as name → NCBI taxid (latin, title and common names)."""
    table: dict[str, str] = {}
    for root in roots:
        for page in sorted((root / "_organisms").glob("*.md")):
            try:
                fm = parse_front_matter(page.read_bytes(), str(page))
            except RecordError:
                continue  # a broken organism page only loses its extension of the table
            taxid = str(fm.get("ncbi", "")).strip()
            for key in ("latin", "title", "common"):
                name = fm.get(key)
                if isinstance(name, str) and name.strip() and taxid.isascii() and taxid.isdigit():
                    table[name.strip()] = taxid
    return table


# --- one record ---------------------------------------------------------------------------
def decode(data: bytes, path: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RecordError(path, "file", f"not UTF-8 text (byte {exc.start})") from None
    if "\x00" in text:
        raise RecordError(path, "file", "binary content (NUL byte)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# the closing fence with the line break before it: a literal first character lets the regex
# engine jump from line break to line break (a leading ``^`` tries every character)
_FENCE = re.compile(r"\n(?:---|\.\.\.)[ \t]*$", re.M)


def split_front_matter(text: str, path: str) -> str:
    if not text.strip():
        raise RecordError(path, "file", "empty file")
    if not text.startswith("---"):
        raise RecordError(path, "front matter", "file does not start with '---'")
    first_newline = text.find("\n")
    if first_newline < 0 or text[:first_newline].strip() != "---":
        raise RecordError(path, "front matter", "first line is not '---'")
    end = _FENCE.search(text, first_newline)
    if end is None:
        raise RecordError(path, "front matter", "no closing '---'")
    return text[first_newline + 1 : end.start() + 1]


_ALIAS = re.compile(r"(?:^|[\s\[{,:])[&*][^\s\[\]{},]")


def _refuse_aliases(yaml_text: str, path: str) -> None:
    """Anchors/aliases have no use in PFOCR records and enable billion-laughs expansion."""
    if not _ALIAS.search(yaml_text):
        return
    for event in yaml.parse(yaml_text, Loader=StringLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise RecordError(path, "front matter", "YAML anchors/aliases are not allowed")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _refuse_surrogates(value, path: str, field: str = "front matter") -> None:
    """A ``"\\ud800"`` escape gives a lone surrogate: no UTF-8, no RDF literal can hold it."""
    if isinstance(value, str):
        if _SURROGATE.search(value):
            raise RecordError(path, field, "not valid Unicode (lone surrogate escape)")
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_surrogates(key, path, field)
            _refuse_surrogates(item, path, str(key) if field == "front matter" else field)
    elif isinstance(value, list):
        for item in value:
            _refuse_surrogates(item, path, field)


def parse_front_matter(data: bytes, path: str) -> dict:
    if len(data) > MAX_RECORD_BYTES:
        raise RecordError(path, "file", f"larger than {MAX_RECORD_BYTES // 2**20} MiB")
    yaml_text = split_front_matter(decode(data, path), path)
    # no anchors, aliases or escapes there: nothing for the checks of the full loader to refuse
    value = fast_front_matter(yaml_text)
    return value if value is not None else load_front_matter(yaml_text, path)


def load_front_matter(yaml_text: str, path: str) -> dict:
    """The front matter through the full YAML loader, which refuses what PFOCR records must not hold."""
    try:
        _refuse_aliases(yaml_text, path)
        value = yaml.load(yaml_text, Loader=StringLoader)
    except DuplicateKeyError as exc:
        raise RecordError(path, exc.key, exc.problem) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RecordError(path, "front matter", f"invalid YAML{where}: {problem}") from None
    if not isinstance(value, dict):
        kind = "empty" if value is None else type(value).__name__
        raise RecordError(path, "front matter", f"is {kind}, not a mapping of fields")
    _refuse_surrogates(value, path)
    return value


def read_table(path: Path) -> tuple[dict[str, str], ...]:
    """A companion TSV as rows; raises ``RecordError`` naming the table file."""
    return _table_rows(_read_bytes(path, str(path), "file"), path)


def _table_rows(data: bytes, path: Path | str) -> tuple[dict[str, str], ...]:
    text = decode(data, str(path))
    if len(text) <= csv.field_size_limit():  # no field can pass csv's limit, nothing for csv to refuse
        return split_tsv(text)
    return csv_table(text, path)


def csv_table(text: str, path: Path | str) -> tuple[dict[str, str], ...]:
    """A table's rows by ``csv.DictReader``, which refuses fields over its size limit."""
    reader = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    try:
        return tuple({k: (v or "") for k, v in row.items() if k is not None} for row in reader)
    except csv.Error as exc:  # e.g. a field over csv's 128 KiB limit
        raise RecordError(str(path), "file", f"not a readable TSV table (line {reader.line_num}): {exc}") from None


def split_tsv(text: str) -> tuple[dict[str, str], ...]:
    """The rows ``csv.DictReader`` reads from a ``decode``d table (tab-separated, no quoting,
    blank lines skipped, missing fields '' and extra ones dropped), by ``str.split``."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the last line break ends a row, it opens none
    if not lines:
        return ()
    header = lines[0].split("\t") if lines[0] else []
    width = len(header)
    # by ``map``: each row's split, pairing and dict made in C, not in a Python step per row
    rows = list(map(str.split, filter(None, lines[1:]), repeat("\t")))
    if rows and min(map(len, rows)) < width:  # a short row's missing fields are ''
        rows = [row + [""] * (width - len(row)) for row in rows]
    return tuple(map(dict, map(zip, repeat(header), rows)))  # zip drops the fields past the columns


# what ``Path.is_file`` takes for 'not a file' rather than an error
_NOT_THERE = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)


def _is_file(path: str) -> bool:
    """``Path(path).is_file()`` without making a Path: six look-ups a record, most of them misses."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError as exc:
        if exc.errno in _NOT_THERE:
            return False
        raise
    except ValueError:
        return False


def _tables(figid: str, table_dirs: Iterable[Path], path: str) -> tuple[dict, dict, dict]:
    """Tables, their paths and the bytes read of them (for the content hash), by kind."""
    tables, paths, table_bytes = {}, {}, {}
    folders = [os.fspath(folder) for folder in table_dirs]
    for kind in TABLE_KINDS:
        for folder in folders:
            # a string path (``str(folder / name)``, as no name holds a '/'): no Path made per look-up
            candidate = os.path.join(folder, f"{figid}-{kind}.tsv")
            try:
                data = _table_bytes(candidate)
                if data is None:
                    continue
                tables[kind] = _table_rows(data, candidate)
            except RecordError as exc:
                raise RecordError(path, f"{kind} table", f"{exc.path}: {exc.reason}") from None
            paths[kind] = candidate
            if len(data) <= MAX_RECORD_BYTES:  # all of the file: the hash need not read it again
                table_bytes[kind] = data
            break
    return tables, paths, table_bytes


# Opening without blocking: a FIFO is opened (and then passed over, as no regular file), not
# waited on; reads of a regular file are the same with or without it.
_OPEN_TABLE = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)


def _table_bytes(candidate: str) -> bytes | None:
    """The bytes of the table file ``candidate``; None when it is no regular file
    (``_is_file``). Opened first, its kind asked of the open file: a miss costs one system
    call, as asking first did, and a table three fewer. Any failure other than 'not there'
    is left to the stat-first way, which names it as it always did."""
    try:
        fd = os.open(candidate, _OPEN_TABLE)
    except OSError as exc:
        if exc.errno in _NOT_THERE:
            return None
        return _read_bytes(candidate, candidate, "file") if _is_file(candidate) else None
    except ValueError:  # a NUL in the path: no such file
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        return _read_open(fd, info, MAX_RECORD_BYTES + 1)
    except OSError as exc:
        raise RecordError(candidate, "file", f"unreadable: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def orphan_tables(table_dirs: Iterable[Path], figids: set[str]) -> list[tuple[str, str]]:
    """Companion tables in ``table_dirs`` whose figid names no record read: ``(path, figid)``."""
    orphans = []
    for folder in sorted(set(table_dirs)):
        for table in sorted(folder.glob("*.tsv")):
            figid, _, kind = table.name[: -len(".tsv")].rpartition("-")
            if kind in TABLE_KINDS and figid and figid not in figids:
                orphans.append((str(table), figid))
    return orphans


def _content_hash(data: bytes, table_paths: dict[str, str], table_bytes: dict[str, bytes] | None = None) -> str:
    digest = hashlib.sha256(data)
    for kind in sorted(table_paths):
        digest.update(kind.encode())
        known = table_bytes.get(kind) if table_bytes else None
        digest.update(known if known is not None else Path(table_paths[kind]).read_bytes())
    return digest.hexdigest()


_FILE_NAME_PART = re.compile(r"[^/\\\x00-\x1f\x7f]{1,200}")


def table_figid(fm: dict, path: str) -> str:
    """The figid that names the companion tables; the file's stem when it is no safe file name part."""
    figid = fm.get("figid")
    if isinstance(figid, str) and _FILE_NAME_PART.fullmatch(figid.strip()) and figid.strip() not in {".", ".."}:
        return figid.strip()
    return Path(path).stem if path != "-" else ""


def _read_bytes(path: Path | str | None, name: str, field: str, stdin: IO[bytes] | None = None) -> bytes:
    """At most ``MAX_RECORD_BYTES`` + 1 bytes: a huge file is refused without filling memory."""
    try:
        if path is None:
            return (stdin or sys.stdin.buffer).read(MAX_RECORD_BYTES + 1)
        fd = os.open(path, os.O_RDONLY)  # a file object would add three system calls and a buffer
        try:
            return _read_open(fd, os.fstat(fd), MAX_RECORD_BYTES + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        raise RecordError(name, field, f"unreadable: {exc.strerror or exc}") from None


def _read_open(fd: int, info: os.stat_result, limit: int) -> bytes:
    """At most ``limit`` bytes of the open file ``fd`` (``info``: its ``fstat``), as
    ``_read_at_most`` reads them, in one read for a regular file: a read short of its size
    plus one is at the file's end, where a file object would read again to be told so."""
    want = min(limit, info.st_size + 1)
    data = os.read(fd, want)
    if len(data) < want and stat.S_ISREG(info.st_mode):
        return data
    with open(fd, "rb", closefd=False) as handle:  # a pipe, a device, or a file that grew
        rest = handle.read(limit - len(data)) if len(data) < limit else b""
    return data + rest


def _read_at_most(handle: IO[bytes], limit: int) -> bytes:
    """``handle.read(limit)``, asking first for the file's size and one byte more: a read of
    ``limit`` bytes allocates them all before the file's few kB arrive, costing more than the
    read. A file that grew, or has no size (a pipe, a device), is read on to ``limit``."""
    size = os.fstat(handle.fileno()).st_size
    want = min(limit, size + 1)
    data = handle.read(want)
    if len(data) == want < limit:  # not at its end yet
        data += handle.read(limit - want)
    return data


def read_record(source: Source, stdin: IO[bytes] | None = None) -> RawRecord:
    """One source → ``RawRecord``; raises ``RecordError`` naming the file and field."""
    data, fm = read_front_matter(source, stdin)
    return with_tables(source, data, fm)


def read_front_matter(source: Source, stdin: IO[bytes] | None = None) -> tuple[bytes, dict]:
    """The file's bytes and its parsed front matter (first half of ``read_record``)."""
    data = _read_bytes(None if source.path == "-" else source.path, source.path, "file", stdin)  # open(str): no Path made
    return data, parse_front_matter(data, source.path)


def with_tables(source: Source, data: bytes, fm: dict) -> RawRecord:
    """The record with its companion tables (second half of ``read_record``)."""
    figid = table_figid(fm, source.path)
    try:
        tables, table_paths, table_bytes = _tables(figid, source.table_dirs, source.path) if figid else ({}, {}, {})
    except OSError as exc:
        raise RecordError(source.path, "companion table", f"unreadable: {exc}") from None
    return RawRecord(source.path, fm, tables, table_paths, _content_hash(data, table_paths, table_bytes))
