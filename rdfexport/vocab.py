"""The only place namespaces live.

``PREFIXES`` is the single list of prefixes (as WikiPathways' RDF uses them);
rdflib ``Namespace`` objects serve the rdflib side (validation, tests),
``OxNamespace`` objects give cached pyoxigraph terms (the dataset description), and
``NtNamespace`` objects give the mapper those terms' N-Triples text, because the mapper
writes millions of N-Triples lines.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Namespace

PFOCR_BASE = "https://pfocr.wikipathways.org/"

PREFIXES: dict[str, str] = {
    "wp": "http://vocabularies.wikipathways.org/wp#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "http://schema.org/",
    "cito": "http://purl.org/spar/cito/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "pav": "http://purl.org/pav/",
    "prov": "http://www.w3.org/ns/prov#",
    "obo": "http://purl.obolibrary.org/obo/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "sh": "http://www.w3.org/ns/shacl#",
    "pfocr": PFOCR_BASE + "vocab#",
    "pfocrfig": PFOCR_BASE + "figures/",
    "ncbigene": "https://identifiers.org/ncbigene/",
    "pmc": "https://identifiers.org/pmc/",
    "hgnc.symbol": "https://identifiers.org/hgnc.symbol/",
}

WP = Namespace(PREFIXES["wp"])
DC = Namespace(PREFIXES["dc"])
DCTERMS = Namespace(PREFIXES["dcterms"])
SCHEMA = Namespace(PREFIXES["schema"])
CITO = Namespace(PREFIXES["cito"])
FOAF = Namespace(PREFIXES["foaf"])
PAV = Namespace(PREFIXES["pav"])
PROV = Namespace(PREFIXES["prov"])
OBO = Namespace(PREFIXES["obo"])
VOID = Namespace(PREFIXES["void"])
PFOCR = Namespace(PREFIXES["pfocr"])


class OxNamespace:
    """``NS.term`` → a cached ``pyoxigraph.NamedNode`` (mirror of an rdflib Namespace)."""

    def __init__(self, base: str):
        self._base = base
        self._cache: dict[str, ox.NamedNode] = {}

    def __getattr__(self, name: str) -> ox.NamedNode:
        # only reached on the first access of ``name``: the node is then stored as an
        # instance attribute, so later ``NS.name`` lookups are plain attribute reads
        if name.startswith("_"):
            raise AttributeError(name)
        node = self.__dict__[name] = self[name]
        return node

    def __getitem__(self, name: str) -> ox.NamedNode:
        node = self._cache.get(name)
        if node is None:
            node = self._cache[name] = self._term(self._base + name)
        return node

    def _term(self, iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)


class NtNamespace(OxNamespace):
    """``NS.term`` → the cached N-Triples text of the term (``<iri>``, as pyoxigraph prints it)."""

    def _term(self, iri: str) -> str:  # type: ignore[override]
        return str(ox.NamedNode(iri))


class Ox:
    """pyoxigraph twins of the namespaces above, for code that builds terms."""

    WP = OxNamespace(PREFIXES["wp"])
    DC = OxNamespace(PREFIXES["dc"])
    DCTERMS = OxNamespace(PREFIXES["dcterms"])
    SCHEMA = OxNamespace(PREFIXES["schema"])
    CITO = OxNamespace(PREFIXES["cito"])
    FOAF = OxNamespace(PREFIXES["foaf"])
    PAV = OxNamespace(PREFIXES["pav"])
    PROV = OxNamespace(PREFIXES["prov"])
    OBO = OxNamespace(PREFIXES["obo"])
    RDF = OxNamespace(PREFIXES["rdf"])
    RDFS = OxNamespace(PREFIXES["rdfs"])
    OWL = OxNamespace(PREFIXES["owl"])
    XSD = OxNamespace(PREFIXES["xsd"])
    VOID = OxNamespace(PREFIXES["void"])
    DCAT = OxNamespace(PREFIXES["dcat"])
    PFOCR = OxNamespace(PREFIXES["pfocr"])


class Nt:
    """The namespaces above as N-Triples text, for the mapper (it writes lines, not terms)."""

    WP = NtNamespace(PREFIXES["wp"])
    DC = NtNamespace(PREFIXES["dc"])
    DCTERMS = NtNamespace(PREFIXES["dcterms"])
    SCHEMA = NtNamespace(PREFIXES["schema"])
    CITO = NtNamespace(PREFIXES["cito"])
    FOAF = NtNamespace(PREFIXES["foaf"])
    PAV = NtNamespace(PREFIXES["pav"])
    PROV = NtNamespace(PREFIXES["prov"])
    OBO = NtNamespace(PREFIXES["obo"])
    RDF = NtNamespace(PREFIXES["rdf"])
    RDFS = NtNamespace(PREFIXES["rdfs"])
    XSD = NtNamespace(PREFIXES["xsd"])
    PFOCR = NtNamespace(PREFIXES["pfocr"])


# Prefixes written into Turtle/TriG output: the common ones, not the IRI-shortening helpers.
TURTLE_PREFIXES = {k: v for k, v in PREFIXES.items() if k not in {"sh"}}
