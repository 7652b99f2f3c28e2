"""Compact JSON-LD with the project's context (``ontologies/context.jsonld``).

rdflib compacts one figure at a time (it is quadratic on whole documents), and the
figures' nodes are streamed into one ``@graph``. Node order, keys and value sets
are sorted so the bytes do not depend on hash order.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import IO, Any, Iterable

import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from ..records import Figure
from . import Format
from .stats import WriteStats, first_time_only

CONTEXT_URL = "https://pfocr.wikipathways.org/context.jsonld"


@lru_cache(maxsize=1)
def context() -> dict[str, Any]:
    text = resources.files("rdfexport").joinpath("data/context.jsonld").read_text(encoding="utf-8")
    return json.loads(text)["@context"]


def to_rdflib(term):
    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, BlankNode):
        return rdflib.BNode(term.value)
    assert isinstance(term, Literal)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language, normalize=False)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value), normalize=False)


def _canonical(value: Any) -> Any:
    """Sort JSON-LD value sets (lists without @list) and keys, recursively."""
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def compact_nodes(triples: Iterable[Triple]) -> list[dict[str, Any]]:
    """Node objects of these triples, compacted with the project context."""
    graph = rdflib.Graph()
    for t in triples:
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    if not len(graph):
        return []
    doc = json.loads(graph.serialize(format="json-ld", context=context(), auto_compact=False))
    nodes = doc.get("@graph", [{k: v for k, v in doc.items() if k != "@context"}])
    return sorted((_canonical(n) for n in nodes), key=lambda n: n.get("id", n.get("@id", "")))


def figure_document(triples: Iterable[Triple]) -> dict[str, Any]:
    """A stand-alone compact document for one figure (what a figure's page can embed)."""
    return {"@context": context(), "@graph": compact_nodes(triples)}


def write(items: Iterable[tuple[Figure, list[Triple]]], handle: IO[bytes], stats: WriteStats, fmt: Format) -> None:
    seen: set[int] = set()
    head = json.dumps({"@context": context()}, ensure_ascii=False, indent=1)
    handle.write(head[:-2].encode() + b',\n "@graph": [')
    first = True
    for fig, triples in items:
        stats.figures += 1
        fresh = list(first_time_only(triples, fig.figid, seen))
        stats.triples += len(fresh)
        for node in compact_nodes(fresh):
            handle.write((b"\n  " if first else b",\n  ") + json.dumps(node, ensure_ascii=False, sort_keys=True).encode())
            first = False
    handle.write(b"\n ]\n}\n")
