"""SHACL validation of rdfexport's RDF against ``shapes/*.ttl``.

Two engines run the same shapes: ``fast`` (compiled shapes over N-Triples term strings,
``engine.py``) and ``pyshacl`` (the reference, ``reference.py``); tests assert they report
the same results. Graphs are validated one at a time — a figure's named graph, or a whole
single-graph file — and results are located in the figure they belong to.

    >>> from rdfexport.validate import load_validator, validate_file, Report
    >>> report = Report()
    >>> validate_file("output/pfocr.nq", load_validator(), report)  # doctest: +SKIP
    >>> report.failed()  # doctest: +SKIP
    False
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from .. import iris
from .engine import GraphIndex, Validator
from .findings import Finding, PropertyPath
from .inputs import SplitGraph, figure_of_graph, read_graphs, read_graphs_grouped, records_by_figure
from .reference import ReferenceValidator
from .report import FORMATTERS, Located, Report
from .shapes import DEFAULT_SHAPES_DIR, ShapesError, load_shapes

ENGINES = ("fast", "pyshacl")
WP_PATHWAY = "<http://vocabularies.wikipathways.org/wp#Pathway>"
IS_PART_OF = "<http://purl.org/dc/terms/isPartOf>"

__all__ = ["ENGINES", "FORMATTERS", "Finding", "Located", "PropertyPath", "Report", "ShapesError",
           "DEFAULT_SHAPES_DIR", "load_validator", "validate_file", "validate_files", "validate_graph",
           "validate_ntriples",
           "records_by_figure", "add_sources"]


def load_validator(shapes: str | Path | None = None, engine: str = "fast"):
    """A validator for the shapes in ``shapes`` (folder or file; default the project's)."""
    compiled = load_shapes(shapes)
    return ReferenceValidator(compiled) if engine == "pyshacl" else Validator(compiled)


def validate_graph(validator, triples: list, report: Report, graph: ox.NamedNode | None = None,
                   source: str | None = None) -> list[Finding]:
    """Validate one graph (a figure's, or a whole file's) and add its results to ``report``."""
    index = validator.index(triples) if isinstance(validator, Validator) else None
    findings = validator.validate_index(index, graph) if index else validator.validate(triples, graph)
    report.triples += len(triples)
    if graph is not None:
        return _record_figure_graph(report, graph, findings, source)
    index = index or GraphIndex.of(triples)
    figures = index.instances_of(WP_PATHWAY)
    report.figures |= {f[1:-1] for f in figures}
    report.results += [Located(f, _figure_of(f.focus, index, figures)) for f in findings]
    return findings


def validate_ntriples(validator, text: str, report: Report, graph: ox.NamedNode, source: str | None = None,
                      count: int | None = None) -> list[Finding]:
    """``validate_graph`` for one figure's named graph given as N-Triples text (the worker's
    own serialisation), so the fast engine indexes it without serialising the triples again."""
    if not isinstance(validator, Validator):
        triples = list(ox.parse(text.encode(), format=ox.RdfFormat.N_TRIPLES))
        return validate_graph(validator, triples, report, graph, source)
    findings = validator.validate_ntriples(text, graph)
    report.triples += text.count("\n") if count is None else count
    return _record_figure_graph(report, graph, findings, source)


def validate_tails(validator, items, text: str, report: Report, graph: ox.NamedNode, source: str | None,
                   count: int) -> GraphIndex | None:
    """``validate_ntriples`` for one figure's graph as the mapper keeps it (``items``: subject
    and its line tails, ``map.FigureLines.items``; ``text``: the same lines), without parsing
    the text; returns the fast engine's index of the graph for reuse (None for pySHACL)."""
    if not isinstance(validator, Validator):
        validate_ntriples(validator, text, report, graph, source, count)
        return None
    index = validator.index_of_tails(items)
    findings = validator.validate_index(index, graph)
    report.triples += count
    _record_figure_graph(report, graph, findings, source)
    return index


def _record_figure_graph(report: Report, graph: ox.NamedNode, findings: list[Finding],
                         source: str | None) -> list[Finding]:
    """Add one named graph's findings to ``report``, under the figure the graph holds."""
    figure = figure_of_graph(graph)
    if figure and figure != iris.dataset():
        report.figures.add(figure)
        if source:
            report.sources[figure] = source
    report.results += [Located(f, figure) for f in findings]
    return findings


def validate_file(path: str | Path, validator, report: Report) -> None:
    """Validate every graph in an RDF file; results go to ``report``."""
    before = len(report.results), set(report.figures), report.triples
    try:
        for graph, quads in read_graphs(path):
            validate_graph(validator, quads, report, graph)
    except SplitGraph:  # graphs not written together: start again, grouped in memory
        del report.results[before[0]:]
        report.figures, report.triples = before[1], before[2]
        for graph, quads in read_graphs_grouped(path):
            validate_graph(validator, quads, report, graph)


def _figure_of(focus, index: GraphIndex, figures: set) -> str | None:
    """The figure a focus node belongs to, in a single graph holding many figures."""
    text = str(focus)
    if text in figures:
        return focus.value
    if isinstance(focus, ox.NamedNode):
        parent = next((f for f in figures if text.startswith(f[:-1] + "/")), None)
        if parent:
            return parent[1:-1]
    owners = sorted(index.out.get(text, {}).get(IS_PART_OF, set()) & figures)
    if not owners:  # a paper, taxon or disease: the first figure that points at it
        owners = sorted(f for f in figures
                        if any(text in values for values in index.out.get(f, {}).values()))
    return owners[0][1:-1] if owners else None


def add_sources(report: Report, sources: dict[str, str]) -> None:
    """Name the record file of each figure, where known (``--records``)."""
    for figure in report.figures:
        if figure in sources:
            report.sources.setdefault(figure, sources[figure])


def validate_files(paths: Iterable[str | Path], validator, records: str | Path | None = None) -> Report:
    report = Report()
    for path in paths:
        validate_file(path, validator, report)
    if records:
        add_sources(report, records_by_figure(records))
    return report
