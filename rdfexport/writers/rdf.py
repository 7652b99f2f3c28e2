"""Turtle, N-Triples, N-Quads and TriG through pyoxigraph's streaming serialiser."""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from itertools import chain, compress, count
from operator import itemgetter, not_
from typing import IO, Iterable, Iterator, NamedTuple, Sequence

from pyoxigraph import NamedNode, Quad, RdfFormat, Triple, parse, serialize

from .. import iris
from ..records import Figure
from ..vocab import TURTLE_PREFIXES
from . import Format
from .stats import WriteStats, first_time_only, own_run


def _quads(items: Iterable[tuple[Figure, list[Triple]]], stats: WriteStats) -> Iterator[Quad]:
    for fig, triples in items:
        graph = NamedNode(iris.figure_graph(fig.figid))
        stats.figures += 1
        for t in triples:
            stats.triples += 1
            yield Quad(t.subject, t.predicate, t.object, graph)


def _triples(items: Iterable[tuple[Figure, list[Triple]]], stats: WriteStats) -> Iterator[Triple]:
    return chain.from_iterable(_first_time_lists(items, stats))  # no Python step per triple


def _first_time_lists(items: Iterable[tuple[Figure, list[Triple]]], stats: WriteStats) -> Iterator[list[Triple]]:
    seen: set[int] = set()
    for fig, triples in items:
        kept = first_time_only(triples, fig.figid, seen)
        stats.figures += 1
        stats.triples += len(kept)
        yield kept


def write(items: Iterable[tuple[Figure, list[Triple]]], handle: IO[bytes], stats: WriteStats, fmt: Format) -> None:
    stream = _quads(items, stats) if fmt.dataset else _triples(items, stats)
    prefixes = TURTLE_PREFIXES if fmt.name in {"ttl", "trig"} else None
    serialize(stream, handle, fmt.rdf_format, prefixes=prefixes)


# --- the byte path: figures already serialised as N-Triples (the parallel workers' output) ---
# A figure's lines, in the mapper's order, are of three kinds: about the figure's own nodes
# (one run of subjects), naming one of them (a gene ``isPartOf`` the figure), and runs of a
# shared node's other lines (a gene's label, type, taxon). The first two are written every
# time, a shared run's lines the first time only. The workers mark them (``marks``); the
# main process then tests a shared run as one key, and only a run it has not met before
# line by line (``first_time_runs``). For Turtle the workers also write their own nodes'
# lines as Turtle statements, which no other figure's triples can join (``Marks.turtle``).
class Marks(NamedTuple):
    """Where a figure's N-Triples bytes hold which kind of line (byte offsets)."""

    runs: tuple[int, ...]  # (start, end, start, end, …) of the shared runs
    own: tuple[int, int] | None  # (start, end) of the lines about the figure's own nodes; None: not one run
    turtle: bytes | None = None  # those lines as Turtle statements (``turtle_statements``), for a Turtle file


def marks(items: Sequence[tuple[str, Sequence[str]]], figid: str, size: int) -> Marks:
    """The marks of a figure's N-Triples bytes (``size`` bytes long), from the mapper's
    (subject, its sorted line tails) pairs in line order (``map.FigureLines.items``),
    without reading the bytes: a shared run is a shared subject's consecutive lines that
    name none of the figure's own nodes. ``marks_in_text`` finds the same from the bytes.

    The figure's own subjects, one run in sorted order (``stats.own_run``), are not
    measured (they hold the long texts, captions and titles): the subjects after them are
    placed from the end of the bytes.
    """
    own = f"<{iris.figure(figid)}"
    run = own_run(items, own, _FIRST)
    if run is None or run[0] == run[1]:  # not one run, or none
        return Marks(tuple(_shared_runs(items, own, 0)[0]), None)
    start, end = run
    runs, own_start = _shared_runs(items[:start], own, 0)
    after, after_size = _shared_runs(items[end:], own, 0)
    own_end = size - after_size
    return Marks(tuple(runs + [at + own_end for at in after]), (own_start, own_end))


_FIRST = itemgetter(0)


def _shared_runs(items: Sequence[tuple[str, Sequence[str]]], own: str, at: int) -> tuple[list[int], int]:
    """The runs of these subjects' lines, starting at byte ``at``, and where they end."""
    refs = (own + ">", own + "/")
    runs: list[int] = []
    for subject, tails in items:
        block = subject + subject.join(tails)
        size = _size(block)
        if subject.startswith(refs):
            pass
        elif own not in block:
            runs += (at, at + size)
        else:  # lines naming the figure's own nodes cut the subject's lines into runs
            runs += _runs_around(block, at, own, refs)
        at += size
    return runs, at


def _runs_around(block: str, at: int, own: str, refs: tuple[str, str]) -> list[int]:
    """The runs of one shared subject's lines (``block``, from byte ``at``) between those
    that name one of the figure's own nodes: a gene's lines around its ``isPartOf`` the
    figure and ``isAbout`` its mention, found where ``own`` occurs in the block."""
    runs: list[int] = []
    start = 0
    found = block.find(own)
    while found >= 0:
        line = block.rfind("\n", 0, found) + 1
        if found == _object_at(block, line) and block.startswith(refs, found):
            if line > start:
                runs += (start, line)
            start = block.find("\n", found) + 1
        found = block.find(own, found + 1)
    if len(block) > start:
        runs += (start, len(block))
    if block.isascii():  # offsets in characters are offsets in bytes
        return [at + offset for offset in runs]
    return [at + _size(block[:offset]) for offset in runs]


def _object_at(text: str, line: int) -> int:
    """Where the object of the N-Triples line starting at ``line`` starts: after the
    second space (the subject and the predicate have no space in them)."""
    return text.index(" ", text.index(" ", line) + 1) + 1


def _size(text: str) -> int:
    """Length in UTF-8 bytes (``isascii`` is a flag look-up: no encoding for ASCII text)."""
    return len(text) if text.isascii() else len(text.encode())


def marks_in_text(ntriples: bytes, figid: str) -> Marks:
    """``marks`` from the N-Triples bytes, a line at a time (for bytes that come without)."""
    own = f"<{iris.figure(figid)}".encode()
    refs = (own + b">", own + b"/")
    runs: list[int] = []
    own_lines: list[int] = []  # start of each line about an own node
    at, start, previous = 0, None, None
    for line in ntriples.splitlines(keepends=True):  # N-Triples escapes \r: only \n ends a line
        subject = line[:line.find(b" ")]
        if line.startswith(refs):
            own_lines.append(at)
        shared = not line.startswith(refs) and not line.startswith(refs, line.index(b" ", len(subject) + 1) + 1)
        if start is not None and (not shared or subject != previous):
            runs += (start, at)
            start = None
        if shared and start is None:
            start = at
        previous = subject
        at += len(line)
    if start is not None:
        runs += (start, at)
    own_run = None
    if own_lines:
        own_end = ntriples.find(b"\n", own_lines[-1]) + 1 or len(ntriples)
        if ntriples.count(b"\n", own_lines[0], own_end) == len(own_lines):  # nothing else among them
            own_run = (own_lines[0], own_end)
    return Marks(tuple(runs), own_run)


def turtle_statements(ntriples: bytes) -> bytes:
    """N-Triples lines as pyoxigraph's Turtle serialiser writes them within a document
    (``TURTLE_PREFIXES``), without the prefix lines it starts a document with.

    The serialiser carries nothing from one subject to the next but the subject itself, so
    statements written apart and joined are the statements of the whole stream, when no
    subject continues across a join (``tests/test_perf_writers4_*`` checks it). The lines
    were made by pyoxigraph's serialiser (or the mapper's ``iris``), so they are parsed
    ``lenient``, without checking the IRIs again (measured 40% faster, the same triples).
    """
    out = serialize(parse(ntriples, format=RdfFormat.N_TRIPLES, lenient=True), format=RdfFormat.TURTLE,
                    prefixes=TURTLE_PREFIXES) or b""
    header = turtle_prefix_lines()
    if out and not out.startswith(header):
        raise AssertionError("pyoxigraph's Turtle serialiser no longer starts with the prefix lines")
    return out[len(header):]


@lru_cache(maxsize=1)
def turtle_prefix_lines() -> bytes:
    """The prefix lines pyoxigraph's Turtle serialiser starts a document with (written
    before a document's first triple), cut from a document of one triple."""
    probe = b"<urn:x:s> <urn:x:p> <urn:x:o> .\n"
    document = serialize(parse(probe, format=RdfFormat.N_TRIPLES), format=RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES)
    if not document.endswith(probe):
        raise AssertionError("pyoxigraph's Turtle serialiser wrote an unexpected probe document")
    return document[:-len(probe)]


def first_time_runs(ntriples: bytes, runs: Sequence[int], seen: set[int], start: int = 0,
                    end: int | None = None) -> list[bytes]:
    """``first_time_only`` on N-Triples bytes (from ``start`` to ``end``) with the shared
    ``runs`` among them (``Marks.runs``): the pieces to write, in order. Every line outside
    the runs is written; a run's line only the first time its bytes are seen. ``seen``
    holds the hash of each line met and of each run met: a run met before is skipped whole
    (its lines were all met then), so the work follows the runs, ~100 per figure, and the
    distinct lines, not the ~650 lines of a figure.
    """
    bounds = [start, *runs, len(ntriples) if end is None else end]
    pieces = list(map(ntriples.__getitem__, map(slice, bounds[:-1], bounds[1:])))  # written, run, written, …
    shared = pieces[1::2]
    keys = list(map(hash, shared))
    fresh = list(compress(count(), map(not_, map(seen.__contains__, keys))))  # indexes of runs not met
    pieces[1::2] = [b""] * len(shared)
    for i in fresh:
        if keys[i] not in seen:  # else the same run came earlier in this figure
            pieces[2 * i + 1] = b"".join(_first_time_lines_of(shared[i], seen))
            seen.add(keys[i])  # after its lines: a run of one line has that line's key
    return pieces


def _first_time_lines_of(run: bytes, seen: set[int]) -> list[bytes]:
    kept = []
    for line in run.splitlines(keepends=True):
        key = hash(line)
        if key not in seen:
            seen.add(key)
            kept.append(line)
    return kept


def write_ntriples_bytes(items: Iterable[tuple[str, bytes, Marks | None]], handle: IO[bytes],
                         stats: WriteStats, fmt: Format) -> None:
    """``write`` for single-graph formats, from each figure's N-Triples bytes and their
    ``marks`` (figid, bytes, marks; marks None: found with ``marks_in_text``) in map
    order; the same bytes as ``write`` on the parsed triples.

    N-Triples: the kept lines are written as they are (they are pyoxigraph's own
    serialisation). Turtle: the kept lines are parsed back in Rust and written as Turtle
    statements (``turtle_statements``), except a figure's own nodes' lines when the marks
    hold them as Turtle already; the prefix lines go first, as the serialiser writes them.
    """
    assert not fmt.dataset and fmt.rdf_format is not None
    seen: set[int] = set()
    if fmt.rdf_format == RdfFormat.N_TRIPLES:
        for figid, ntriples, figure_marks in items:
            runs = (figure_marks or marks_in_text(ntriples, figid)).runs
            chunk = b"".join(first_time_runs(ntriples, runs, seen))
            stats.figures += 1
            stats.triples += chunk.count(b"\n")
            handle.write(chunk)
        return
    if fmt.rdf_format != RdfFormat.TURTLE:  # no other single-graph format takes this path
        raise ValueError(f"no byte path to {fmt.name}")
    _write_turtle(items, handle, stats, seen)


def _write_turtle(items: Iterable[tuple[str, bytes, Marks | None]], handle: IO[bytes], stats: WriteStats,
                  seen: set[int]) -> None:
    out = _TurtleOut(handle)
    for figid, ntriples, figure_marks in items:
        figure_marks = figure_marks or marks_in_text(ntriples, figid)
        stats.figures += 1
        if figure_marks.turtle is None or figure_marks.own is None:
            kept = b"".join(first_time_runs(ntriples, figure_marks.runs, seen))
            stats.triples += kept.count(b"\n")
            out.lines(kept)
            continue
        own_start, own_end = figure_marks.own
        split = bisect_right(figure_marks.runs, own_start)  # the runs before the own lines (one may end there)
        before = b"".join(first_time_runs(ntriples, figure_marks.runs[:split], seen, 0, own_start))
        after = b"".join(first_time_runs(ntriples, figure_marks.runs[split:], seen, own_end))
        own = ntriples[own_start:own_end]
        stats.triples += before.count(b"\n") + own.count(b"\n") + after.count(b"\n")
        out.lines(before)
        out.statements(figure_marks.turtle, own)
        out.lines(after)
    out.close()


class _TurtleOut:
    """One Turtle document from N-Triples lines (written through the serialiser, a run of
    them at a time) and ready statements of a figure's own nodes (written as they are).

    Ready statements are exact where no subject continues across their edges: the subject
    before them and the one after them must differ from their first and last (only odd
    input breaks this: a figure given twice, another figure's node as a subject). So they
    wait until the next lines show the subject that follows; where a subject continues,
    their N-Triples lines go with the lines instead.
    """

    def __init__(self, handle: IO[bytes]):
        self.handle = handle
        self.pending: list[bytes] = []  # N-Triples lines not written yet
        self.held: tuple[bytes, bytes] | None = None  # (statements, their lines), after the pending lines
        self.last = b""  # the subject of the last line given so far
        self.started = False

    def lines(self, ntriples: bytes) -> None:
        if ntriples:
            self._release(_subject(ntriples, 0))
            self.pending.append(ntriples)
            self.last = _subject(ntriples, ntriples.rfind(b"\n", 0, len(ntriples) - 1) + 1)

    def statements(self, turtle: bytes, ntriples: bytes) -> None:
        if not ntriples:
            return
        first = _subject(ntriples, 0)
        self._release(first)
        if first == self.last:
            self.lines(ntriples)
        else:
            self.held = (turtle, ntriples)
            self.last = _subject(ntriples, ntriples.rfind(b"\n", 0, len(ntriples) - 1) + 1)

    def close(self) -> None:
        self._release(b"")
        self._flush()

    def _release(self, following: bytes) -> None:
        """Write the held statements, or give their lines back, now that the subject that
        follows them is known."""
        if self.held is None:
            return
        turtle, ntriples = self.held
        self.held = None
        if following == self.last:
            self.pending.append(ntriples)
        else:
            self._flush()
            self._put(turtle)

    def _flush(self) -> None:
        self._put(turtle_statements(b"".join(self.pending)))
        self.pending = []

    def _put(self, statements: bytes) -> None:
        if statements and not self.started:
            self.handle.write(turtle_prefix_lines())
            self.started = True
        self.handle.write(statements)


def _subject(ntriples: bytes, line: int) -> bytes:
    """The subject of the N-Triples line starting at ``line``, as written."""
    return ntriples[line:ntriples.index(b" ", line)]


def _lines(pieces: list[bytes]) -> int:
    return sum(map(bytes.count, pieces, repeat(b"\n")))
