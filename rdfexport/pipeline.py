"""The only module that knows the stage order: read → normalise → ground → mine → map → write.

The CLI and library users both call ``convert`` (or ``figures`` for the stream of
records). Every input record is accounted for in the ``Summary``: converted, or
refused with the file, field and reason.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Iterable, Iterator

from pyoxigraph import Triple

from . import read
from .errors import InputError, RecordError
from .ground import TaxonTable, ground_figure
from .iris import IriError, segment
from .map import map_figure
from .mine import mine_figure
from .normalise import normalise_record
from .progress import Progress
from .records import Figure, Refusal
from .writers import FORMATS, Format, writer_for
from .writers.atomic import atomic_output
from .writers.stats import WriteStats


@dataclass
class Summary:
    """What happened to every input record."""

    read: int = 0
    converted: int = 0
    refused: list[Refusal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # fields dropped, unknown organisms, ...
    triples: int = 0
    outputs: list[str] = field(default_factory=list)

    def refuse(self, refusal: Refusal) -> None:
        self.refused.append(refusal)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["refused"] = [asdict(r) for r in self.refused]
        return data

    def report_lines(self, verbose: bool = False) -> list[str]:
        lines = [f"refused: {r}" for r in self.refused]
        if verbose:
            lines += [f"note: {n}" for n in self.notes]
        elif self.notes:
            lines.append(f"notes: {len(self.notes)} (fields left out, names kept as text); --verbose lists them")
        lines.append(
            f"records read: {self.read}, converted: {self.converted}, refused: {len(self.refused)}; "
            f"triples written: {self.triples}"
        )
        return lines


def figures(inputs: Iterable[str], summary: Summary, stdin: IO[bytes] | None = None) -> Iterator[Figure]:
    """Read, normalise, ground and mine every record; refusals go to ``summary``."""
    inputs = list(inputs)
    taxa = TaxonTable(read.read_organism_pages(read.site_roots(inputs)))
    seen: dict[str, str] = {}
    for source in read.discover(inputs):
        summary.read += 1
        try:
            fig = normalise_record(read.read_record(source, stdin))
        except RecordError as exc:
            summary.refuse(Refusal(exc.path, exc.field, exc.reason))
            continue
        if fig.figid in seen:
            summary.refuse(Refusal(fig.source_path, "figid", f"duplicate of {seen[fig.figid]} (kept that one)", fig.figid))
            continue
        seen[fig.figid] = fig.source_path
        fig = mine_figure(ground_figure(fig, taxa))
        summary.notes.extend(f"{fig.source_path}: {note}" for note in fig.notes)
        yield fig


def mapped(figs: Iterable[Figure], summary: Summary, progress: Progress | None = None) -> Iterator[tuple[Figure, list[Triple]]]:
    for fig in figs:
        try:
            triples = map_figure(fig)
        except IriError as exc:
            summary.refuse(Refusal(fig.source_path, "identifier", str(exc), fig.figid))
            continue
        summary.converted += 1
        if progress:
            progress.step()
        yield fig, triples


def resolve_format(output: str | None, fmt_name: str | None) -> Format:
    if fmt_name:
        return FORMATS[fmt_name]
    guessed = next((f for f in FORMATS.values() if output and output.endswith(f.extension)), None)
    return guessed or FORMATS["ttl"]


def write_single(items: Iterable[tuple[Figure, list[Triple]]], output: str, fmt: Format) -> WriteStats:
    stats = WriteStats()
    with atomic_output(output) as handle:
        writer_for(fmt)(items, handle, stats, fmt)
    return stats


def write_per_figure(items: Iterable[tuple[Figure, list[Triple]]], folder: str, fmt: Format) -> WriteStats:
    stats = WriteStats()
    write = writer_for(fmt)
    for fig, triples in items:
        with atomic_output(Path(folder) / f"{segment(fig.figid)}{fmt.extension}") as handle:
            write([(fig, triples)], handle, stats, fmt)
    return stats


def convert(
    inputs: Iterable[str],
    output: str,
    fmt: Format,
    *,
    per_figure: bool = False,
    stdin: IO[bytes] | None = None,
    progress: Progress | None = None,
) -> Summary:
    """Convert records to one RDF file (or one file per figure in a folder)."""
    inputs = list(inputs)
    if not inputs:
        raise InputError("no input given")
    summary = Summary()
    items = mapped(figures(inputs, summary, stdin), summary, progress)
    stats = (write_per_figure if per_figure else write_single)(items, output, fmt)
    if progress:
        progress.done()
    summary.triples = stats.triples
    summary.outputs.append(output)
    return summary


def summary_json(summary: Summary) -> str:
    return json.dumps(summary.as_dict(), indent=2, sort_keys=True)
