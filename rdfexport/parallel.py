"""Parallel conversion: a process pool over record batches, results in input order.

The worker (``convert_batch``) is a pure function of a batch of record sources and a
``Task`` (the organism table and the output kind): it reads, normalises, grounds, mines
and maps each record and returns one ``Outcome`` per record, with the figure's triples
as N-Triples bytes (or N-Quads lines in the figure's named graph), made straight from
the mapper's lines (``map.FigureLines``: pyoxigraph's text for each triple). Bytes cross
the process boundary cheaply; pickled pyoxigraph terms do not (measured: 1,000 figures'
triples pickle in 19 s, serialise in 0.3 s).

The main process keeps everything stateful, in input order, so the output and the
``Summary`` are the same for any number of jobs: duplicate figids, refusals, notes,
unused companion tables, progress. N-Quads output (one named graph per figure) is the
worker's bytes written as they come; one Turtle or N-Triples file is written from the
bytes and the kinds of line the worker marked in them (``Task.marks``,
``writers.rdf.marks``; for Turtle with the figure's own nodes already as Turtle); other
formats parse the bytes back into triples and go through the ordinary writers (they
drop shared nodes' repeated triples).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from pyoxigraph import NamedNode, RdfFormat, Triple, parse, serialize

from . import iris, read
from .describe import DatasetCounter, FigureCounts, figure_counts
from .errors import RecordError
from .ground import TaxonTable
from .iris import IriError
from .map import in_graph, map_figure_lines
from .progress import Progress
from .records import Figure, Refusal
from .validate import Report, Validator, validate_tails
from .validate.engine import GraphIndex
from .writers import Format
from .writers.atomic import KeepOldFile, atomic_output
from .writers.rdf import Marks, marks, turtle_statements
from .writers.stats import WriteStats

BATCH_SIZE = 32  # records per task: ~5 MB of N-Quads back per task at real gene-table sizes
IN_FLIGHT_PER_JOB = 4  # tasks queued per worker; bounds memory whatever the corpus size


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# --- the worker: a pure function of a batch ------------------------------------------------
@dataclass(frozen=True)
class Task:
    """What every record of a run shares: the site's organism table and the output kind."""

    organism_pages: tuple[tuple[str, str], ...] = ()
    nquads: bool = False  # lines in the figure's named graph instead of N-Triples
    counts: bool = False  # count each figure for the dataset description (describe.figure_counts)
    marks: str = ""  # 'nt' or 'ttl': one file in that format, written from marked bytes (writers.rdf.marks)


@dataclass(frozen=True)
class Outcome:
    """One record after the worker: what the main process needs to account for and write."""

    source_path: str
    table_figid: str = ""  # the figid companion tables are looked up by ('' when unread)
    figid: str | None = None  # after normalise; None when refused before
    refusal: Refusal | None = None
    stage: str = ""  # where the refusal happened: 'read' (read/normalise), 'enrich', 'map'
    rdf: bytes = b""  # the figure's triples, N-Triples or N-Quads lines, in map order
    triples: int = 0
    validation: object = None  # a validate.Report of this figure alone, when validating
    # What the main process needs of the grounded, mined figure (set from 'map' on): the
    # whole ``Figure`` is not sent back, pickling it cost more than the rest of the outcome.
    figure_path: str = ""
    notes: tuple[str, ...] = ()
    content_hash: str = ""
    counts: FigureCounts | None = None  # when ``Task.counts``
    marks: Marks | None = None  # when ``Task.marks``: which lines of ``rdf`` are of which kind


@dataclass(frozen=True)
class Converted:
    """What the writers need of a figure (its figid), for outcomes parsed back into triples."""

    figid: str


@lru_cache(maxsize=4)
def _taxa(pages: tuple[tuple[str, str], ...]) -> TaxonTable:
    """Built once per process for a given organism table (an argument, not global state)."""
    return TaxonTable(dict(pages))


def _unexpected(path: str, exc: Exception, figid: str | None = None) -> Refusal:
    from .pipeline import unexpected_refusal  # one wording for both paths

    return unexpected_refusal(path, exc, figid)


def ntriples(triples: Sequence[Triple]) -> bytes:
    """Triples as N-Triples lines, in the given order (pyoxigraph's serialiser)."""
    return serialize(triples, format=RdfFormat.N_TRIPLES) or b""


def nquads_of(nt: bytes, figid: str) -> bytes:
    """N-Triples lines moved into the figure's named graph, as N-Quads lines."""
    return in_graph(nt, iris.figure_graph(figid))


def convert_record(source: read.Source, task: Task, validator=None) -> Outcome:
    """Read → normalise → ground → mine → map (→ validate) one record (see ``pipeline.figures``)."""
    pipeline = _pipeline()
    table_figid = ""
    try:
        data, front_matter = read.read_front_matter(source)
        table_figid = read.table_figid(front_matter, source.path)
        fig = pipeline.normalised(source, data, front_matter)
    except RecordError as exc:
        return Outcome(source.path, table_figid, refusal=Refusal(exc.path, exc.field, exc.reason), stage="read")
    except Exception as exc:  # noqa: BLE001 - refused and named, as in pipeline.figures
        return Outcome(source.path, table_figid, refusal=_unexpected(source.path, exc), stage="read")
    try:
        fig = pipeline.enriched(fig, _taxa(task.organism_pages))
    except RecordError as exc:
        return Outcome(source.path, table_figid, fig.figid, refusal=Refusal(exc.path, exc.field, exc.reason), stage="enrich")
    except Exception as exc:  # noqa: BLE001
        return Outcome(source.path, table_figid, fig.figid, refusal=_unexpected(source.path, exc), stage="enrich")
    try:
        lines = map_figure_lines(fig)
        count = lines.count()
    except IriError as exc:
        return _mapped(source, table_figid, fig, Refusal(fig.source_path, "identifier", str(exc), fig.figid))
    except Exception as exc:  # noqa: BLE001
        return _mapped(source, table_figid, fig, _unexpected(fig.source_path, exc, fig.figid))
    report = index = None
    try:
        if validator is not None:
            report, index = _validated(validator, lines, count, fig)
    except Exception as exc:  # noqa: BLE001 - a validator bug refuses the record, named, not the run
        refusal = _unexpected(fig.source_path, exc, fig.figid)
        return _mapped(source, table_figid, fig,
                       Refusal(refusal.path, refusal.field, f"{refusal.reason} during validation", fig.figid))
    # the bytes straight from the mapper's lines: no N-Triples text made only to be encoded and cut
    rdf = lines.nquads(iris.figure_graph(fig.figid)) if task.nquads else lines.ntriples_bytes()
    counts = figure_counts((index or GraphIndex.of_tails(lines.items())).out) if task.counts else None
    return Outcome(source.path, table_figid, fig.figid, rdf=rdf, triples=count, validation=report,
                   figure_path=fig.source_path, notes=fig.notes, content_hash=fig.content_hash, counts=counts,
                   marks=worker_marks(lines, rdf, fig.figid, task.marks) if task.marks else None)


def worker_marks(lines, rdf: bytes, figid: str, fmt: str) -> Marks:
    """The marks of the figure's bytes (``lines``: the mapper's ``FigureLines`` of them);
    for Turtle with its own nodes' lines as Turtle statements, so that the main process
    does not parse and write them (they are ~70% of the lines it writes)."""
    figure_marks = marks(lines.items(), figid, len(rdf))
    if fmt == "ttl" and figure_marks.own is not None:
        own_start, own_end = figure_marks.own
        figure_marks = figure_marks._replace(turtle=turtle_statements(rdf[own_start:own_end]))
    return figure_marks


def _mapped(source: read.Source, table_figid: str, fig: Figure, refusal: Refusal) -> Outcome:
    """A figure refused from the 'map' stage on: what the main process still needs of it."""
    return Outcome(source.path, table_figid, fig.figid, refusal, "map", figure_path=fig.source_path,
                   notes=fig.notes, content_hash=fig.content_hash)


_PIPELINE = None


def _pipeline():
    """The ``pipeline`` module (it imports this one: imported on first use, then kept)."""
    global _PIPELINE  # a module reference, set once: an import statement per record costs more
    if _PIPELINE is None:
        from . import pipeline

        _PIPELINE = pipeline
    return _PIPELINE


def _validated(validator, lines, count: int, fig: Figure):
    """This figure's validation report, made as ``pipeline.validated`` makes it, from the
    graph as the mapper keeps it (no second serialisation, no parsing), and the index the
    fast engine built of it (None for pySHACL)."""
    report = Report()
    # only pySHACL reads the N-Triples text; the fast engine takes the lines as they are
    text = "" if isinstance(validator, Validator) else lines.ntriples()[0]
    index = validate_tails(validator, lines.items(), text, report, NamedNode(iris.figure_graph(fig.figid)),
                           fig.source_path, count)
    return report, index


def convert_batch(sources: Sequence[read.Source], task: Task, validator=None) -> list[Outcome]:
    """The worker: one outcome per source, in order; no state survives between calls
    except per-process caches of read-only data (lexicon, taxon table, shapes)."""
    return [convert_record(source, task, validator) for source in sources]


# --- the main process: ordered results, accounting, writing -------------------------------
def batches(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _context():
    """Fork where it exists (workers start in milliseconds and share loaded data)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def ordered_map(fn: Callable, tasks: Iterable, executor: Executor, window: int) -> Iterator:
    """``fn`` over ``tasks`` on ``executor``, results in task order, at most ``window`` in flight."""
    pending: deque[Future] = deque()
    for task in tasks:
        pending.append(executor.submit(fn, task))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


_worker_validator = None  # compiled shapes, handed to each worker once at its start


def _start_worker(validator) -> None:
    global _worker_validator  # read-only for the worker's life: the shapes of this run
    _worker_validator = validator
    _settle_heap()


# A worker makes ~250 objects per figure that only the cycle collector frees, next to the
# lexicon's long-lived objects that every full collection used to walk again: measured at
# 0.77 ms of collection per figure (5% of a figure's CPU), 0.06 ms with these settings.
GC_THRESHOLDS = (20_000, 50, 50)


def _settle_heap() -> None:
    """Load the lexicon, move everything alive into the permanent generation, and collect
    young objects less often; results do not depend on it, only the time spent collecting.

    The lexicon's sections parsed on first use (model species, MeSH/DOID words) are parsed
    here, before the freeze: parsed later, their ~145k objects would be walked again by
    every full collection for the rest of the run (measured: ~0.2 ms per figure).
    """
    import gc

    from .lexicon import load_lexicon

    load_lexicon().parse_all()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def _run_batch(args: tuple[Sequence[read.Source], Task]) -> list[Outcome]:
    return convert_batch(*args, validator=_worker_validator)


def outcomes(sources: Iterable[read.Source], task: Task, jobs: int, validator=None,
             batch_size: int = BATCH_SIZE) -> Iterator[Outcome]:
    """Every source's outcome, in source order, converted by ``jobs`` processes.

    A ``validator`` (compiled shapes, not picklable) reaches the workers by fork; where
    processes cannot fork, validation needs ``jobs=1``.
    """
    work = ((batch, task) for batch in batches(sources, batch_size))
    if jobs <= 1:
        for batch, task in work:
            yield from convert_batch(batch, task, validator)
        return
    context = _context()
    if validator is not None and context.get_start_method() != "fork":
        raise RuntimeError("validating with several jobs needs the 'fork' start method; use --jobs 1")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(validator,)) as pool:
        for result in ordered_map(_run_batch, work, pool, jobs * IN_FLIGHT_PER_JOB):
            yield from result


@dataclass
class Ledger:
    """The main process's running state: what ``pipeline.figures`` tracks, in the same order."""

    summary: object  # pipeline.Summary (not imported: pipeline imports this module)
    progress: Progress | None = None
    seen: dict[str, str] = field(default_factory=dict)
    table_dirs: set[Path] = field(default_factory=set)
    named: set[str] = field(default_factory=set)

    def source(self, source: read.Source) -> read.Source:
        self.summary.read += 1
        self.table_dirs.update(source.table_dirs)
        self.named.add(Path(source.path).stem)
        return source

    def account(self, outcome: Outcome) -> bool:
        """Record the outcome in the summary; True when its triples are to be written."""
        summary = self.summary
        if outcome.table_figid:
            self.named.add(outcome.table_figid)
        if outcome.stage == "read":
            summary.refuse(outcome.refusal)
            return False
        if outcome.figid in self.seen:
            summary.refuse(Refusal(outcome.source_path, "figid", f"duplicate of {self.seen[outcome.figid]} (kept that one)"))
            return False
        self.seen[outcome.figid] = outcome.source_path
        if outcome.stage == "enrich":
            summary.refuse(outcome.refusal)
            return False
        summary.notes.extend(f"{outcome.figure_path}: {note}" for note in outcome.notes)
        if outcome.refusal:
            summary.refuse(outcome.refusal)
            return False
        summary.converted += 1
        if outcome.validation is not None:
            _merge_report(summary.validation, outcome.validation)
        if self.progress:
            self.progress.step()
        return True

    def finish(self) -> None:
        from .pipeline import report_unused_tables

        report_unused_tables(self.summary, self.table_dirs, self.named)


def _merge_report(report, part) -> None:
    """Add one figure's validation report to the run's (in input order, as sequentially)."""
    report.results += part.results
    report.figures |= part.figures
    report.sources.update(part.sources)
    report.triples += part.triples


def accounted(inputs: Sequence[str], ledger: Ledger, task: Task, jobs: int, validator=None) -> Iterator[Outcome]:
    """Outcomes to write, in input order, every record accounted for in the ledger."""
    sources = (ledger.source(s) for s in read.discover(inputs))
    for outcome in outcomes(sources, task, jobs, validator):
        if ledger.account(outcome):
            yield outcome
    ledger.finish()


def as_items(written: Iterable[Outcome]) -> Iterator[tuple[Converted, list[Triple]]]:
    """The ``(Figure, triples)`` stream the writers take, parsed back from the workers' bytes."""
    for outcome in written:
        yield Converted(outcome.figid), list(parse(outcome.rdf, format=RdfFormat.N_TRIPLES))


def write_nquads(written: Iterable[Outcome], output: str, per_figure: bool) -> WriteStats:
    """N-Quads: each figure's lines as the worker made them, in input order."""
    stats = WriteStats()
    if per_figure:
        for outcome in written:
            with atomic_output(Path(output) / f"{iris.segment(outcome.figid)}.nq") as handle:
                _put(handle, outcome, stats)
        return stats
    with atomic_output(output) as handle:
        for outcome in written:
            _put(handle, outcome, stats)
        if not stats.figures:  # as pipeline.write_single: converting nothing keeps the old file
            raise KeepOldFile
    return stats


def _put(handle, outcome: Outcome, stats: WriteStats) -> None:
    handle.write(outcome.rdf)
    stats.figures += 1
    stats.triples += outcome.triples


def convert(inputs: Sequence[str], output: str, fmt: Format, *, per_figure: bool, jobs: int,
            summary, progress: Progress | None = None, validator=None) -> WriteStats:
    """``pipeline.convert`` with ``jobs`` worker processes; same output, same summary.

    With a ``validator`` each worker validates the figures it converts and the reports
    are merged in input order into ``summary.validation``.
    """
    from .pipeline import write_per_figure, write_single

    if validator is not None:
        from .validate import Report

        summary.validation = Report()
    organism_pages = tuple(sorted(read.read_organism_pages(read.site_roots(inputs)).items()))
    counter = DatasetCounter() if not per_figure else None  # one file gets a dataset description
    from_bytes = not per_figure and fmt.name in ("nt", "ttl")  # write_single_bytes, with the workers' marks
    task = Task(organism_pages, nquads=fmt.name == "nq", counts=counter is not None,
                marks=fmt.name if from_bytes else "")
    written = accounted(inputs, Ledger(summary, progress), task, jobs, validator)
    if counter is not None:
        written = counted(written, counter)
    if task.nquads:
        stats = write_nquads(written, output, per_figure)
    elif from_bytes:
        stats = write_single_bytes(written, output, fmt)
    else:
        stats = (write_per_figure if per_figure else write_single)(as_items(written), output, fmt)
    if counter is not None:
        stats.dataset = counter.stats(triples=stats.triples, graphs=stats.figures if fmt.dataset else 1)
    return stats


def counted(written: Iterable[Outcome], counter: DatasetCounter) -> Iterator[Outcome]:
    """The outcomes as they go to the writer, their workers' counts added to ``counter``."""
    for outcome in written:
        counter.add(outcome.counts)
        yield outcome


def write_single_bytes(written: Iterable[Outcome], output: str, fmt: Format) -> WriteStats:
    """One Turtle or N-Triples file from the workers' N-Triples bytes and the kinds of line
    they marked in them, without turning every triple into a Python object
    (``writers.rdf.write_ntriples_bytes``); the same bytes as ``pipeline.write_single``
    on the parsed triples."""
    from .writers.rdf import write_ntriples_bytes

    stats = WriteStats()
    with atomic_output(output) as handle:
        write_ntriples_bytes(((o.figid, o.rdf, o.marks) for o in written), handle, stats, fmt)
        if not stats.figures:  # as pipeline.write_single: converting nothing keeps the old file
            raise KeepOldFile
    return stats
