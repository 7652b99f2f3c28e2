"""The shipped gene lexicon: HGNC, FamPlex, curated texts, mouse/rat/zebrafish, MeSH.

``lexicon.tsv.gz`` is built by ``scripts/build_lexicon.py`` (docs/lexicon.md) and read
once per process by ``load_lexicon()``; nothing here needs the packages it came from.

Every name is indexed by its look-up keys (``lexicon.textnorm.lookup_keys``) with a
*tier* saying what kind of name it is; a lower tier is a stronger claim (the documented
preference order used when one name names several genes).
"""

from __future__ import annotations

import gzip
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from .textnorm import lookup_keys

LEXICON_FILE = "lexicon.tsv.gz"

# Preference order between kinds of names (lower wins), see docs/lexicon.md.
TIERS = {"curated": 0, "family": 0, "symbol": 1, "alias": 2, "previous": 3, "ncbi": 4, "name": 5}
TIER_NAMES = {v: k for k, v in TIERS.items() if k != "family"}


@dataclass(frozen=True)
class HumanGene:
    hgnc_id: str
    symbol: str
    ncbigene_id: str
    name: str
    locus: str  # 'p' protein-coding, 'r' RNA, 'o' other


class Entry(NamedTuple):
    """One name in the index: what it names and what kind of name it is."""

    target: str  # HGNC symbol, 'FPLX:NAME', or a non-gene id ('CHEBI:…', 'MESH:…', 'GO:…')
    tier: int
    surface: str  # the name as the source writes it


@dataclass(frozen=True)
class ModelGene:
    """A mouse, rat or zebrafish gene and what the shipped data knows of it."""

    symbol: str
    taxid: str
    ncbigene_id: str | None  # own-species NCBI Gene id (zebrafish only in shipped data)
    local_id: str  # MGI / RGD id, or the NCBI id for zebrafish
    human: tuple[str, ...]  # human orthologue symbols


@dataclass(frozen=True)
class Term:
    """A chemical or disease word (MeSH)."""

    kind: str  # 'chemical' or 'disease'
    ident: str  # 'MESH:D001943' or 'DOID:1612'
    label: str


@dataclass
class Lexicon:
    sources: list[str] = field(default_factory=list)
    genes: dict[str, HumanGene] = field(default_factory=dict)  # symbol -> gene
    by_ncbi: dict[str, str] = field(default_factory=dict)  # human NCBI id -> symbol
    families: dict[str, tuple[str, ...]] = field(default_factory=dict)  # FPLX name -> members
    long_index: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    short_index: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    model: dict[str, dict[str, list[ModelGene]]] = field(default_factory=dict)  # taxid -> folded symbol -> genes
    terms: dict[str, Term] = field(default_factory=dict)  # folded word -> chemical/disease
    ignore: set[str] = field(default_factory=set)  # folded words never grounded

    def add_name(self, surface: str, target: str, tier: int) -> None:
        long_key, short_key = lookup_keys(surface)
        if not long_key:
            return
        entry = (target, tier, surface)  # a plain tuple: half a million of them load fast
        self.long_index[long_key].append(entry)
        if short_key != long_key:
            self.short_index[short_key].append(entry)

    def entries(self, name: str) -> list[Entry]:
        """Index entries for a name: by long key, else by short (Greek-as-letter) key."""
        long_key, short_key = lookup_keys(name)
        found = self.long_index.get(long_key) or (
            self.long_index.get(short_key, []) + self.short_index.get(short_key, []))
        return [Entry(*entry) for entry in found]

    def family_members(self, target: str) -> tuple[str, ...]:
        return self.families.get(target.removeprefix("FPLX:"), ())

    def ncbigene(self, target: str) -> str | None:
        gene = self.genes.get(target)
        return gene.ncbigene_id if gene and gene.ncbigene_id else None


def _split(value: str) -> list[str]:
    return [v for v in value.split("|") if v]


def _add_human(lex: Lexicon, cols: list[str]) -> None:
    hgnc_id, symbol, ncbi, name, aliases, previous, ncbi_syn, locus = cols[:8]
    lex.genes[symbol] = HumanGene(hgnc_id, symbol, ncbi, name, locus)
    if ncbi:
        lex.by_ncbi[ncbi] = symbol
    lex.add_name(symbol, symbol, TIERS["symbol"])
    seen = {symbol}
    for kind, names in (("alias", aliases), ("previous", previous), ("ncbi", ncbi_syn)):
        for alias in _split(names):
            if alias not in seen:  # NCBI repeats HGNC's aliases: keep the stronger tier
                seen.add(alias)
                lex.add_name(alias, symbol, TIERS[kind])
    if name:
        lex.add_name(name, symbol, TIERS["name"])


def _add_family(lex: Lexicon, cols: list[str]) -> None:
    name, members = cols[0], tuple(_split(cols[1]))
    lex.families[name] = members
    lex.add_name(name, f"FPLX:{name}", TIERS["family"])
    if "_" in name:  # 'Gamma_secretase' is written 'gamma secretase'
        lex.add_name(name.replace("_", " "), f"FPLX:{name}", TIERS["family"])


def _add_model(lex: Lexicon, taxid: str, cols: list[str]) -> None:
    if taxid == "7955":
        symbol, ncbi, human_ncbi = cols
        human = tuple(lex.by_ncbi[h] for h in _split(human_ncbi) if h in lex.by_ncbi)
        gene = ModelGene(symbol, taxid, ncbi, ncbi, human)
        names = [symbol]
    else:
        local_id, symbol, synonyms, human_symbols = cols
        gene = ModelGene(symbol, taxid, None, local_id, tuple(_split(human_symbols)))
        names = [symbol]  # synonyms are kept in the file for debugging, not matched
    for name in names:
        lex.model.setdefault(taxid, {}).setdefault(name.casefold(), []).append(gene)


def _add_term(lex: Lexicon, kind: str, cols: list[str]) -> None:
    ident, label, synonyms = cols
    term = Term(kind, ident if ident.startswith("DOID:") else f"MESH:{ident}", label)
    for name in [label, *_split(synonyms)]:
        lex.terms.setdefault(name.casefold(), term)


MODEL_TAXA = {"M": "10090", "R": "10116", "Z": "7955"}


def parse_lexicon(text: str) -> Lexicon:
    lex = Lexicon()
    deferred = []
    for line in text.splitlines():
        if line.startswith("#"):
            lex.sources.append(line[1:].strip())
            continue
        kind, *cols = line.split("\t")
        if kind == "G":
            _add_human(lex, cols)
        else:
            deferred.append((kind, cols))  # after all genes, so links resolve
    for kind, cols in deferred:
        _add_record(lex, kind, cols)
    return lex


def _add_record(lex: Lexicon, kind: str, cols: list[str]) -> None:
    if kind == "F":
        _add_family(lex, cols)
    elif kind == "T":
        lex.add_name(cols[0], cols[1], TIERS["curated"])
    elif kind == "X":
        lex.ignore.add(cols[0].casefold())
    elif kind in MODEL_TAXA:
        _add_model(lex, MODEL_TAXA[kind], cols)
    elif kind in ("C", "D"):
        _add_term(lex, "chemical" if kind == "C" else "disease", cols)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The shipped lexicon, parsed on first use and kept for the process."""
    data = resources.files(__name__).joinpath(LEXICON_FILE).read_bytes()
    return parse_lexicon(gzip.decompress(data).decode("utf-8"))
