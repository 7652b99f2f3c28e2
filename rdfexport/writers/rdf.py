"""Turtle, N-Triples, N-Quads and TriG through pyoxigraph's streaming serialiser."""

from __future__ import annotations

from itertools import chain
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
    memory stays one hash per distinct shared-node triple.
    """
    own = f"<{iris.figure(figid)}".encode()
    own_nodes = (own + b">", own + b"/")
    kept: list[bytes] = []
    keep, remember = kept.append, seen.add
    for line in ntriples.split(b"\n"):
        if line.startswith(own_nodes):
            keep(line)
        elif line:
            key = hash(line)
            if key not in seen:
                remember(key)
                keep(line)
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

