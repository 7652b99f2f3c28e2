"""Ground stage: names in a normalised ``Figure`` → identifiers (taxa, genes).

``ground_figure`` is the stage's entry point; it returns a new ``Figure``. The name-level
API (``find_mentions``, ``ground_name``, ``GroundingContext``) is what the caption miner
and ``rdfexport ground`` use; all of it works offline from the shipped lexicon.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

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
    figure = replace(figure, organisms=organisms, organisms_ner=organisms_ner, notes=notes)
    return ground_keywords(replace(figure, genes=fill_hgnc_symbols(figure.genes)))


def fill_hgnc_symbols(genes: tuple[Gene, ...]) -> tuple[Gene, ...]:
    """Table genes keep their ids; the human symbol is filled where the table lacks it."""
    return tuple(g if g.hgnc_symbol else replace(g, hgnc_symbol=_human_symbol(g)) for g in genes)


def _human_symbol(gene: Gene) -> str | None:
    from ..lexicon import load_lexicon

    lex = load_lexicon()
    if gene.taxid in (None, "9606") and gene.ncbigene_id in lex.by_ncbi:
        return lex.by_ncbi[gene.ncbigene_id]
    found = classify_keyword(gene.symbol, lex) if gene.symbol else None
    return found.symbol if found and found.kind == "gene" else None


def ground_keywords(figure: Figure) -> Figure:
    """Genes the keywords name that the table lacks (reported as keyword matches),
    plus chemical and disease keywords; ``keywords`` itself is left as it was."""
    classes = classify_keywords(figure.keywords)
    # A human id standing in for a mouse gene is its own statement (an orthologue), so
    # the organism it stands in for is part of what makes a gene new.
    known = {(g.ncbigene_id, g.taxid, g.orthologue_for_taxid) for g in figure.genes}
    added = []
    for found in classes:
        gene = keyword_gene(found)
        key = gene and (gene.ncbigene_id, gene.taxid, gene.orthologue_for_taxid)
        if gene and key not in known:
            known.add(key)
            added.append(gene)
    return replace(figure, genes=figure.genes + tuple(added),
                   chemicals=figure.chemicals + _terms(classes, "chemical", figure),
                   diseases=figure.diseases + _terms(classes, "disease", figure))


@lru_cache(maxsize=1 << 16)  # one Gene per keyword class, shared (records are frozen)
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


def _terms(classes: list[KeywordClass], kind: str, figure: Figure) -> tuple:
    have = {t.word.casefold() for t in (figure.chemicals if kind == "chemical" else figure.diseases)}
    make = Chemical if kind == "chemical" else Disease
    out = []
    for found in classes:
        if found.kind == kind and found.keyword.casefold() not in have:
            have.add(found.keyword.casefold())
            out.append(make(word=found.keyword, **_xref_fields(found.xref)))
    return tuple(out)
