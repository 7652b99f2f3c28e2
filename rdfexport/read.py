"""Read stage: input paths → ``RawRecord``s (front matter + companion tables).

A user may give figure ``.md`` files, folders (searched recursively), a PFOCR site
checkout (``_figures/`` + ``_data/`` + ``_organisms/``) or ``-`` for one record on
stdin. Scalars are kept as strings: ``normalise`` decides what they mean.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import yaml

from .errors import InputError, RecordError
from .records import RawRecord

TABLE_KINDS = ("genes", "chemicals", "diseases")
# Jekyll folders that hold no figure records
_NOT_FIGURES = {"_organisms", "_layouts", "_includes", "_posts", "_site", "_sass", "node_modules"}
MAX_RECORD_BYTES = 64 * 1024 * 1024

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StringLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe YAML loader that keeps every scalar a string (``NO``, ``ON``, ``1e5`` stay text)."""

    yaml_implicit_resolvers: dict = {}


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
                if isinstance(name, str) and name.strip() and taxid.isdigit():
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


def parse_front_matter(data: bytes, path: str) -> dict:
    if len(data) > MAX_RECORD_BYTES:
        raise RecordError(path, "file", f"larger than {MAX_RECORD_BYTES // 2**20} MiB")
    yaml_text = split_front_matter(decode(data, path), path)
    _refuse_aliases(yaml_text, path)
    try:
        value = yaml.load(yaml_text, Loader=StringLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RecordError(path, "front matter", f"invalid YAML{where}: {problem}") from None
    if not isinstance(value, dict):
        kind = "empty" if value is None else type(value).__name__
        raise RecordError(path, "front matter", f"is {kind}, not a mapping of fields")
    return value


def read_table(path: Path) -> tuple[dict[str, str], ...]:
    text = decode(path.read_bytes(), str(path))
    reader = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    return tuple({k: (v or "") for k, v in row.items() if k is not None} for row in reader)


def _tables(figid: str, table_dirs: Iterable[Path]) -> tuple[dict, dict]:
    tables, paths = {}, {}
    for kind in TABLE_KINDS:
        for folder in table_dirs:
            candidate = folder / f"{figid}-{kind}.tsv"
            if candidate.is_file():
                tables[kind] = read_table(candidate)
                paths[kind] = str(candidate)
                break
    return tables, paths


def _content_hash(data: bytes, table_paths: dict[str, str]) -> str:
    digest = hashlib.sha256(data)
    for kind in sorted(table_paths):
        digest.update(kind.encode())
        digest.update(Path(table_paths[kind]).read_bytes())
    return digest.hexdigest()


def _figid_for_tables(fm: dict, path: str) -> str:
    figid = fm.get("figid")
    if isinstance(figid, str) and figid.strip() and "/" not in figid and "\\" not in figid:
        return figid.strip()
    return Path(path).stem if path != "-" else ""


def read_record(source: Source, stdin: io.BufferedReader | None = None) -> RawRecord:
    """One source → ``RawRecord``; raises ``RecordError`` naming the file and field."""
    try:
        data = (stdin or sys.stdin.buffer).read() if source.path == "-" else Path(source.path).read_bytes()
    except OSError as exc:
        raise RecordError(source.path, "file", f"unreadable: {exc.strerror or exc}") from None
    fm = parse_front_matter(data, source.path)
    figid = _figid_for_tables(fm, source.path)
    try:
        tables, table_paths = _tables(figid, source.table_dirs) if figid else ({}, {})
    except OSError as exc:
        raise RecordError(source.path, "companion table", f"unreadable: {exc}") from None
    return RawRecord(source.path, fm, tables, table_paths, _content_hash(data, table_paths))
