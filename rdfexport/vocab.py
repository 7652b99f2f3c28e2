"""The only place namespaces live.

``PREFIXES`` is the single list of prefixes (as WikiPathways' RDF uses them);
rdflib ``Namespace`` objects serve the rdflib side (validation, tests) and
``OxNamespace`` objects give the mapper cached pyoxigraph terms, because the
mapper builds millions of terms and pyoxigraph serialises them.
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
            node = self._cache[name] = ox.NamedNode(self._base + name)
        return node


class Ox:
    """pyoxigraph twins of the namespaces above, for the mapper."""

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


# Prefixes written into Turtle/TriG output: the common ones, not the IRI-shortening helpers.
TURTLE_PREFIXES = {k: v for k, v in PREFIXES.items() if k not in {"sh"}}
