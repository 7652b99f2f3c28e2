"""The shipped gene lexicon: HGNC, FamPlex, curated texts, mouse/rat/zebrafish, MeSH.

``lexicon.tsv.gz`` is built by ``scripts/build_lexicon.py`` (docs/lexicon.md) and read
once per process by ``load_lexicon()``; nothing here needs the packages it came from.

Every name is indexed by its look-up keys (``lexicon.textnorm.lookup_keys``) with a
*tier* saying what kind of name it is; a lower tier is a stronger claim (the documented
preference order used when one name names several genes).
"""

from __future__ import annotations

import gc
import gzip
from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from itertools import chain, compress, count, groupby, repeat
from operator import itemgetter, ne
from typing import NamedTuple

from .textnorm import long_keys, lookup_keys, short_key, spelled_greek

LEXICON_FILE = "lexicon.tsv.gz"
MEMO_SIZE = 200_000  # answers kept per memo; past that it starts again (bounded memory)
STEM = 6  # length of the key stems ``Lexicon.starts_key`` tests first

# Preference order between kinds of names (lower wins), see docs/lexicon.md.
TIERS = {"curated": 0, "family": 0, "symbol": 1, "alias": 2, "previous": 3, "ncbi": 4, "name": 5}
TIER_NAMES = {v: k for k, v in TIERS.items() if k != "family"}
SYMBOL, ALIAS, PREVIOUS, NCBI, NAME = (TIERS[k] for k in ("symbol", "alias", "previous", "ncbi", "name"))


class HumanGene(NamedTuple):
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


class ModelGene(NamedTuple):
    """A mouse, rat or zebrafish gene and what the shipped data knows of it."""

    symbol: str
    taxid: str
    ncbigene_id: str | None  # own-species NCBI Gene id (zebrafish only in shipped data)
    local_id: str  # MGI / RGD id, or the NCBI id for zebrafish
    human: tuple[str, ...]  # human orthologue symbols


class Term(NamedTuple):
    """A chemical or disease word (MeSH)."""

    kind: str  # 'chemical' or 'disease'
    ident: str  # 'MESH:D001943' or 'DOID:1612'
    label: str


class Lexicon:
    """Names indexed for grounding, gene records, and sections parsed on first use.

    The human genes, FamPlex families, curated texts and ignore words are parsed at load
    (every look-up needs them); the mouse, rat and zebrafish genes (``model``, one section
    per species) and the MeSH/DOID words (``terms``) stay raw lines until asked for. The
    indexes map a key to a tuple of (target, tier, surface) entries in file order.
    """

    def __init__(self) -> None:
        self.sources: list[str] = []
        self.genes: dict[str, HumanGene] = {}  # symbol -> gene
        self.by_ncbi: dict[str, str] = {}  # human NCBI id -> symbol
        self.families: dict[str, tuple[str, ...]] = {}  # FPLX name -> members
        self.long_index: dict[str, tuple[tuple[str, int, str], ...]] = {}  # long key -> entries
        self.short_index: dict[str, tuple[tuple[str, int, str], ...]] = {}  # short key (Greek as Latin) -> entries
        self.ignore: set[str] = set()  # folded words never grounded
        self.model = ModelSections(self)  # taxid -> folded symbol -> genes
        self._term_lines: list[str] = []
        self._terms: dict[str, Term] | None = None
        self.memo: dict = {}  # look-up results that depend on the name alone (ground.genes)
        self.scan_memo: dict[str, int] = {}  # what an atom key allows (ground.mentions)
        self.window_memo: dict[tuple[str, ...], bool] = {}  # whether a run of atom keys may ground (ditto)
        self.pair_memo: dict[tuple[str, str], bool] = {}  # whether a pair of atom keys may lead past the first (ditto)
        self.form_memo: dict = {}  # written forms' names when no context changes them (ditto)
        self._sorted_keys: list[str] | None = None  # built on the first starts_key()
        self._stems: dict[str, tuple[int, int]] = {}  # ditto
        self._starts: dict[str, bool] = {}  # starts_key's answers, most texts repeat words

    @property
    def terms(self) -> dict[str, Term]:
        """folded word -> chemical/disease (MeSH, DOID), parsed on first use."""
        if self._terms is None:
            with _collector_paused():
                self._terms = _parse_terms(self._term_lines)
            self._term_lines = []
        return self._terms

    def parse_all(self) -> None:
        """Parse the sections kept raw until first use: a process converting many records
        asks for them sooner or later, and parsed at its start they can be frozen with the
        rest (``parallel._settle_heap``)."""
        self.terms  # noqa: B018 - the property parses the section
        for taxid in list(self.model):
            self.model[taxid]  # noqa: B018 - parses the species

    def add_name(self, surface: str, target: str, tier: int) -> None:
        self.add_names([(target, tier, surface)])

    def add_names(self, entries: list[tuple[str, int, str]]) -> None:
        """Index (target, tier, surface) entries, in order, under their surfaces' keys."""
        long = long_keys([surface for _, _, surface in entries])
        _extend(self.long_index, long, entries)
        spelled = spelled_greek(long)  # the few keys whose short key differs
        _extend(self.short_index, [short_key(long[i]) for i in spelled], [entries[i] for i in spelled])
        self.long_index.pop("", None)  # a name with no letter or digit is no name
        self.short_index.pop("", None)

    def entries(self, name: str) -> list[Entry]:
        """Index entries for a name: by long key, else by short (Greek-as-letter) key."""
        return self.entries_for_key(lookup_keys(name)[0])

    def entries_for_key(self, long_key: str) -> list[Entry]:
        found = self.long_index.get(long_key)
        if not found:
            short = short_key(long_key)
            found = self.long_index.get(short, ()) + self.short_index.get(short, ())
        return [Entry(*entry) for entry in found]

    def has_key(self, long_key: str) -> bool:
        """Whether ``entries`` finds anything for a name with this long key."""
        if long_key in self.long_index:
            return True
        short = short_key(long_key)
        return short in self.long_index or short in self.short_index

    def starts_key(self, prefix: str) -> bool:
        """Whether some indexed key (long or short) starts with ``prefix``."""
        keys, stems = self._sorted_keys, self._stems
        if keys is None:
            keys, stems = self.prefix_index()
        lo, hi = 0, len(keys)
        if len(prefix) >= STEM:
            lo, hi = stems.get(prefix[:STEM], (0, 0))
            if lo == hi:
                return False  # most windows of caption words: one hash probe, no bisection
        found = self._starts.get(prefix)
        if found is None:
            at = bisect_left(keys, prefix, lo, hi)
            found = at < hi and keys[at].startswith(prefix)
            if len(self._starts) >= MEMO_SIZE:
                self._starts.clear()
            self._starts[prefix] = found
        return found

    def prefix_index(self) -> tuple[list[str], dict[str, tuple[int, int]]]:
        """Every key (long or short), sorted, and where the keys starting with each stem
        (their first ``STEM`` characters) lie in that list, built on first use. Bisecting
        all 170,000 keys misses the CPU caches at every step; the stems answer most windows
        of caption words with one hash probe, and narrow the bisection of the others."""
        if self._sorted_keys is None:
            # chain, not a set union: the indexes' near-sorted file order sorts twice as
            # fast as a set's hash order, and a key listed twice answers the same
            keys = self._sorted_keys = sorted(chain(self.long_index, self.short_index))
            # The keys of one stem are a run of the sorted list: cut it where the stem
            # changes, all in C (a Python step per key costs more than the sort). A key
            # shorter than STEM is a run of its own, never asked for.
            stems = list(map(itemgetter(slice(STEM)), keys))
            cuts = [0, *compress(count(1), map(ne, stems[1:], stems)), len(keys)] if keys else [0]
            self._stems = dict(zip(map(stems.__getitem__, cuts[:-1]), zip(cuts, cuts[1:])))
        return self._sorted_keys, self._stems

    def family_members(self, target: str) -> tuple[str, ...]:
        return self.families.get(target.removeprefix("FPLX:"), ())

    def ncbigene(self, target: str) -> str | None:
        gene = self.genes.get(target)
        return gene.ncbigene_id if gene and gene.ncbigene_id else None


def _extend(index: dict[str, tuple], keys: list[str], entries: list[tuple[str, int, str]]) -> None:
    """Add entries under their keys, keeping order; built by ``dict(zip())`` since nine
    keys in ten name one thing, then the shared keys gathered."""
    fresh = dict(zip(keys, zip(entries)))  # key -> (entry,), the last one for a shared key
    shared = {key: index.get(key, ()) for key, count in Counter(keys).items() if count > 1 or key in index}
    for key, entry in zip(keys, entries):
        if key in shared:
            shared[key] += (entry,)
    index.update(fresh)
    index.update(shared)


MODEL_TAXA = {"M": "10090", "R": "10116", "Z": "7955"}


class ModelSections(Mapping):
    """taxid -> {folded symbol -> [ModelGene]}, each species parsed when first asked for."""

    def __init__(self, lex: Lexicon) -> None:
        self._lex = lex
        self._lines: dict[str, list[str]] = {}
        self._parsed: dict[str, dict[str, list[ModelGene]]] = {}

    def add_lines(self, taxid: str, lines: list[str]) -> None:
        self._lines.setdefault(taxid, []).extend(lines)

    def __getitem__(self, taxid: str) -> dict[str, list[ModelGene]]:
        if taxid not in self._parsed:
            if taxid not in self._lines:
                raise KeyError(taxid)
            with _collector_paused():
                self._parsed[taxid] = _parse_model(self._lex, taxid, self._lines.pop(taxid))
        return self._parsed[taxid]

    def __iter__(self):
        return iter([*self._parsed, *self._lines])

    def __len__(self) -> int:
        return len(self._parsed) + len(self._lines)


def _split(value: str) -> list[str]:
    return [v for v in value.split("|") if v]


G_COLUMNS = 11  # kind, hgnc_id, symbol, ncbigene, name, aliases, previous, ncbi_synonyms, locus, mgi, rgd


def _add_human(lex: Lexicon, lines: list[str], names: list[tuple[str, int, str]]) -> None:
    """G rows, a column at a time: genes, NCBI ids, and names (every symbol, then each
    gene's aliases, previous symbols and NCBI synonyms it was not already given, then
    every full name). No rule reads the order of one key's gene names."""
    cells = "\t".join(lines).split("\t")  # one split for all rows, then columns by stride
    if len(cells) != G_COLUMNS * len(lines):
        cells = [cell for line in lines for cell in (line.split("\t") + [""] * G_COLUMNS)[:G_COLUMNS]]
    hgnc, symbols, ncbi, full, aliases, previous, ncbi_syn, locus = (cells[k::G_COLUMNS] for k in range(1, 9))
    lex.genes.update(zip(symbols, map(HumanGene._make, zip(hgnc, symbols, ncbi, full, locus))))
    lex.by_ncbi.update((n, s) for n, s in zip(ncbi, symbols) if n)
    names.extend(zip(symbols, repeat(SYMBOL), symbols))
    add = names.append
    for symbol, al, pr, nc in zip(symbols, aliases, previous, ncbi_syn):
        if al or pr or nc:
            seen = {symbol}  # NCBI repeats HGNC's aliases: keep the stronger tier
            for tier, value in ((ALIAS, al), (PREVIOUS, pr), (NCBI, nc)):
                for alias in value.split("|") if value else ():
                    if alias and alias not in seen:
                        seen.add(alias)
                        add((symbol, tier, alias))
    names.extend((s, NAME, n) for s, n in zip(symbols, full) if n)


def _family_names(lex: Lexicon, cols: list[str], names: list[tuple[str, int, str]]) -> None:
    name, members = cols[0], tuple(_split(cols[1]))
    lex.families[name] = members
    names.append((f"FPLX:{name}", TIERS["family"], name))
    if "_" in name:  # 'Gamma_secretase' is written 'gamma secretase'
        names.append((f"FPLX:{name}", TIERS["family"], name.replace("_", " ")))


def _parse_model(lex: Lexicon, taxid: str, lines: list[str]) -> dict[str, list[ModelGene]]:
    """One species' rows, a column at a time (as ``_add_human``); a section with a row of
    another width is parsed row by row, which raises on that row."""
    width = 4 if taxid == "7955" else 5
    cells = "\t".join(lines).split("\t")
    if len(cells) != width * len(lines):
        return _parse_model_rows(lex, taxid, lines)
    if taxid == "7955":
        symbols, ncbi, human_ncbi = cells[1::4], cells[2::4], cells[3::4]
        by_ncbi = lex.by_ncbi
        human = [tuple(by_ncbi[h] for h in value.split("|") if h in by_ncbi) if value else ()
                 for value in human_ncbi]  # '' is no NCBI id: split's empty pieces drop out
        genes = map(ModelGene._make, zip(symbols, repeat(taxid), ncbi, ncbi, human))
    else:  # synonyms are kept in the file for debugging, not matched
        local_ids, symbols, human_symbols = cells[1::5], cells[2::5], cells[4::5]
        human = [tuple(_split(value)) if value else () for value in human_symbols]
        genes = map(ModelGene._make, zip(symbols, repeat(taxid), repeat(None), local_ids, human))
    section: dict[str, list[ModelGene]] = {}
    for gene in genes:
        found = section.get(folded := gene.symbol.casefold())
        if found is None:
            section[folded] = [gene]
        else:
            found.append(gene)
    return section


def _parse_model_rows(lex: Lexicon, taxid: str, lines: list[str]) -> dict[str, list[ModelGene]]:
    section: dict[str, list[ModelGene]] = {}
    for line in lines:
        cols = line.split("\t")[1:]
        if taxid == "7955":
            symbol, ncbi, human_ncbi = cols
            human = tuple(lex.by_ncbi[h] for h in _split(human_ncbi) if h in lex.by_ncbi)
            gene = ModelGene(symbol, taxid, ncbi, ncbi, human)
        else:  # synonyms are kept in the file for debugging, not matched
            local_id, symbol, synonyms, human_symbols = cols
            gene = ModelGene(symbol, taxid, None, local_id, tuple(_split(human_symbols)))
        section.setdefault(symbol.casefold(), []).append(gene)
    return section


def _parse_terms(lines: list[str]) -> dict[str, Term]:
    """C and D rows, split all at once (as ``_add_human``), else row by row."""
    cells = "\t".join(lines).split("\t")
    terms: dict[str, Term] = {}
    if len(cells) != 4 * len(lines):
        for line in lines:
            _add_term(terms, line.split("\t"))
        return terms
    add = terms.setdefault
    for kind, ident, label, synonyms in zip(cells[0::4], cells[1::4], cells[2::4], cells[3::4]):
        term = Term("chemical" if kind == "C" else "disease",
                    ident if ident.startswith("DOID:") else f"MESH:{ident}", label)
        add(label.casefold(), term)
        for name in synonyms.split("|") if synonyms else ():
            if name:
                add(name.casefold(), term)
    return terms


def _add_term(terms: dict[str, Term], cols: list[str]) -> None:
    kind, ident, label, synonyms = cols
    term = Term("chemical" if kind == "C" else "disease", ident if ident.startswith("DOID:") else f"MESH:{ident}", label)
    for name in [label, *_split(synonyms)]:
        terms.setdefault(name.casefold(), term)


def parse_lexicon(text: str) -> Lexicon:
    lex = Lexicon()
    blocks = _blocks(text.splitlines())
    lex.sources = [line[1:].strip() for line in blocks.get("#", ())]
    names: list[tuple[str, int, str]] = []
    if blocks.get("G"):
        _add_human(lex, blocks["G"], names)
    for line in blocks.get("later", ()):  # after all genes, so links resolve
        _add_record(lex, line.split("\t"), names)
    lex.add_names(names)
    for kind, taxid in MODEL_TAXA.items():
        if blocks.get(kind):
            lex.model.add_lines(taxid, blocks[kind])
    lex._term_lines = blocks.get("terms", [])
    return lex


def _blocks(lines: list[str]) -> dict[str, list[str]]:
    """Lines by kind ('G', 'M', 'R', 'Z'; 'terms' for C and D, 'later' for F, T and X),
    each in file order. The build script writes each kind's rows together, so this
    slices runs of one kind rather than testing every line."""
    blocks: dict[str, list[str]] = {}
    at = 0
    for kind, run in groupby(line[:1] for line in lines):
        size = sum(1 for _ in run)
        group = "terms" if kind in ("C", "D") else "later" if kind in ("F", "T", "X") else kind
        if kind:
            blocks.setdefault(group, []).extend(lines[at: at + size])
        at += size
    return blocks


def _add_record(lex: Lexicon, cols: list[str], names: list[tuple[str, int, str]]) -> None:
    kind = cols[0]
    if kind == "F":
        _family_names(lex, cols[1:], names)
    elif kind == "T":
        names.append((cols[2], TIERS["curated"], cols[1]))
    elif kind == "X":
        lex.ignore.add(cols[1].casefold())


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The shipped lexicon, parsed on first use and kept for the process."""
    data = resources.files(__name__).joinpath(LEXICON_FILE).read_bytes()
    with _collector_paused():
        lex = parse_lexicon(gzip.decompress(data).decode("utf-8"))
        lex.prefix_index()  # every conversion scans captions: built with the rest, once per process
    return lex


@contextmanager
def _collector_paused():
    """Parsing a section makes up to a million objects that all live as long as the process;
    the cyclic garbage collector would walk them again at every collection it triggers
    while they are made (~40% of the load time) and find no garbage."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
