"""The only place IRIs are minted.

Every function returns a plain ``str`` that is a valid RFC 3987 IRI and safe to
embed in N-Triples, Turtle and SPARQL: identifier parts are percent-encoded,
never pasted raw. Callers turn them into terms (``map`` uses pyoxigraph).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote

from .vocab import PFOCR_BASE

PMC_IMAGE_BASE = "https://www.ncbi.nlm.nih.gov/pmc/articles/"
NCBI_BASE = "https://www.ncbi.nlm.nih.gov/"
IDENTIFIERS = "https://identifiers.org/"
OBO = "http://purl.obolibrary.org/obo/"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"

# ASCII digits only: ``\d`` would also accept '١' or '２' and mint look-alike IRIs
_PMCID = re.compile(r"PMC[0-9]+")
_DIGITS = re.compile(r"[0-9]+")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_WPID = re.compile(r"WP[0-9]+")
_MESH = re.compile(r"[CDM][0-9]+")
_DOI = re.compile(r"10\.[0-9]{4,9}/\S+")
_DOT_SEGMENTS = {".", ".."}
_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]+")  # RFC 3986 unreserved: what ``quote`` leaves as it is


class IriError(ValueError):
    """The value cannot be made into a safe IRI (caller refuses or reports the field)."""


@lru_cache(maxsize=65536)  # figids and symbols recur hundreds of times per figure
def segment(value: str) -> str:
    """Percent-encode one path segment: only RFC 3986 unreserved characters stay as they are.

    The result is ASCII, so it is a valid IRI segment and safe in N-Triples, Turtle and
    SPARQL. ``.`` and ``..`` are refused: resolvers (and browsers, even as ``%2E%2E``)
    treat them as dot-segments, so the IRI would name another resource.
    """
    if not value:
        raise IriError("empty identifier")
    if value in _DOT_SEGMENTS:
        raise IriError(f"{value!r} is a relative path step, not an identifier")
    if _UNRESERVED.fullmatch(value):  # most identifiers: nothing to encode, and ``quote`` is slow
        return value
    return _encode(value, safe="")


def _encode(value: str, safe: str) -> str:
    try:
        return quote(value, safe=safe, errors="strict")
    except UnicodeEncodeError:
        raise IriError(f"{value[:80]!r} is not valid Unicode (lone surrogate)") from None


def _checked(pattern: re.Pattern[str], value: str, what: str) -> str:
    if not pattern.fullmatch(value):
        raise IriError(f"{what} {value[:80]!r} does not match {pattern.pattern}")
    return value


# --- the figure and its pages -------------------------------------------------------------
def figure(figid: str) -> str:
    return f"{PFOCR_BASE}figures/{segment(figid)}"


def figure_page(figid: str) -> str:
    return f"{PFOCR_BASE}figures/{segment(figid)}.html"


def figure_graph(figid: str) -> str:
    """Named graph holding one figure's triples (TriG / N-Quads / endpoint loads)."""
    return f"{PFOCR_BASE}graph/figures/{segment(figid)}"


def dataset_graph() -> str:
    """Named graph for the export's VoID/HCLS dataset description."""
    return f"{PFOCR_BASE}graph/dataset"


def export_graph() -> str:
    """Named graph a single-graph export (Turtle, N-Triples, JSON-LD) is loaded into."""
    return f"{PFOCR_BASE}graph/export"


def dataset() -> str:
    return f"{PFOCR_BASE}dataset"


def dataset_part(kind: str, name: str) -> str:
    """A node of the dataset description: its distributions, inputs, the tool, the activity."""
    return f"{dataset()}/{segment(kind)}/{segment(name)}"


def gene_mention(figid: str, ncbigene_id: str, word: str = "") -> str:
    """The figure-local data node a gene IRI is ``wp:isAbout``: one per word that named the gene."""
    return figure(figid) + gene_mention_path(ncbigene_id, word)


def gene_mention_path(ncbigene_id: str, word: str = "") -> str:
    """What ``gene_mention`` adds after the figure's IRI (the id is checked before the word);
    ``map`` remembers it per gene row."""
    node = f"/DataNode/ncbigene-{_checked(_DIGITS, ncbigene_id, 'NCBI Gene id')}"
    return f"{node}/{segment(word)}" if word else node


def interaction(figid: str, key: str) -> str:
    return f"{figure(figid)}/interaction/{segment(key)}"


def pmc_image(pmcid: str, filename: str) -> str:
    return f"{PMC_IMAGE_BASE}{_checked(_PMCID, pmcid, 'pmcid')}/bin/{segment(filename)}"


def pmc_figure_page(figlink: str) -> str:
    """``figlink`` is a site path such as ``pmc/articles/PMC1/figure/F4/`` (no leading '/')."""
    parts = [segment(p) for p in figlink.strip("/").split("/") if p]
    if not parts:
        raise IriError("empty figlink")
    return NCBI_BASE + "/".join(parts) + "/"


# --- literature ---------------------------------------------------------------------------
def paper(pmcid: str) -> str:
    return f"{IDENTIFIERS}pmc/{_checked(_PMCID, pmcid, 'pmcid')}"


def pmc_article_page(pmcid: str) -> str:
    return f"{PMC_IMAGE_BASE}{_checked(_PMCID, pmcid, 'pmcid')}/"


def doi(value: str) -> str:
    """DOI resolver IRI; '/' stays (it is part of every DOI), everything unsafe is encoded."""
    value = value.strip()
    if not _DOI.fullmatch(value):
        raise IriError(f"DOI {value[:80]!r} is not of the form 10.NNNN/suffix")
    parts = [p.replace(".", "%2E") if p in _DOT_SEGMENTS else _encode(p, safe="") for p in value.split("/")]
    return "https://doi.org/" + "/".join(parts)


# --- biology ------------------------------------------------------------------------------
def taxon(taxid: str) -> str:
    return f"{OBO}NCBITaxon_{_checked(_DIGITS, taxid, 'NCBI taxon id')}"


def ncbigene(gene_id: str) -> str:
    return f"{IDENTIFIERS}ncbigene/{_checked(_DIGITS, gene_id, 'NCBI Gene id')}"


def hgnc_symbol(symbol: str) -> str:
    return f"{IDENTIFIERS}hgnc.symbol/{segment(symbol)}"


def famplex(name: str) -> str:
    return f"{IDENTIFIERS}fplx/{segment(name)}"


def chebi(chebi_id: str) -> str:
    return f"{IDENTIFIERS}chebi/CHEBI:{_checked(_DIGITS, chebi_id, 'ChEBI id')}"


def mesh(mesh_id: str) -> str:
    return f"{IDENTIFIERS}mesh/{_checked(_MESH, mesh_id, 'MeSH id')}"


def doid(doid_id: str) -> str:
    return f"{OBO}DOID_{_checked(_DIGITS, doid_id, 'DOID')}"


def wikipathways(wpid: str) -> str:
    return f"{IDENTIFIERS}wikipathways/{_checked(_WPID, wpid, 'WikiPathways id')}"


def ndex(uuid: str) -> str:
    return f"{IDENTIFIERS}ndex/{_checked(_UUID, uuid, 'NDEx network UUID')}"
