"""Read stage: input paths → ``RawRecord``s (front matter + companion tables).

A user may give figure ``.md`` files, folders (searched recursively), a PFOCR site
checkout (``_figures/`` + ``_data/`` + ``_organisms/``) or ``-`` for one record on
stdin. Scalars are kept as strings: ``normalise`` decides what they mean. Front matter in
the block-style YAML subset PFOCR writes is read by a fast reader of that subset; anything
else goes through PyYAML, which gives every refusal.
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
from pathlib import Path
from typing import IO, Iterable, Iterator

import yaml

from .errors import InputError, RecordError
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
    root = md_path.parent.parent if md_path.parent.name == "_figures" else md_path.parent
    dirs = (md_path.parent, root / "_data", root / "download")
    return tuple(d for d in dict.fromkeys(dirs) if d.is_dir())


def _figure_files(folder: Path) -> Iterator[Path]:
    if is_site_checkout(folder):
        folder = folder / "_figures"
    for path in sorted(folder.rglob("*.md")):
        rel = path.relative_to(folder).parts[:-1]
        if not any(p in _NOT_FIGURES or p.startswith(".") for p in rel):
            yield path


def discover(inputs: Iterable[str]) -> Iterator[Source]:
    """Expand the user's input arguments into record sources, in a stable order."""
    for arg in inputs:
        if arg == "-":
            yield Source("-")
            continue
        path = Path(arg)
        if path.is_dir():
            for md in _figure_files(path):
                yield Source(str(md), _table_dirs_for(md))
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


_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)


def split_front_matter(text: str, path: str) -> str:
    if not text.strip():
        raise RecordError(path, "file", "empty file")
    if not text.startswith("---"):
        raise RecordError(path, "front matter", "file does not start with '---'")
    first_newline = text.find("\n")
    if first_newline < 0 or text[:first_newline].strip() != "---":
        raise RecordError(path, "front matter", "first line is not '---'")
    end = _FENCE.search(text, first_newline + 1)
    if end is None:
        raise RecordError(path, "front matter", "no closing '---'")
    return text[first_newline + 1 : end.start()]


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


# --- fast front matter --------------------------------------------------------------------
# PyYAML builds ~155 Python objects per record through its generic constructor; PFOCR front
# matter only uses block mappings, block sequences and plain or single-quoted scalars. This
# reader handles exactly that subset and declines (returns None) on anything else, so that
# every refusal and its message still comes from the full loader. Whenever it does not
# decline, its result equals the full loader's (tests/test_perf_read_front_matter.py).


class _Decline(Exception):
    """The text uses YAML the fast reader does not handle: the full loader decides."""


# Characters libyaml refuses (non-printable) or treats as line breaks or BOM, and tabs,
# which have their own indentation rules: the full loader handles all of these.
_UNHANDLED_CHARS = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
# A node starting with one of these is an anchor, alias, tag, flow collection, block
# scalar, directive, reserved indicator or a ``-?:`` form the fast reader leaves alone.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# possessive: '' is always an escaped quote, never a closing quote and an opening one
_QUOTED = re.compile(r"'((?:[^']|'')*+)'")
_QUOTED_OPEN = re.compile(r"(?:[^']|'')*+")
_DOUBLE_QUOTED = re.compile(r'"([^"\\]*)" *$')  # without escapes
_MAX_KEY = 1000  # libyaml refuses implicit keys over 1024 characters


class _FastFrontMatter:
    """A recursive reader of the block-style YAML subset, line by line.

    ``contents[i]`` (the line without its indentation, '' when blank) at column ``cols[i]`` is
    the next unread line; a collection at column ``col`` owns the lines at that column until
    one at a smaller column (a line in between is declined). A sentinel at column -1 ends
    every collection."""

    def __init__(self, yaml_text: str):
        lines = yaml_text.split("\n")
        self.contents = [line.lstrip(" ") for line in lines] + ["<end>"]
        self.cols = [len(line) - len(content) for line, content in zip(lines, self.contents)] + [-1]
        self.i = 0

    def document(self) -> dict:
        if self._next_column() != 0:
            raise _Decline
        value = self.mapping(0)
        if self._next_column() != -1:
            raise _Decline
        return value

    def _next_column(self) -> int:
        """Skip blank lines; the column of the next line (-1 at the end)."""
        contents, i = self.contents, self.i
        while not contents[i]:
            i += 1
        self.i = i
        return self.cols[i]

    def mapping(self, col: int) -> dict:
        value: dict = {}
        while True:
            column = self._next_column()
            if column < col:
                return value
            split = _key_split(self.contents[self.i])  # None for a ``- item`` too
            if column > col or split is None:
                raise _Decline
            key, rest = split
            if key in value:
                raise _Decline  # the full loader refuses it, naming both lines
            value[key] = self.value_on_line(rest, col) if rest else self.value_below(col)

    def value_below(self, col: int):
        """The value of a ``key:`` at column ``col`` that ends its line."""
        self.i += 1
        column = self._next_column()
        if column < col:
            return ""
        content = self.contents[self.i]
        is_entry = content.startswith("- ") or content == "-"
        if column == col:
            return self.sequence(col) if is_entry else ""  # ``key:`` then a ``- item`` list
        return self.sequence(column) if is_entry else self.mapping(column)

    def sequence(self, col: int) -> list:
        items = []
        while True:
            column = self._next_column()
            if column < col:
                return items
            content = self.contents[self.i]
            if column > col:
                raise _Decline
            if not content.startswith("- "):
                return items  # the parent mapping's next key, or a line it declines
            rest = content[2:].lstrip(" ")
            if not rest or rest[0] == "-":
                raise _Decline
            # no ``key:`` without a ': ' or a final ':' (the cheap test first: most items are words)
            if (": " not in rest and rest[-1] != ":") or _key_split(rest) is None:
                items.append(self.value_on_line(rest, col))
            else:  # ``- key: value`` opens a mapping at the key's column
                self.contents[self.i] = rest
                self.cols[self.i] = item_col = column + len(content) - len(rest)
                items.append(self.mapping(item_col))

    def value_on_line(self, first: str, indent: int):
        """A scalar (or empty flow collection) starting with ``first`` on line ``i``, in a
        collection at column ``indent``; lines after it belong to it while they are blank or
        indented deeper."""
        if first[0] in _INDICATORS:
            return self._not_plain(first, indent)
        if first[-1] == " ":
            first = first.rstrip(" ")
        if ": " in first or " #" in first or first[-1] == ":":
            raise _Decline
        contents, j = self.contents, self.i + 1
        while not contents[j]:
            j += 1
        if self.cols[j] > indent:
            return self._plain_lines(first, indent)
        self.i += 1  # the common case: one line
        return first

    def _not_plain(self, first: str, indent: int):
        if first[0] == "'":
            return self._single_quoted(first, indent)
        if first[0] == '"':
            return self._double_quoted(first)
        if first.rstrip(" ") in ("[]", "{}"):  # e.g. ``annotations: []``
            self.i += 1
            return [] if first[0] == "[" else {}
        raise _Decline

    def _continuation(self, indent: int) -> list[str]:
        """The deeper-indented lines after line ``i`` ('' for blank ones), ending on the last
        non-blank one; ``i`` moves past them."""
        contents, cols = self.contents, self.cols
        end, j = self.i, self.i + 1
        while not contents[j] or cols[j] > indent:
            if contents[j]:
                end = j
            j += 1
        pieces = contents[self.i + 1 : end + 1]
        self.i = end + 1
        return pieces

    def _plain_lines(self, first: str, indent: int) -> str:
        return _folded(first, [_plain_part(p) if p else p for p in self._continuation(indent)])

    def _double_quoted(self, first: str) -> str:
        match = _DOUBLE_QUOTED.match(first)
        if not match:
            raise _Decline  # escapes, a second line or more after the closing quote
        self.i += 1
        return match.group(1)

    def _single_quoted(self, first: str, indent: int) -> str:
        match = _QUOTED.match(first)
        if match:
            if first[match.end() :].strip(" "):
                raise _Decline  # a comment or more after the closing quote
            self.i += 1
            return match.group(1).replace("''", "'")
        opened = first[1:]
        pieces = self._continuation(indent)
        for n, piece in enumerate(pieces):
            match = _QUOTED_OPEN.match(piece)
            if match.end() < len(piece):  # the closing quote
                if piece[match.end() + 1 :].strip(" ") or n + 1 < len(pieces):
                    raise _Decline
                last = piece[: match.end()]
                middle = [p.strip(" ") for p in pieces[:n]]
                return _folded(opened.rstrip(" "), middle + [last], closing=True).replace("''", "'")
        raise _Decline  # no closing quote


def _plain_part(piece: str) -> str:
    """One line of a plain scalar, declined where a comment or ``key:`` could start."""
    piece = piece.rstrip(" ")
    if ": " in piece or piece.endswith(":") or " #" in piece or piece.startswith("#"):
        raise _Decline
    return piece


def _folded(first: str, pieces: list[str], closing: bool = False) -> str:
    """YAML line folding of a scalar's lines ('' for blank ones): one line break is a space,
    each blank line a newline. ``closing``: the last piece is a quoted scalar's closing line,
    which is joined even when it is empty."""
    parts, breaks = [first], 0
    for n, piece in enumerate(pieces):
        if not piece and not (closing and n == len(pieces) - 1):
            breaks += 1
            continue
        parts.append("\n" * breaks if breaks else " ")
        parts.append(piece)
        breaks = 0
    return "".join(parts)


def _key_split(content: str) -> tuple[str, str] | None:
    """``(key, rest of the line)`` when the line starts with an implicit ``key:``."""
    if content[0] == "'":
        match = _QUOTED.match(content)
        after = content[match.end() :] if match else ""
        if after == ":" or after.startswith(": "):
            return match.group(1).replace("''", "'"), after[2:].lstrip(" ")
        return None
    if content[0] in _INDICATORS:
        return None
    end = content.find(": ")
    if end < 0:
        if not content.endswith(":"):
            return None
        end = len(content) - 1
    key = content[:end]
    if key.endswith(" ") or " #" in key or len(key) > _MAX_KEY:
        return None
    return key, content[end + 2 :].lstrip(" ")


_FAST_MAX_CHARS = 1_000_000  # real front matter is a few kB: a giant one (hostile) goes straight to the full loader


def fast_front_matter(yaml_text: str) -> dict | None:
    """The front matter as the full loader reads it, or None where the fast reader declines."""
    if len(yaml_text) > _FAST_MAX_CHARS or _UNHANDLED_CHARS.search(yaml_text):
        return None
    try:
        return _FastFrontMatter(yaml_text).document()
    except _Decline:
        return None


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
    # padding gives each row at least a field per column, zip drops the fields past them
    padding = "\t" * (len(header) - 1)
    return tuple(dict(zip(header, (line + padding).split("\t"))) for line in lines[1:] if line)


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
    for kind in TABLE_KINDS:
        for folder in table_dirs:
            # a string path (``str(folder / name)``, as no name holds a '/'): no Path made per look-up
            candidate = os.path.join(folder, f"{figid}-{kind}.tsv")
            if _is_file(candidate):
                try:
                    data = _read_bytes(candidate, candidate, "file")
                    tables[kind] = _table_rows(data, candidate)
                except RecordError as exc:
                    raise RecordError(path, f"{kind} table", f"{exc.path}: {exc.reason}") from None
                paths[kind] = candidate
                if len(data) <= MAX_RECORD_BYTES:  # all of the file: the hash need not read it again
                    table_bytes[kind] = data
                break
    return tables, paths, table_bytes


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
        with open(path, "rb") as handle:
            return _read_at_most(handle, MAX_RECORD_BYTES + 1)
    except OSError as exc:
        raise RecordError(name, field, f"unreadable: {exc.strerror or exc}") from None


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
    data = _read_bytes(None if source.path == "-" else Path(source.path), source.path, "file", stdin)
    return data, parse_front_matter(data, source.path)


def with_tables(source: Source, data: bytes, fm: dict) -> RawRecord:
    """The record with its companion tables (second half of ``read_record``)."""
    figid = table_figid(fm, source.path)
    try:
        tables, table_paths, table_bytes = _tables(figid, source.table_dirs, source.path) if figid else ({}, {}, {})
    except OSError as exc:
        raise RecordError(source.path, "companion table", f"unreadable: {exc}") from None
    return RawRecord(source.path, fm, tables, table_paths, _content_hash(data, table_paths, table_bytes))
