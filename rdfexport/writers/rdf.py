"""Turtle, N-Triples, N-Quads and TriG through pyoxigraph's streaming serialiser."""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate, chain, compress, count
from operator import add, not_, or_
from typing import IO, Iterable, Iterator

from pyoxigraph import NamedNode, Quad, RdfFormat, Triple, parse, serialize

from .. import iris
from ..records import Figure
from ..vocab import TURTLE_PREFIXES
from . import Format
from .stats import WriteStats, first_time_only


def _quads(items: Iterable[tuple[Figure, list[Triple]]], stats: WriteStats) -> Iterator[Quad]:
    for fig, triples in items:
        graph = NamedNode(iris.figure_graph(fig.figid))
        stats.figures += 1
        for t in triples:
            stats.triples += 1
            yield Quad(t.subject, t.predicate, t.object, graph)


def _triples(items: Iterable[tuple[Figure, list[Triple]]], stats: WriteStats) -> Iterator[Triple]:
    seen: set[int] = set()
    for fig, triples in items:
        stats.figures += 1
        for t in first_time_only(triples, fig.figid, seen):
            stats.triples += 1
            yield t


def write(items: Iterable[tuple[Figure, list[Triple]]], handle: IO[bytes], stats: WriteStats, fmt: Format) -> None:
    stream = _quads(items, stats) if fmt.dataset else _triples(items, stats)
    prefixes = TURTLE_PREFIXES if fmt.name in {"ttl", "trig"} else None
    serialize(stream, handle, fmt.rdf_format, prefixes=prefixes)


# --- the byte path: figures already serialised as N-Triples (the parallel workers' output) ---
def first_time_lines(ntriples: bytes, figid: str, seen: set[int]) -> list[bytes]:
    """``first_time_only`` on N-Triples lines: the figure's own lines pass straight
    through, a shared node's line is kept only the first time its bytes are seen.

    A line is one triple in pyoxigraph's canonical form, so equal lines are equal triples;
    memory stays one hash per distinct shared-node triple. This runs once per figure of a
    corpus, so it does no Python work per line: the mapper sorts a figure's lines by
    subject, so its own nodes form one run (found with ``bytes.find``), and the shared
    lines around it are filtered with set operations (``_unseen``).
    """
    own = f"<{iris.figure(figid)}".encode()
    lines = ntriples.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    run = _own_run(ntriples, own)
    if run is None or b"" in lines:
        return _first_time_lines_one_by_one(lines, own, seen)
    start, end = run
    refs = (own + b">", own + b"/")
    before, after = _unseen(lines[:start], seen, refs), None
    if before is not None:
        after = _unseen(lines[end:], seen, refs)
    if after is None:
        return _first_time_lines_one_by_one(lines, own, seen)
    return before + lines[start:end] + after


def _own_run(text: bytes, own: bytes) -> tuple[int, int] | None:
    """Line indexes [start, end) of the lines about the figure's own nodes (subject
    ``own>`` or ``own/...``), when those are exactly the lines starting with ``own`` and
    form one run; None otherwise (the caller then tests line by line)."""
    at_start = text.startswith(own)
    first = 0 if at_start else text.find(b"\n" + own) + 1
    if first == 0 and not at_start:
        return 0, 0  # no own lines
    last = max(text.rfind(b"\n" + own) + 1, first)
    stop = text.find(b"\n", last)
    stop = len(text) if stop < 0 else stop + 1
    run = text[first:stop]
    lines = run.count(b"\n") + (0 if run.endswith(b"\n") else 1)
    marked = b"\n" + run
    if marked.count(b"\n" + own + b">") + marked.count(b"\n" + own + b"/") != lines:
        return None
    start = text.count(b"\n", 0, first)
    return start, start + lines


def _unseen(lines: list[bytes], seen: set[int], refs: tuple[bytes, bytes]) -> list[bytes] | None:
    """The lines whose hash is not in ``seen``, which then holds them; None when a line
    repeats within ``lines`` (never in the mapper's output: the slow path handles it).

    A line that names one of the figure's own nodes (``refs``: its IRI and the IRIs minted
    under it), such as a gene's ``dcterms:isPartOf`` the figure, belongs to this figure
    alone: it is kept and not remembered, so ``seen`` grows with the distinct shared
    triples (genes, papers, taxa), not with the figures.
    """
    keys = list(map(hash, lines))
    mine = _naming(lines, refs)
    shared = list(compress(keys, map(not_, mine)))
    distinct = set(shared)
    if len(distinct) != len(shared):
        return None
    new = distinct.difference(seen)
    seen |= new
    return list(compress(lines, map(or_, mine, map(new.__contains__, keys))))


def _naming(lines: list[bytes], refs: tuple[bytes, bytes]) -> list[bool]:
    """For each line, whether it names one of the figure's own nodes (``refs``: ``<iri>`` or
    ``<iri/…``). Searched in the joined lines, so the cost follows the few places a figure
    is named, not the number of lines (a substring test per line costs 5 times a hash)."""
    own = refs[0][:-1]
    joined = b"\n".join(lines)
    starts = list(map(add, accumulate(map(len, lines), initial=0), count()))  # offset of each line
    mine = [False] * len(lines)
    at = joined.find(own)
    while at >= 0:
        end = at + len(own)
        if joined[end:end + 1] in (b">", b"/"):
            mine[bisect_right(starts, at) - 1] = True
        at = joined.find(own, end)
    return mine


def _first_time_lines_one_by_one(lines: list[bytes], own: bytes, seen: set[int]) -> list[bytes]:
    """The same filter a line at a time, for text that breaks the mapper's invariants."""
    own_nodes = (own + b">", own + b"/")
    kept: list[bytes] = []
    for line in lines:
        if line.startswith(own_nodes) or own_nodes[0] in line or own_nodes[1] in line:
            kept.append(line)
        elif line:
            key = hash(line)
            if key not in seen:
                seen.add(key)
                kept.append(line)
    return kept


def write_ntriples_bytes(items: Iterable[tuple[str, bytes]], handle: IO[bytes], stats: WriteStats,
                         fmt: Format) -> None:
    """``write`` for single-graph formats, from each figure's N-Triples bytes (figid, bytes)
    in map order; the same bytes as ``write`` on the parsed triples.

    N-Triples: the kept lines are written as they are (they are pyoxigraph's own
    serialisation). Turtle: the kept lines of all figures are parsed back in Rust and
    streamed through one serialiser, with no per-triple Python.
    """
    assert not fmt.dataset and fmt.rdf_format is not None

    def kept_chunks() -> Iterator[bytes]:
        seen: set[int] = set()
        for figid, ntriples in items:
            lines = first_time_lines(ntriples, figid, seen)
            stats.figures += 1
            stats.triples += len(lines)
            if lines:
                lines.append(b"")
                yield b"\n".join(lines)

    if fmt.rdf_format == RdfFormat.N_TRIPLES:
        for chunk in kept_chunks():
            handle.write(chunk)
        return
    triples = chain.from_iterable(parse(chunk, format=RdfFormat.N_TRIPLES) for chunk in kept_chunks())
    prefixes = TURTLE_PREFIXES if fmt.name in {"ttl", "trig"} else None
    serialize(triples, handle, fmt.rdf_format, prefixes=prefixes)

