"""Names → HGNC symbols / FamPlex families, resolved by shape rules, context and tiers.

``choose`` is the one place where a name that names several things is decided:
1. names written exactly as the lexicon writes them beat case/dash variants;
2. the record's own genes (table, keywords) — the *context* — pick among candidates;
3. then the tier order (curated/FamPlex < symbol < alias < previous < NCBI synonym < name),
   symbol-stem affinity with the context (GP130 next to IL6/IL6R → IL6ST), and
   protein-coding before other loci;
4. otherwise the name stays unresolved: ``symbol=None`` with the candidates reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from ..lexicon import MEMO_SIZE, TIER_NAMES, TIERS, Entry, Lexicon, load_lexicon
from ..records import Figure
from ..lexicon.textnorm import clean_text, lookup_keys, spell_greek

HUMAN, MOUSE, RAT, ZEBRAFISH = "9606", "10090", "10116", "7955"
NON_GENE_PREFIXES = ("CHEBI:", "MESH:", "GO:", "PUBCHEM:")
DEMOTED = 6  # a curated name written in another case ('CAN' is not 'CaN')

# Common English words, units and lab abbreviations that are also gene aliases. A word
# here is grounded only when the record's own genes contain the gene it would name.
STOPWORDS = frozenset("""
a an and or not no nor but if of in on at to by as is it its be was are were been
for from with into onto via per than then that this these those there here when where
can could may might must shall should will would do does did has have had
set act arm car cat cell cells gene genes type role key end fig figure table
all any each both few more most other some such only own same so too very
one two three four five six ten min max mean total net top tip low high
ii iii iv vi vii viii ix xi xii
large small big long short fast slow up down out off over under
ros atp adp amp gtp gdp camp cgmp nad nadh nadp nadph no co ca mg na k fe zn cu
ph uv ir pi id ok tag tags ge ms nm mm um kg ml
dna rna mrna cdna sirna shrna mirna lncrna circrna
death damage stress growth repair rescue
""".split())
ROMAN = re.compile(r"^(?=[IVXLC])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")
NON_ALNUM = re.compile(r"[^0-9A-Za-z]")


@dataclass(frozen=True)
class GroundingContext:
    """What a record itself says about its genes and organisms."""

    symbols: frozenset[str] = frozenset()  # human HGNC symbols the record names
    families: frozenset[str] = frozenset()  # FamPlex names ('FPLX:AKT')
    taxids: tuple[str, ...] = ()

    @classmethod
    def from_figure(cls, figure: Figure) -> "GroundingContext":
        from .keywords import keyword_symbols  # keywords import genes: late import

        symbols = {g.hgnc_symbol or g.symbol for g in figure.genes if g.taxid in (None, HUMAN)}
        symbols |= {g.hgnc_symbol for g in figure.genes if g.hgnc_symbol}
        families = {f"FPLX:{g.family}" for g in figure.genes if g.family}
        symbols |= keyword_symbols(figure.keywords)
        taxids = tuple(dict.fromkeys(o.taxid for o in figure.organisms + figure.organisms_ner if o.taxid))
        return cls(frozenset(symbols), frozenset(families), taxids)

    def knows(self, target: str, lex: Lexicon) -> bool:
        if target.startswith("FPLX:"):
            return target in self.families or bool(self.symbols & set(lex.family_members(target)))
        return target in self.symbols


@dataclass(frozen=True)
class GroundingResult:
    """What one name grounds to; printed by ``rdfexport ground``."""

    text: str
    normalised: str
    symbol: str | None  # HGNC symbol or 'FPLX:NAME'; None when unresolved or not a gene
    kind: str  # gene / family / list / chain / chemical / disease / unknown
    match: str = ""  # symbol / alias / previous / ncbi / name / family / curated / context / ...
    ncbigene_ids: tuple[str, ...] = ()
    taxid: str | None = None  # organism of the ids
    orthologue_for_taxid: str | None = None  # the ids are the human orthologue's
    candidates: tuple[str, ...] = ()
    members: tuple[str, ...] = ()  # family members, list items or chain links
    xref: str | None = None  # MeSH/ChEBI id for chemicals and diseases

    @property
    def grounded(self) -> bool:
        return self.symbol is not None


# --- shape rules -------------------------------------------------------------------

def is_stopword(text: str, lex: Lexicon) -> bool:
    folded = text.casefold()
    return folded in STOPWORDS or folded in lex.ignore or bool(ROMAN.match(text))


def allowed_tiers(text: str) -> frozenset[int]:
    """The tiers a written form may match: a lower-case English-looking word only a
    curated name or a full gene name ('insulin', 'vimentin'), never an alias."""
    letters = NON_ALNUM.sub("", text)
    if len(letters) <= 1:
        return frozenset()
    if letters.isalpha() and letters.islower():
        return frozenset({0, TIERS["name"]}) if len(letters) >= 5 else frozenset({0})
    if re.fullmatch(r"[A-Z]{2,}s", letters):  # 'DEGs', 'MSCs': plural acronyms, curated only
        return frozenset({0})
    if letters.isalpha() and len(letters) == 2:
        return frozenset({0, TIERS["symbol"]})
    if letters.isalpha() and letters[0].isupper() and letters[1:].islower():
        return frozenset(range(TIERS["previous"] + 1)) | {TIERS["name"]}  # 'Toll' is no NCBI synonym
    return frozenset(range(TIERS["name"] + 1))


def effective_tier(entry: Entry, text: str) -> int:
    if entry.tier != TIERS["curated"]:
        return entry.tier
    if entry.target == f"FPLX:{entry.surface}" and not (text.islower() and len(text) < 5):
        return entry.tier  # FamPlex names in any case ('Akt'), but 'gap' is no GAP
    same_case = _case_form(entry.surface) == _case_form(text)
    return entry.tier if same_case else DEMOTED


def _words(text: str) -> list[str]:
    text = re.sub(r"(?<=\w)['’]s\b", "", spell_greek(clean_text(text)).casefold())
    return [w for w in re.split(r"[\s\-/,]+", text) if w]


def _case_form(text: str) -> str:
    return NON_ALNUM.sub("", spell_greek(clean_text(text)))


# --- choosing among candidates -----------------------------------------------------

@dataclass
class Choice:
    target: str | None
    match: str
    candidates: tuple[str, ...] = ()


STEM = re.compile(r"[A-Z]+\d*")


@lru_cache(maxsize=1 << 16)  # asked for every context gene at every tie: symbols repeat
def _stem(symbol: str) -> str:
    found = STEM.match(symbol)
    return found.group(0) if found else symbol


def _by_stem(targets: list[str], context: GroundingContext) -> list[str]:
    """Candidates whose symbol stem (IL6 of IL6ST) another context gene shares."""
    others = context.symbols - set(targets)
    stems = set(map(_stem, others))
    return [t for t in targets if len(_stem(t)) >= 3 and _stem(t) in stems]


def choose(entries: list[Entry], text: str, context: GroundingContext | None, lex: Lexicon) -> Choice | None:
    best_tier = _best_tiers(entries, text)
    return _decide(best_tier, context, lex, text) if best_tier else None


def _best_tiers(entries: list[Entry], text: str) -> dict[str, int] | None:
    """Each target the written form may name, with its best tier (no context needed)."""
    limit = allowed_tiers(text)
    ranked = [(effective_tier(e, text), e) for e in entries]
    ranked = [(t, e) for t, e in ranked if t in limit]
    if not ranked:
        return None
    if " " in text.strip():  # 'ACT in' is not 'actin': words must line up
        ranked = [(t, e) for t, e in ranked if _words(e.surface) == _words(text)]
    else:  # nor is 'proteins' 'protein S'
        ranked = [(t, e) for t, e in ranked if " " not in e.surface.strip()]
    if not ranked:
        return None
    exact = [(t, e) for t, e in ranked if e.surface == text]
    pool = exact or ranked
    best_tier = {}
    for tier, entry in pool:
        best_tier[entry.target] = min(tier, best_tier.get(entry.target, 99))
    return best_tier


def _decide(best_tier: dict[str, int], context: GroundingContext | None, lex: Lexicon,
            text: str = "") -> Choice:
    non_gene = [t for t in best_tier if t.startswith(NON_GENE_PREFIXES)]
    genes = {t: v for t, v in best_tier.items() if t not in non_gene}
    if non_gene and (not genes or min(best_tier[t] for t in non_gene) <= min(genes.values())):
        return Choice(non_gene[0], "chemical")  # 'ROS', 'ATP': the chemical reading wins ties
    targets = sorted(genes, key=lambda t: (genes[t], t))
    if len(targets) == 1:
        return Choice(targets[0], _match_name(targets[0], genes[targets[0]], text))
    if context:
        known = [t for t in targets if context.knows(t, lex)]
        if len(known) == 1:
            return Choice(known[0], "context", tuple(targets))
        targets = known or targets
    best = min(genes[t] for t in targets)
    top = [t for t in targets if genes[t] == best]
    if len(top) == 1:
        return Choice(top[0], _match_name(top[0], genes[top[0]], text), tuple(targets))
    return _tie_break(top, targets, context, lex)


def _tie_break(top: list[str], targets: list[str], context, lex: Lexicon) -> Choice:
    if context:
        near = _by_stem(top, context)
        if len(near) == 1:
            return Choice(near[0], "context", tuple(targets))
    families = [t for t in top if t.startswith("FPLX:")]
    if len(families) == 1:
        return Choice(families[0], "family", tuple(targets))
    coding = [t for t in top if t in lex.genes and lex.genes[t].locus == "p"]
    if len(coding) == 1:
        return Choice(coding[0], "preference", tuple(targets))
    return Choice(None, "ambiguous", tuple(targets))


def _match_name(target: str, tier: int, text: str) -> str:
    if target.startswith("FPLX:"):
        return "family"
    if lookup_keys(text)[0] == target.upper():
        return "symbol"  # 'IL-6' is the symbol IL6 written with a dash
    return TIER_NAMES.get(tier, "curated")


def lookup(text: str, context: GroundingContext | None = None, lex: Lexicon | None = None) -> Choice | None:
    """Ground one written form as a whole (no affix stripping)."""
    lex = lex or load_lexicon()
    stop, found = _known(text, lex)
    if stop is None:
        return found  # the answer whatever the context (see _context_free)
    if stop:
        entries = [e for e in found if context and context.knows(e.target, lex)]
        choice = choose(entries, text, context, lex) if entries else None
    else:
        choice = _decide(found, context, lex, text) if found else None
    return _chemical_first(choice, text, lex)


class ContextNeeded(Exception):
    """``settled_lookup``: the answer depends on the record's genes."""


def settled_lookup(text: str, lex: Lexicon) -> Choice | None:
    """``lookup(text, context, lex)`` when it is the same for every context (None
    included); raises ``ContextNeeded`` when the context may change it."""
    stop, found = _known(text, lex)
    if stop is None or (stop and not found):  # a stop word with no entries is no name anywhere
        return found if stop is None else None
    raise ContextNeeded(text)


def _known(text: str, lex: Lexicon) -> tuple[bool | None, Choice | list[Entry] | dict[str, int] | None]:
    """``_context_free(text)``, kept in ``lex.memo``: texts repeat their words."""
    known = lex.memo.get(text)
    if known is None:
        known = _context_free(text, lex)
        if len(lex.memo) >= MEMO_SIZE:
            lex.memo.clear()
        lex.memo[text] = known
    return known


def _chemical_first(choice: Choice | None, text: str, lex: Lexicon) -> Choice | None:
    weak = choice and choice.match in ("alias", "previous", "ncbi", "preference", "ambiguous")
    term = lex.terms.get(text.casefold()) if weak else None
    if term and term.kind == "chemical":  # 'CDP', 'PEP': a chemical abbreviation first
        return Choice(term.ident, "chemical")
    return choice


def _context_free(text: str, lex: Lexicon) -> tuple[bool | None, Choice | list[Entry] | dict[str, int] | None]:
    """What ``lookup`` knows of a written form whatever the record: a stop word and its
    entries (for the context to pick from), or its targets' best tiers; or (None, the
    answer) when ``_decide`` would not read the context (no target, a chemical first,
    one gene). Kept in ``lex.memo``: texts repeat their words."""
    entries = lex.entries(text)
    if is_stopword(text, lex):
        return True, entries
    best_tier = _best_tiers(entries, text) if entries else None
    if not best_tier:
        return None, None
    if _settled(best_tier):
        return None, _chemical_first(_decide(best_tier, None, lex, text), text, lex)
    return False, best_tier


def _settled(best_tier: dict[str, int]) -> bool:
    """Whether ``_decide`` answers before it reads the context: the chemical reading wins,
    or a single gene target is left (mirrors its first two returns)."""
    non_gene = [t for t in best_tier if t.startswith(NON_GENE_PREFIXES)]
    genes = [v for t, v in best_tier.items() if t not in non_gene]
    if non_gene and (not genes or min(best_tier[t] for t in non_gene) <= min(genes)):
        return True
    return len(genes) == 1


# --- species ------------------------------------------------------------------------

@dataclass(frozen=True)
class SpeciesIds:
    ncbigene_ids: tuple[str, ...]
    taxid: str | None
    orthologue_for_taxid: str | None = None


def species_ids(symbol: str, taxid: str | None = None, lex: Lexicon | None = None) -> SpeciesIds:
    """NCBI Gene ids of a human symbol's gene in ``taxid``; the human ids stand in when the
    shipped data has no id for that organism (``orthologue_for_taxid`` says so)."""
    lex = lex or load_lexicon()
    human = lex.ncbigene(symbol)
    human_ids = (human,) if human else ()
    if taxid in (None, HUMAN) or not human_ids:
        return SpeciesIds(human_ids, HUMAN if human_ids else None)
    own = _own_species_ids(taxid).get(symbol)
    if own:
        return SpeciesIds(tuple(own), taxid)
    return SpeciesIds(human_ids, HUMAN, taxid)


@lru_cache(maxsize=8)
def _own_species_ids(taxid: str) -> dict[str, tuple[str, ...]]:
    """human symbol -> this organism's NCBI Gene ids (where the shipped data has them)."""
    index: dict[str, set[str]] = {}
    for genes in load_lexicon().model.get(taxid, {}).values():
        for gene in genes:
            for human in gene.human if gene.ncbigene_id else ():
                index.setdefault(human, set()).add(gene.ncbigene_id)
    return {k: tuple(sorted(v, key=int)) for k, v in index.items()}


def model_gene(word: str, taxid: str, lex: Lexicon | None = None):
    """The mouse/rat/zebrafish gene whose official symbol is ``word`` (case as written)."""
    lex = lex or load_lexicon()
    genes = lex.model.get(taxid, {}).get(word.casefold(), [])
    return [g for g in genes if g.symbol == word] or None


def family_members(target: str, lex: Lexicon | None = None) -> tuple[str, ...]:
    return (lex or load_lexicon()).family_members(target)


def unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
