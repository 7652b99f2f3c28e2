"""Ground stage: names in a normalised ``Figure`` → identifiers (taxa, genes).

``ground_figure`` is the stage's entry point; it returns a new ``Figure``. The name-level
API (``find_mentions``, ``ground_name``, ``GroundingContext``) is what the caption miner
and ``rdfexport ground`` use; all of it works offline from the shipped lexicon.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

from ..lexicon import Lexicon, load_lexicon
from ..records import Chemical, Disease, Figure, Gene
from .genes import GroundingContext, GroundingResult, species_ids
from .keywords import KeywordClass, classify_keyword, classify_keywords
from .mentions import find_mentions
from .names import ground_name
from .organisms import TaxonTable

__all__ = [
    "GroundingContext", "GroundingResult", "KeywordClass", "TaxonTable", "classify_keyword",
    "classify_keywords", "find_mentions", "ground_figure", "ground_name", "species_ids",
]


def ground_figure(figure: Figure, taxa: TaxonTable) -> Figure:
    organisms = taxa.resolve(figure.organisms)
    organisms_ner = taxa.resolve(figure.organisms_ner)
    unknown = [o.name for o in organisms if o.taxid is None]
    notes = figure.notes + tuple(f"organism {name!r} is no known taxon; kept as a name" for name in unknown)
    # one new Figure for the stage: ``replace`` copies every field, it costs as much as the grounding
    return replace(figure, organisms=organisms, organisms_ner=organisms_ner, notes=notes,
                   **_keyword_additions(fill_hgnc_symbols(figure.genes), figure))


def fill_hgnc_symbols(genes: tuple[Gene, ...]) -> tuple[Gene, ...]:
    """Table genes keep their ids; the human symbol is filled where the table lacks it."""
    return tuple(g if g.hgnc_symbol else _with_human_symbol(g) for g in genes)


@lru_cache(maxsize=1 << 14)  # table rows repeat across figures, and so do their genes
def _with_human_symbol(gene: Gene) -> Gene:
    return replace(gene, hgnc_symbol=_human_symbol(gene))


def _human_symbol(gene: Gene) -> str | None:
    lex = load_lexicon()
    if gene.taxid in (None, "9606") and gene.ncbigene_id in lex.by_ncbi:
        return lex.by_ncbi[gene.ncbigene_id]
    found = classify_keyword(gene.symbol, lex) if gene.symbol else None
    return found.symbol if found and found.kind == "gene" else None


def ground_keywords(figure: Figure) -> Figure:
    """Genes the keywords name that the table lacks (reported as keyword matches),
    plus chemical and disease keywords; ``keywords`` itself is left as it was."""
    return replace(figure, **_keyword_additions(figure.genes, figure))


class KeywordReading(NamedTuple):
    """What a keyword adds to any figure it is on (the same for every figure: remembered)."""

    found: KeywordClass
    gene: Gene | None  # the keyword gene, shared by the figures (records are frozen)
    gene_key: tuple | None  # what makes that gene new to a figure (see _keyword_additions)
    term: Chemical | Disease | None  # the chemical or disease it names
    folded: str  # the keyword casefolded: a term is new to a figure unless a word folds the same


def _keyword_additions(genes: tuple[Gene, ...], figure: Figure) -> dict[str, tuple]:
    """``genes``, chemicals and diseases of ``figure`` with what its keywords add."""
    lex = load_lexicon()
    readings = [_keyword_reading(keyword, lex) for keyword in figure.keywords]
    # A human id standing in for a mouse gene is its own statement (an orthologue), so
    # the organism it stands in for is part of what makes a gene new.
    known = {(g.ncbigene_id, g.taxid, g.orthologue_for_taxid) for g in genes}
    added = []
    for reading in readings:
        if reading.gene is not None and reading.gene_key not in known:
            known.add(reading.gene_key)
            added.append(reading.gene)
    return {"genes": genes + tuple(added),
            "chemicals": figure.chemicals + _terms(readings, "chemical", figure.chemicals),
            "diseases": figure.diseases + _terms(readings, "disease", figure.diseases)}


@lru_cache(maxsize=1 << 16)  # keywords repeat across figures: most are gene symbols
def _keyword_reading(keyword: str, lex: Lexicon) -> KeywordReading:
    found = classify_keyword(keyword, lex)
    gene = keyword_gene(found)
    key = (gene.ncbigene_id, gene.taxid, gene.orthologue_for_taxid) if gene is not None else None
    make = {"chemical": Chemical, "disease": Disease}.get(found.kind)
    term = make(word=found.keyword, **_xref_fields(found.xref)) if make else None
    return KeywordReading(found, gene, key, term, found.keyword.casefold())


def keyword_gene(found: KeywordClass) -> Gene | None:
    if found.kind != "gene" or not found.symbol:
        return None
    if found.ncbigene_id:  # the keyword's own species has an id in the shipped data
        return Gene(found.ncbigene_id, found.keyword, found.keyword, found.taxid, "symbol",
                    "keyword", hgnc_symbol=found.symbol)
    ids = species_ids(found.symbol, found.taxid)
    if not ids.ncbigene_ids:
        return None
    return Gene(ids.ncbigene_ids[0], found.symbol, found.keyword, ids.taxid, "orthologue",
                "keyword", hgnc_symbol=found.symbol, orthologue_for_taxid=ids.orthologue_for_taxid)


def _xref_fields(xref: str | None) -> dict[str, str]:
    if xref and xref.startswith("MESH:"):
        return {"mesh": xref.removeprefix("MESH:")}
    if xref and xref.startswith("DOID:"):
        return {"doid": xref.removeprefix("DOID:")}
    return {}


def _terms(readings: list[KeywordReading], kind: str, have_terms: tuple) -> tuple:
    have = {t.word.casefold() for t in have_terms}
    out = []
    for reading in readings:
        if reading.found.kind == kind and reading.folded not in have:
            have.add(reading.folded)
            out.append(reading.term)
    return tuple(out)
