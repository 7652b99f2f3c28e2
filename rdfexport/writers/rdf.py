"""Turtle, N-Triples, N-Quads and TriG through pyoxigraph's streaming serialiser."""

from __future__ import annotations

from typing import IO, Iterable, Iterator

from pyoxigraph import NamedNode, Quad, Triple, serialize

from .. import iris
from ..records import Figure
from ..vocab import TURTLE_PREFIXES
from . import FORMATS, Format
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


assert all(f.rdf_format for f in FORMATS.values() if f.name != "jsonld")
