"""The only module that knows the stage order: read → normalise → ground → mine → map → write.

The CLI and library users both call ``convert`` (or ``figures`` for the stream of
records). Every input record is accounted for in the ``Summary``: converted, or
refused with the file, field and reason.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import IO, Iterable, Iterator

from pyoxigraph import NamedNode, Triple

from . import iris, read
from .errors import InputError, RecordError
from .ground import TaxonTable, ground_figure
from .iris import IriError, segment
from .map import map_figure
from .mine import mine_figure
from .normalise import normalise_record
from .progress import Progress
from .records import Figure, Refusal
from .writers import FORMATS, Format, format_for_path, writer_for
from .writers.atomic import KeepOldFile, atomic_output
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
    unused_tables: list[str] = field(default_factory=list)  # companion tables no record read names
    validation: object = None  # a validate.Report when convert --validate (see validated())
    changes: dict | None = None  # --incremental: figids added, changed, removed; unchanged count

    def refuse(self, refusal: Refusal) -> None:
        self.refused.append(refusal)

    def as_dict(self) -> dict:
        data = asdict(replace(self, validation=None))  # the report is summarised below
        data["refused"] = [asdict(r) for r in self.refused]
        report = data.pop("validation") or self.validation
        if report is not None:
            data["validation"] = {"violations": report.violations, "warnings": report.warnings,
                                  "figures": len(report.figures), "conforming_figures": report.conforming_figures()}
        return data

    def report_lines(self, verbose: bool = False) -> list[str]:
        lines = [_one_line(f"refused: {r}") for r in self.refused]
        lines += [_one_line(f"unused table: {t}") for t in self.unused_tables]
        if verbose:
            lines += [_one_line(f"note: {n}") for n in self.notes]
        elif self.notes:
            lines.append(f"notes: {len(self.notes)} (fields left out, names kept as text); --verbose lists them")
        lines.append(
            f"records read: {self.read}, converted: {self.converted}, refused: {len(self.refused)}; "
            f"triples written: {self.triples}"
        )
        if self.validation is not None:
            lines.append(f"validation: {self.validation.summary_line()}")
        if self.changes is not None:
            c = self.changes
            lines.append(f"incremental: {len(c['added'])} added, {len(c['changed'])} changed, "
                         f"{len(c['removed'])} removed, {c['unchanged']} unchanged (copied)")
        return lines


def _one_line(message: str) -> str:
    """One terminal line whatever a file name or value holds: control characters escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)


def figures(inputs: Iterable[str], summary: Summary, stdin: IO[bytes] | None = None) -> Iterator[Figure]:
    """Read, normalise, ground and mine every record; refusals go to ``summary``."""
    inputs = list(inputs)
    taxa = TaxonTable(read.read_organism_pages(read.site_roots(inputs)))
    seen: dict[str, str] = {}
    table_dirs: set[Path] = set()
    named: set[str] = set()  # figids (and file stems) a companion table may belong to
    for source in read.discover(inputs):
        summary.read += 1
        table_dirs.update(source.table_dirs)
        named.add(Path(source.path).stem)
        try:
            fig = _prepared(source, taxa, seen, named, stdin)
        except RecordError as exc:
            summary.refuse(Refusal(exc.path, exc.field, exc.reason))
            continue
        except Exception as exc:  # a bug must not stop a 91k-figure run: refuse the record, name it
            summary.refuse(unexpected_refusal(source.path, exc))
            continue
        summary.notes.extend(f"{fig.source_path}: {note}" for note in fig.notes)
        yield fig
    report_unused_tables(summary, table_dirs, named)


def unexpected_refusal(path: str, exc: Exception, figid: str | None = None) -> Refusal:
    """A bug met in one record refuses that record, named, instead of stopping the run."""
    return Refusal(path, "record", f"unexpected {type(exc).__name__}: {exc} (please report)", figid)


def _prepared(source: read.Source, taxa: TaxonTable, seen: dict[str, str], named: set[str],
              stdin: IO[bytes] | None) -> Figure:
    """One source read, normalised, grounded and mined; ``RecordError`` when refused."""
    data, front_matter = read.read_front_matter(source, stdin)
    named.add(read.table_figid(front_matter, source.path))
    fig = normalised(source, data, front_matter)
    if fig.figid in seen:
        raise RecordError(fig.source_path, "figid", f"duplicate of {seen[fig.figid]} (kept that one)")
    seen[fig.figid] = fig.source_path
    return enriched(fig, taxa)


# The per-record stages, shared with the parallel worker (``parallel.convert_record``).
def normalised(source: read.Source, data: bytes, front_matter: dict) -> Figure:
    return normalise_record(read.with_tables(source, data, front_matter))


def enriched(fig: Figure, taxa: TaxonTable) -> Figure:
    return mine_figure(ground_figure(fig, taxa))


def report_unused_tables(summary: Summary, table_dirs: set[Path], named: set[str]) -> None:
    for path, figid in read.orphan_tables(table_dirs, named):
        summary.unused_tables.append(f"{path}: no figure record has figid {figid!r}")


def mapped(figs: Iterable[Figure], summary: Summary, progress: Progress | None = None) -> Iterator[tuple[Figure, list[Triple]]]:
    for fig in figs:
        try:
            triples = map_figure(fig)
        except IriError as exc:
            summary.refuse(Refusal(fig.source_path, "identifier", str(exc), fig.figid))
            continue
        except Exception as exc:  # as in ``figures``: one record's bug never stops the batch
            summary.refuse(unexpected_refusal(fig.source_path, exc, fig.figid))
            continue
        summary.converted += 1
        if progress:
            progress.step()
        yield fig, triples


def validated(items: Iterable[tuple[Figure, list[Triple]]], validator, report) -> Iterator[tuple[Figure, list[Triple]]]:
    """SHACL-validate each figure's triples as they stream by (``convert --validate``)."""
    from .iris import figure_graph
    from .validate import validate_graph

    for fig, triples in items:
        validate_graph(validator, triples, report, NamedNode(figure_graph(fig.figid)), fig.source_path)
        yield fig, triples


def resolve_format(output: str | None, fmt_name: str | None) -> Format:
    if fmt_name:
        return FORMATS[fmt_name]
    return (format_for_path(output) if output else None) or FORMATS["ttl"]


def write_single(items: Iterable[tuple[Figure, list[Triple]]], output: str, fmt: Format) -> WriteStats:
    """One file; a run that converts nothing leaves the previous export in place."""
    stats = WriteStats()
    with atomic_output(output) as handle:
        writer_for(fmt)(items, handle, stats, fmt)
        if not stats.figures:
            raise KeepOldFile
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
    jobs: int = 1,
    validator=None,
    manifest: str | None = None,
    store: str | None = None,
) -> Summary:
    """Convert records to one RDF file (or one file per figure in a folder).

    ``jobs`` > 1 converts record batches in that many processes (``parallel``); the
    output and the summary are the same for any ``jobs``. With a ``validator``
    (``validate.load_validator()``) every figure is SHACL-validated; results go to
    ``summary.validation``. Beside the export goes its VoID/HCLS description
    (``<name>.void.trig``); with ``store`` both are loaded into that embedded store.
    """
    inputs = list(inputs)
    if not inputs:
        raise InputError("no input given")
    summary = Summary()
    if manifest is not None:
        stats = _convert_incremental(inputs, output, fmt, manifest, per_figure, jobs, summary, progress, validator)
    elif jobs > 1 and "-" not in inputs:
        from . import parallel  # validates in the workers, reports merged in input order

        stats = parallel.convert(inputs, output, fmt, per_figure=per_figure, jobs=jobs, summary=summary,
                                 progress=progress, validator=validator)
    else:
        items = mapped(figures(inputs, summary, stdin), summary, progress)
        if validator is not None:
            from .validate import Report

            summary.validation = Report()
            items = validated(items, validator, summary.validation)
        stats = (write_per_figure if per_figure else write_single)(items, output, fmt)
    if progress:
        progress.done()
    summary.triples = stats.triples
    summary.outputs.append(output)
    if summary.converted and not per_figure:
        publish(summary, output, fmt, inputs, store, stats.dataset)
    return summary


def publish(summary: Summary, output: str, fmt: Format, inputs: list[str], store: str | None,
            counted=None) -> None:
    """Write the dataset description beside the export (from the ``counted`` DatasetStats,
    else by reading the export back); load both into an embedded store if asked."""
    from . import __version__, describe

    description = describe.describe_export(output, version=__version__, inputs=inputs, stats=counted)
    summary.outputs.append(str(description))
    if store:
        from .endpoints.loader import load_store, stage_files
        from .endpoints.store import open_store

        target = open_store(store)
        export_graph = None if fmt.dataset else iris.export_graph()
        for stage in (stage_files([output], graph=export_graph), stage_files([description])):
            load_store(stage, target, target=store).check()
        summary.outputs.append(store)


def _convert_incremental(inputs, output, fmt, manifest, per_figure, jobs, summary, progress, validator) -> WriteStats:
    """Only records whose inputs changed since ``manifest``'s export are converted (``incremental``)."""
    from . import incremental

    if fmt.name != "nq":
        raise InputError(f"--incremental writes N-Quads (one graph per figure), not {fmt.name}",
                         hint="use --format nq (or -o FILE.nq)")
    stats, changes = incremental.convert(inputs, output, manifest, per_figure=per_figure, jobs=jobs,
                                         summary=summary, progress=progress, validator=validator)
    summary.changes = changes.as_dict()
    return stats


def summary_json(summary: Summary) -> str:
    return json.dumps(summary.as_dict(), indent=2, sort_keys=True)
