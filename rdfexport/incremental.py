"""Incremental export: re-convert only the records whose inputs changed since the last run.

The manifest (JSON, written next to the export) maps each figid to the content hash of
its inputs (``RawRecord.content_hash``: the ``.md`` bytes and its companion tables), the
source file, its notes and where its N-Quads are: a byte range of the single output file,
or its own part file with ``--per-figure``. A later run hashes every input (no YAML
parsing), copies the unchanged figures' bytes from the previous output, converts the
rest (in parallel) and reports figures added, changed and removed. The output is
byte-identical to a full run. A different rdfexport build (any changed source or data
file of the package) or format makes every record count as changed.

N-Quads only: each figure is its own named graph, so figures are independent byte ranges.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import IO, Iterator, Sequence

from . import __version__, iris, parallel, read
from .errors import InputError
from .progress import Progress
from .writers.atomic import atomic_output
from .writers.stats import WriteStats

MANIFEST_VERSION = 1


class ManifestError(InputError):
    """The manifest (or the export it describes) cannot be used."""

    hint = "delete the manifest for a full run"


@dataclass
class Entry:
    figid: str
    source: str
    hash: str
    table_figid: str
    offset: int = 0  # byte range in the single output file (unused with --per-figure)
    length: int = 0
    triples: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class Manifest:
    build: str  # fingerprint of the rdfexport code and data that made the export
    output: str
    per_figure: bool
    figures: dict[str, Entry] = field(default_factory=dict)  # figid -> entry, in output order

    def by_source(self) -> dict[str, Entry]:
        return {e.source: e for e in self.figures.values()}


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0

    def as_dict(self) -> dict:
        return {"added": self.added, "changed": self.changed, "removed": self.removed, "unchanged": self.unchanged}


# --- fingerprints -------------------------------------------------------------------------
def build_fingerprint() -> str:
    """Hash of the package's own files: a code or lexicon change invalidates old outputs."""
    digest = hashlib.sha256(__version__.encode())
    root = resources.files("rdfexport")
    for path in sorted(Path(str(root)).rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(str(path.relative_to(str(root))).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def input_hash(source: read.Source, table_figid: str) -> str:
    """``RawRecord.content_hash`` of a source, without parsing it (tables found as ``read`` does)."""
    data = Path(source.path).read_bytes()
    tables = {}
    for kind in read.TABLE_KINDS:
        found = next((d / f"{table_figid}-{kind}.tsv" for d in source.table_dirs
                      if (d / f"{table_figid}-{kind}.tsv").is_file()), None)
        if found is not None:
            tables[kind] = str(found)
    return read._content_hash(data, tables)  # noqa: SLF001 - the one definition of the hash


# --- the manifest file --------------------------------------------------------------------
def load_manifest(path: str) -> Manifest | None:
    if not Path(path).is_file():
        return None
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("manifest") != MANIFEST_VERSION:
            return None
        figures = {figid: Entry(figid=figid, **entry) for figid, entry in data["figures"].items()}
        return Manifest(data["build"], data["output"], data["per_figure"], figures)
    except (ValueError, KeyError, TypeError) as exc:
        raise ManifestError(f"{path}: not an rdfexport manifest ({exc})") from None


def save_manifest(manifest: Manifest, path: str) -> None:
    figures = {}
    for figid, e in manifest.figures.items():
        entry = dict(vars(e))
        entry.pop("figid")
        figures[figid] = entry
    data = {"manifest": MANIFEST_VERSION, "build": manifest.build, "output": manifest.output,
            "per_figure": manifest.per_figure, "format": "nq", "figures": figures}
    with atomic_output(path) as handle:
        handle.write(json.dumps(data, indent=0, sort_keys=False, ensure_ascii=False).encode())


# --- the run ------------------------------------------------------------------------------
def _usable(old: Manifest | None, output: str, per_figure: bool, build: str) -> Manifest | None:
    if old is None or old.build != build or old.per_figure != per_figure or old.output != output:
        return None
    return old if Path(output).exists() else None


def _plan(sources: list[read.Source], old: Manifest | None) -> list[Entry | read.Source]:
    """Each source: its previous entry when its inputs are unchanged, else the source to convert."""
    previous = old.by_source() if old else {}
    plan: list[Entry | read.Source] = []
    for source in sources:
        entry = previous.get(source.path)
        try:
            same = entry is not None and input_hash(source, entry.table_figid) == entry.hash
        except OSError:
            same = False  # unreadable now: convert it, and let read refuse it by name
        plan.append(entry if same else source)
    return plan


def _copy_range(src: IO[bytes], dst: IO[bytes], offset: int, length: int) -> None:
    dst.flush()
    done = 0
    while done < length:
        try:
            n = os.copy_file_range(src.fileno(), dst.fileno(), length - done, offset + done)
        except (AttributeError, OSError):
            src.seek(offset + done)
            dst.write(src.read(length - done))
            return
        if n == 0:
            raise ManifestError("the previous output is shorter than its manifest says")
        done += n


class _Output:
    """Where figures go: one N-Quads file (offsets recorded) or one part file per figure."""

    def __init__(self, output: str, per_figure: bool, old: Manifest | None, handle: IO[bytes] | None):
        self.output, self.per_figure, self.handle = output, per_figure, handle
        self.old_file = open(old.output, "rb") if old and not per_figure else None  # noqa: SIM115
        self.stats = WriteStats()

    def part(self, figid: str) -> Path:
        return Path(self.output) / f"{iris.segment(figid)}.nq"

    def reuse(self, entry: Entry) -> Entry:
        if not self.per_figure:
            offset = self.handle.tell()
            _copy_range(self.old_file, self.handle, entry.offset, entry.length)
            self.handle.seek(offset + entry.length)
            entry = Entry(**{**vars(entry), "offset": offset})
        return self._count(entry)

    def write(self, outcome: parallel.Outcome) -> Entry:
        entry = Entry(outcome.figid, outcome.source_path, outcome.content_hash, outcome.table_figid,
                      0, len(outcome.rdf), outcome.triples, list(outcome.notes))
        if self.per_figure:
            with atomic_output(self.part(outcome.figid)) as part:
                part.write(outcome.rdf)
        else:
            entry.offset = self.handle.tell()
            self.handle.write(outcome.rdf)
        return self._count(entry)

    def _count(self, entry: Entry) -> Entry:
        self.stats.figures += 1
        self.stats.triples += entry.triples
        return entry

    def close(self) -> None:
        if self.old_file:
            self.old_file.close()


def _reused_outcome(entry: Entry) -> parallel.Outcome:
    """An unchanged figure as the ledger sees it (its notes from the manifest)."""
    return parallel.Outcome(entry.source, entry.table_figid, entry.figid, triples=entry.triples,
                            figure_path=entry.source, notes=tuple(entry.notes))


def _merged(plan: list, task: parallel.Task, jobs: int, validator) -> Iterator[tuple[Entry | None, parallel.Outcome]]:
    """The plan in order: reused entries as they are, the rest converted by the pool."""
    converted = parallel.outcomes((s for s in plan if isinstance(s, read.Source)), task, jobs, validator)
    for item in plan:
        if isinstance(item, Entry):
            yield item, _reused_outcome(item)
        else:
            yield None, next(converted)


def convert(inputs: Sequence[str], output: str, manifest_path: str, *, per_figure: bool, jobs: int,
            summary, progress: Progress | None = None, validator=None) -> tuple[WriteStats, Changes]:
    """Update an N-Quads export (file, or folder with ``per_figure``) and its manifest.

    With a ``validator`` only the re-converted figures are validated (the others were
    when they were converted).
    """
    if validator is not None:
        from .validate import Report

        summary.validation = Report()
    build = build_fingerprint()
    previous = load_manifest(manifest_path)
    old = _usable(previous, output, per_figure, build)  # None: every record is converted
    ledger = parallel.Ledger(summary, progress)
    sources = [ledger.source(s) for s in read.discover(inputs)]
    plan = _plan(sources, old)
    task = parallel.Task(tuple(sorted(read.read_organism_pages(read.site_roots(inputs)).items())), nquads=True)
    new = Manifest(build, output, per_figure)
    if per_figure:
        Path(output).mkdir(parents=True, exist_ok=True)
        out = _Output(output, True, old, None)
        _fill(new, out, plan, task, jobs, ledger, validator)
    else:
        with atomic_output(output) as handle:
            out = _Output(output, False, old, handle)
            try:
                _fill(new, out, plan, task, jobs, ledger, validator)
            finally:
                out.close()
    ledger.finish()
    changes = _changes(previous, new, plan)
    if per_figure and previous and previous.output == output:
        _remove_parts(previous, new, out)
    save_manifest(new, manifest_path)
    return out.stats, changes


def _fill(new: Manifest, out: _Output, plan: list, task: parallel.Task, jobs: int, ledger: parallel.Ledger,
          validator) -> None:
    for entry, outcome in _merged(plan, task, jobs, validator):
        if not ledger.account(outcome):
            continue
        new.figures[outcome.figid] = out.reuse(entry) if entry else out.write(outcome)


def _changes(old: Manifest | None, new: Manifest, plan: list) -> Changes:
    before = old.figures if old else {}
    reused = {e.figid for e in plan if isinstance(e, Entry)}
    changes = Changes(unchanged=sum(1 for f in new.figures if f in reused))
    changes.added = [f for f in new.figures if f not in before]
    changes.changed = [f for f in new.figures if f in before and f not in reused]
    changes.removed = [f for f in before if f not in new.figures]
    return changes


def _remove_parts(old: Manifest, new: Manifest, out: _Output) -> None:
    """Part files of figures that are gone, unless a kept figure now owns that file name."""
    kept = {out.part(f) for f in new.figures}
    for figid in old.figures:
        part = out.part(figid)
        if figid not in new.figures and part not in kept:
            part.unlink(missing_ok=True)
