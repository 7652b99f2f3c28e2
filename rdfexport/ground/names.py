"""``ground_name``: one name as a person would type it → a ``GroundingResult``.

Beyond ``mentions.match_form`` it understands whole phrases: ``A (B)`` long form with
abbreviation, shorthand lists (``ZEB1/2``, ``LRP-5/6``), pathway chains
(``IL-6/JAK/STAT3 pathways`` names its end point), ``FAMILY MEMBER``
(``NF-κB p65`` → RELA), generic words (``Wnt ligand``, ``NLRP3 inflammasome``) and, as a
last resort, a one-letter slip against the record's own genes (``NLPC4`` next to NLRC4).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..lexicon import Lexicon, load_lexicon
from .genes import (HUMAN, NON_GENE_PREFIXES, Choice, GroundingContext, GroundingResult,
                    species_ids, model_gene)
from .mentions import find_mentions, match_form
from ..lexicon.textnorm import clean_text, lookup_keys

PAREN = re.compile(r"^(?P<long>[^()]+?)\s*\((?P<abbr>[^()]+)\)(?P<tail>[-\w]*)$")
SHORTHAND = re.compile(r"^(?P<head>[A-Za-z][A-Za-z-]*?)-?(?P<first>\d+[A-Za-z]?)(?P<rest>(?:/\d+[A-Za-z]?)+)$")
GENERIC = re.compile(r"\s+(?:pathways?|signal(?:l)?ing|axis|cascade|inflammasome|complex(?:es)?|"
                     r"ligands?|proteins?|genes?|mRNAs?|system|activity|expression|levels?)$", re.I)
LEADING = re.compile(r"^(?:the|a|an|precursor|mature|phosphorylated|activated|active|"
                     r"cleaved|total|intracellular|nuclear|cytoplasmic|soluble|secreted)\s+", re.I)


def ground_name(name: str, context: GroundingContext | None = None,
                organism: str | None = None) -> GroundingResult:
    """Ground one gene/family name; ``organism`` is an NCBI taxid for species-aware ids."""
    lex = load_lexicon()
    text = " ".join(clean_text(name).split())
    result = _model_symbol(text, organism, lex)  # its own species' ids already
    if not result:
        result = _first_rule(name, text, context, lex)
        result = _with_species(result, organism, lex) if result else _unknown(name, text, lex)
    return replace(result, normalised=lookup_keys(text)[0])


def _first_rule(name, text, context, lex):
    for rule in (_shorthand, _whole, _paren, _trimmed, _inside, _slip):
        result = rule(name, text, context, lex)
        if result:
            return result
    return None


def _result(name: str, text: str, choice: Choice, lex: Lexicon, match: str | None = None) -> GroundingResult:
    target = choice.target
    if choice.match == "chemical" or (target and target.startswith(NON_GENE_PREFIXES)):
        return GroundingResult(name, text, None, "chemical", "curated", xref=target)
    if target is None:
        return GroundingResult(name, text, None, "ambiguous", "ambiguous", candidates=choice.candidates)
    family = target.startswith("FPLX:")
    ids = () if family else tuple(filter(None, [lex.ncbigene(target)]))
    return GroundingResult(name, text, target, "family" if family else "gene", match or choice.match,
                           ids, HUMAN if ids else None, candidates=choice.candidates,
                           members=lex.family_members(target) if family else ())


def _whole(name, text, context, lex):
    found = match_form(text, context, lex)
    if found:
        return _result(name, text, found.choice, lex, found.rule or None)
    return None


def _paren(name, text, context, lex):
    parts = PAREN.match(text)
    if not parts:
        return None
    joined = f"{parts['long']}{parts['tail']}"  # 'vascular endothelial growth factor-A'
    for form in (joined, parts["abbr"] + parts["tail"], parts["long"], parts["abbr"]):
        result = ground_name_inner(name, form, context, lex)
        if result and result.symbol:
            return result
    return None


def _shorthand(name, text, context, lex):
    parts = SHORTHAND.match(text.replace(" ", ""))
    if not parts:
        return None
    head = parts["head"].rstrip("-")
    items = [parts["first"]] + parts["rest"].strip("/").split("/")
    members = [match_form(f"{head}{item}", context, lex) for item in items]
    symbols = tuple(m.choice.target for m in members if m and m.choice.target)
    if len(symbols) != len(items):
        return None
    ids = tuple(filter(None, (lex.ncbigene(s) for s in symbols)))
    return GroundingResult(name, text, symbols[0], "list", "list", ids, HUMAN, members=symbols)


def _trimmed(name, text, context, lex):
    trimmed = LEADING.sub("", GENERIC.sub("", text))
    if trimmed == text or not trimmed:
        return None
    return ground_name_inner(name, trimmed, context, lex)


def _inside(name, text, context, lex):
    """A phrase holding several mentions: a chain names its end point, FAMILY MEMBER the member."""
    mentions = [m for m in find_mentions(text, context) if m.symbol]
    if not mentions:
        return None
    symbols = [m.symbol for m in mentions]
    if len(mentions) == 2 and symbols[1] in lex.family_members(symbols[0]):
        choice = Choice(symbols[1], "member")
        return _result(name, text, choice, lex)
    last = mentions[-1]
    result = _result(name, text, Choice(last.symbol, last.match, last.candidates), lex)
    if len(mentions) == 1:
        return result
    return replace(result, kind="chain", match="chain", members=tuple(symbols))


def _slip(name, text, context, lex):
    """One substituted letter against a gene the record itself names (OCR and typos)."""
    if not context or not re.fullmatch(r"[A-Za-z0-9-]{4,}", text):
        return None
    key = re.sub(r"[^A-Z0-9]", "", text.upper())
    near = [s for s in context.symbols if len(s) == len(key) and
            sum(a != b for a, b in zip(s, key)) == 1]
    if len(near) != 1:
        return None
    return _result(name, text, Choice(near[0], "context"), lex, "context-fuzzy")


def ground_name_inner(name: str, form: str, context, lex: Lexicon) -> GroundingResult | None:
    for rule in (_whole, _shorthand, _trimmed, _inside):
        result = rule(name, form, context, lex)
        if result:
            return result
    return None


def _unknown(name: str, text: str, lex: Lexicon) -> GroundingResult:
    term = lex.terms.get(text.casefold())
    if term:
        return GroundingResult(name, text, None, term.kind, "lexicon", xref=term.ident)
    return GroundingResult(name, text, None, "unknown", "")


# --- species ------------------------------------------------------------------------

def _model_symbol(text: str, organism: str | None, lex: Lexicon) -> GroundingResult | None:
    """An official mouse/rat/zebrafish symbol, when the caller says which organism."""
    if organism in (None, HUMAN):
        return None
    genes = model_gene(text, organism, lex)
    if not genes:
        return None
    gene = genes[0]
    symbol = gene.human[0] if gene.human else None
    if gene.ncbigene_id:
        return GroundingResult(text, text, symbol, "gene", "species-symbol", (gene.ncbigene_id,),
                               organism, candidates=gene.human)
    human = lex.ncbigene(symbol) if symbol else None
    return GroundingResult(text, text, symbol, "gene", "species-symbol", (human,) if human else (),
                           HUMAN, organism if human else None, candidates=gene.human)


def _with_species(result: GroundingResult, organism: str | None, lex: Lexicon) -> GroundingResult:
    if organism in (None, HUMAN) or result.kind != "gene" or not result.symbol:
        return result
    ids = species_ids(result.symbol, organism, lex)
    return replace(result, ncbigene_ids=ids.ncbigene_ids, taxid=ids.taxid,
                   orthologue_for_taxid=ids.orthologue_for_taxid)
