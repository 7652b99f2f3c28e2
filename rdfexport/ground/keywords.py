"""Keyword classification: gene (with species), family, chemical, disease or unknown.

PFOCR keywords are official symbols of several species mixed with chemical and disease
words (``IL6``, ``Il6``, ``il6``, ``smad3a``, ``Breast cancer``). A keyword matches an
official symbol as written (human, then mouse/rat/zebrafish), then a FamPlex name, then
MeSH chemical/disease words; anything else stays plain text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from ..lexicon import Lexicon, load_lexicon
from .genes import HUMAN, MOUSE, RAT, ZEBRAFISH, model_gene

# A keyword written in one species' symbol style is tried against that species first.
MODEL_ORDER = (MOUSE, ZEBRAFISH, RAT)


@dataclass(frozen=True)
class KeywordClass:
    keyword: str
    kind: str  # gene / family / chemical / disease / unknown
    symbol: str | None = None  # human HGNC symbol (orthologue for other species) or FPLX:NAME
    taxid: str | None = None  # species whose symbol the keyword is
    ncbigene_id: str | None = None  # that species' NCBI Gene id when shipped data has it
    xref: str | None = None  # MESH:… or DOID:… for chemicals and diseases


def classify_keyword(keyword: str, lex: Lexicon | None = None) -> KeywordClass:
    return _classify(keyword, lex or load_lexicon())


@lru_cache(maxsize=1 << 16)  # keywords repeat across figures: most are gene symbols
def _classify(keyword: str, lex: Lexicon) -> KeywordClass:
    word = keyword.strip()
    if word in lex.genes:
        return KeywordClass(keyword, "gene", word, HUMAN, lex.ncbigene(word) or None)
    for taxid in MODEL_ORDER:
        genes = model_gene(word, taxid, lex)
        if genes and genes[0].human:
            gene = genes[0]
            return KeywordClass(keyword, "gene", gene.human[0], taxid, gene.ncbigene_id)
    if word in lex.families:
        return KeywordClass(keyword, "family", f"FPLX:{word}")
    term = lex.terms.get(word.casefold())
    if term:
        return KeywordClass(keyword, term.kind, xref=term.ident)
    return KeywordClass(keyword, "unknown")


def classify_keywords(keywords: Iterable[str]) -> list[KeywordClass]:
    lex = load_lexicon()
    return [_classify(k, lex) for k in keywords]


def keyword_symbols(keywords: Iterable[str]) -> set[str]:
    """Human symbols the keywords name (directly or as orthologues): grounding context."""
    return {c.symbol for c in classify_keywords(keywords) if c.kind == "gene" and c.symbol}
