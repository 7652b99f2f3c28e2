"""The reference: pySHACL on the same shapes and the same triples, results as ``Finding``s.

Terms cross to rdflib without normalising literals (``normalize=False``) and blank nodes
keep their ids, so pySHACL's results map back to exactly the terms the fast path reports.
"""

from __future__ import annotations

from typing import Iterable

import pyoxigraph as ox

from .findings import SH, Finding, PropertyPath
from .shapes import ShapesGraph


def to_rdflib(term):
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language, normalize=False)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value), normalize=False)


def to_oxigraph(term):
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    datatype = term.datatype or rdflib.XSD.string
    return ox.Literal(str(term), datatype=ox.NamedNode(str(datatype)))


def rdflib_graph(triples: Iterable):
    import rdflib

    graph = rdflib.Graph()
    for t in triples:
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return graph


class ReferenceValidator:
    """pySHACL with the project's shapes: ``ReferenceValidator(shapes).validate(triples)``."""

    def __init__(self, shapes: ShapesGraph):
        self.shapes_graph = rdflib_graph(shapes.triples)

    def validate(self, triples: Iterable, graph: ox.NamedNode | None = None) -> list[Finding]:
        import pyshacl

        _, results, _ = pyshacl.validate(rdflib_graph(triples), shacl_graph=self.shapes_graph,
                                         inference="none", advanced=False, meta_shacl=False)
        return findings_of_report(results, graph)


def findings_of_report(report, graph: ox.NamedNode | None = None) -> list[Finding]:
    """Read the sh:ValidationResults of an rdflib report graph."""
    import rdflib

    sh = rdflib.Namespace(SH)
    findings = []
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        def one(predicate, result=result):
            return report.value(result, predicate)

        value, message = one(sh.value), one(sh.resultMessage)
        findings.append(Finding(
            to_oxigraph(one(sh.focusNode)), _path(report, one(sh.resultPath)),
            to_oxigraph(value) if value is not None else None,
            str(one(sh.sourceConstraintComponent)).replace(SH, ""),
            to_oxigraph(one(sh.sourceShape)), str(one(sh.resultSeverity)).replace(SH, ""),
            str(message) if message is not None else "", graph))
    return findings


def _path(report, node) -> PropertyPath | None:
    import rdflib

    if node is None:
        return None
    if isinstance(node, rdflib.URIRef):
        return PropertyPath(ox.NamedNode(str(node)))
    inverse = report.value(node, rdflib.URIRef(SH + "inversePath"))
    return PropertyPath(ox.NamedNode(str(inverse)), inverse=True)
