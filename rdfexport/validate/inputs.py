"""RDF files → the graphs to validate, one at a time.

N-Quads and TriG (what ``convert`` writes with one named graph per figure) give one graph per
named graph, streamed: ``convert`` writes each graph's quads together, so memory stays at one
figure. Turtle, N-Triples and JSON-LD are one graph, validated whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pyoxigraph as ox

from .. import iris
from ..errors import RdfexportError
from ..vocab import PFOCR_BASE

FIGURE_GRAPHS = PFOCR_BASE + "graph/figures/"
FIGURES = PFOCR_BASE + "figures/"


class GraphFileError(RdfexportError):
    """An RDF file cannot be read."""

    hint = "give a file rdfexport convert writes: .ttl, .nt, .nq, .trig or .jsonld"


def rdf_format(path: str | Path) -> ox.RdfFormat:
    suffix = Path(path).suffix.lstrip(".")
    fmt = ox.RdfFormat.from_extension(suffix) if suffix else None
    if fmt is None:
        raise GraphFileError(f"{path}: unknown RDF format '.{suffix}'")
    return fmt


def read_graphs(path: str | Path) -> Iterator[tuple[ox.NamedNode | None, list]]:
    """(graph name or None, its quads) for every graph in the file."""
    fmt = rdf_format(path)
    try:
        if not fmt.supports_datasets:
            yield None, list(ox.parse(path=str(path), format=fmt))
            return
        yield from _contiguous_graphs(ox.parse(path=str(path), format=fmt))
    except (SyntaxError, ValueError, OSError) as exc:
        raise GraphFileError(f"{path}: {exc}") from exc


class SplitGraph(Exception):
    """A named graph's quads are not together in the file (the caller re-reads it grouped)."""


def _contiguous_graphs(quads) -> Iterator[tuple[ox.NamedNode | None, list]]:
    done: set = set()
    current, buffer = None, []
    for quad in quads:
        graph = quad.graph_name
        if buffer and graph != current:
            yield _name(current), buffer
            done.add(current)
            buffer = []
        if graph in done:
            raise SplitGraph(graph)
        current = graph
        buffer.append(quad)
    if buffer:
        yield _name(current), buffer


def read_graphs_grouped(path: str | Path) -> Iterator[tuple[ox.NamedNode | None, list]]:
    """As ``read_graphs`` but for a file whose graphs are split: all in memory, grouped."""
    groups: dict = {}
    for quad in ox.parse(path=str(path), format=rdf_format(path)):
        groups.setdefault(quad.graph_name, []).append(quad)
    for graph, quads in groups.items():
        yield _name(graph), quads


def _name(graph) -> ox.NamedNode | None:
    return graph if isinstance(graph, ox.NamedNode) else None


def figure_of_graph(graph: ox.NamedNode | None) -> str | None:
    """A figure's named graph → the figure IRI; the dataset graph → its own IRI."""
    if graph is None:
        return None
    if graph.value.startswith(FIGURE_GRAPHS):
        return FIGURES + graph.value[len(FIGURE_GRAPHS):]
    if graph.value == iris.dataset_graph():
        return iris.dataset()
    return graph.value


def records_by_figure(folder: str | Path) -> dict[str, str]:
    """figure IRI → record file, for records named ``<figid>.md`` under ``folder``."""
    return {iris.figure(path.stem): str(path) for path in Path(folder).rglob("*.md")}
