"""The only place IRIs are minted.

Every function returns a plain ``str`` that is a valid RFC 3987 IRI and safe to
embed in N-Triples, Turtle and SPARQL: identifier parts are percent-encoded,
never pasted raw. Callers turn them into terms (``map`` uses pyoxigraph).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from .vocab import PFOCR_BASE

PMC_IMAGE_BASE = "https://www.ncbi.nlm.nih.gov/pmc/articles/"
NCBI_BASE = "https://www.ncbi.nlm.nih.gov/"
IDENTIFIERS = "https://identifiers.org/"
OBO = "http://purl.obolibrary.org/obo/"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"

_PMCID = re.compile(r"PMC\d+")
_DIGITS = re.compile(r"\d+")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_WPID = re.compile(r"WP\d+")
_MESH = re.compile(r"[CDM]\d+")


class IriError(ValueError):
    """The value cannot be made into a safe IRI (caller refuses or reports the field)."""


def segment(value: str) -> str:
    """Percent-encode one path segment: only RFC 3986 unreserved characters stay as they are."""
    if not value:
        raise IriError("empty identifier")
    return quote(value, safe="")


def _checked(pattern: re.Pattern[str], value: str, what: str) -> str:
    if not pattern.fullmatch(value):
        raise IriError(f"{what} {value!r} does not match {pattern.pattern}")
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


def dataset() -> str:
    return f"{PFOCR_BASE}dataset"


def gene_mention(figid: str, ncbigene_id: str) -> str:
    """The figure-local data node a gene IRI is ``wp:isAbout`` (holds the OCR word)."""
    return f"{figure(figid)}/DataNode/ncbigene-{_checked(_DIGITS, ncbigene_id, 'NCBI Gene id')}"


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
    if not re.fullmatch(r"10\.\d{4,9}/\S+", value):
        raise IriError(f"DOI {value!r} is not of the form 10.NNNN/suffix")
    return "https://doi.org/" + quote(value, safe="/")


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
