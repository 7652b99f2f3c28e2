"""Normalise stage: ``RawRecord`` → clean ``Figure``, as small named passes.

The real corpus writes "no value" as ``.na.character`` (R's NA), ``NA``, ``''``,
``[NA]`` or an empty list, and a list as a YAML list, a plain string or a
`` | ``-joined string. Required fields that are unusable refuse the record
(``RecordError`` naming file and field); optional fields that are unusable are
dropped and reported in ``Figure.notes``.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from typing import Any, Iterable

from . import iris
from .errors import RecordError
from .records import Chemical, Disease, Figure, Gene, Organism, Paper, RawRecord

NA_VALUES = {"", ".na.character", "na", "nan", "null", "none", ".na", "n/a"}
MAX_FIGID = 255
# Real captions stay under 10,000 characters; a text field 10x that is no caption, and would
# cost caption mining minutes and strain endpoints' literal limits: left out with a note.
MAX_TEXT = 100_000
MAX_FIGID_ENCODED = 240  # percent-encoded, it names a file with --per-figure (255-byte limit)
# ASCII digits only: ``\d`` also matches '١' or '２', which would mint look-alike identifiers
_PMCID = re.compile(r"PMC[0-9]+")
_YEAR = re.compile(r"[0-9]{4}")
_DOI = re.compile(r"10\.[0-9]{4,9}/\S+")
_WPID = re.compile(r"WP[0-9]+")
_NUMBER = re.compile(r"(?:f|fig\.?|figure)\s*([0-9]+[a-z]?)", re.I)


# --- values -------------------------------------------------------------------------------
_NA_LONGEST = max(map(len, NA_VALUES))


def text(value: Any) -> str | None:
    """A scalar as clean text, or None for every spelling of 'no value'."""
    if value.__class__ is str:  # nearly every value: spare the checks below
        value = value.strip()
    elif value is None or isinstance(value, (dict, list)):
        return None
    else:
        value = str(value).strip()
    # casefold never shortens a string: a longer one is no NA spelling (and is not copied)
    return None if len(value) <= _NA_LONGEST and value.casefold() in NA_VALUES else value


_STR_ONLY = frozenset({str})


def text_list(value: Any, separator: str | None = None) -> tuple[str, ...]:
    """A list field as a tuple of clean strings; a plain string is a one-item list."""
    if isinstance(value, dict):
        return ()
    if not isinstance(value, list):
        value = [value]
    if _STR_ONLY.issuperset(map(type, value)):  # a flat list of strings, the usual: ``text`` by map
        items = [item for item in map(str.strip, value) if len(item) > _NA_LONGEST or item.casefold() not in NA_VALUES]
        if separator:
            items = [part for item in items for part in map(str.strip, item.split(separator)) if part]
        return tuple(dict.fromkeys(items))
    items: list[str] = []
    for item in _flatten(value):
        item = text(item)
        if item is None:
            continue
        items.extend(p.strip() for p in item.split(separator) if p.strip()) if separator else items.append(item)
    return tuple(dict.fromkeys(items))


def _flatten(values: list) -> Iterable[Any]:
    for value in values:
        if isinstance(value, list):
            yield from _flatten(value)
        else:
            yield value


def has_control_chars(value: str) -> bool:
    """Control, format, line/paragraph separator or lone surrogate characters."""
    if value.isascii():  # in ASCII, the control characters are exactly the unprintable ones
        return not value.isprintable()
    return any(unicodedata.category(c) in {"Cc", "Cf", "Zl", "Zp", "Cs"} for c in value)


def has_space_or_control(value: str) -> bool:
    if value.isascii():  # in ASCII, the spaces other than ' ' are unprintable
        return not value.isprintable() or " " in value
    return has_control_chars(value) or any(c.isspace() for c in value)


def is_number(value: str) -> bool:
    """ASCII digits only (``str.isdigit`` also accepts '²' and '١')."""
    return value.isascii() and value.isdigit()


def shown(value: Any, limit: int = 80) -> str:
    """A value for a one-line message: repr'd (so newlines show as ``\\n``) and cut short."""
    value = str(value)
    return repr(value[:limit]) + ("..." if len(value) > limit else "")


# --- required fields ----------------------------------------------------------------------
def figid_of(fm: dict, path: str) -> str:
    figid = text(fm.get("figid"))
    if figid is None:
        raise RecordError(path, "figid", "missing or empty")
    if has_space_or_control(figid):
        raise RecordError(path, "figid", f"contains whitespace or control characters: {shown(figid)}")
    if len(figid) > MAX_FIGID:
        raise RecordError(path, "figid", f"longer than {MAX_FIGID} characters")
    try:
        encoded = iris.segment(figid)
    except iris.IriError as exc:
        raise RecordError(path, "figid", str(exc)) from None
    if len(encoded) > MAX_FIGID_ENCODED:
        raise RecordError(path, "figid", f"longer than {MAX_FIGID_ENCODED} characters once percent-encoded")
    return figid


def pmcid_of(fm: dict, figid: str, path: str) -> str:
    pmcid = text(fm.get("pmcid"))
    if pmcid is None:
        prefix = figid.split("__", 1)[0]
        if _PMCID.fullmatch(prefix):
            return prefix
        raise RecordError(path, "pmcid", "missing, and the figid does not start with one")
    pmcid = pmcid.upper()
    if not _PMCID.fullmatch(pmcid):
        raise RecordError(path, "pmcid", f"{shown(pmcid)} is not of the form PMC<digits>")
    return pmcid


# --- optional fields: dropped with a note when unusable ----------------------------------
class Notes(list):
    def drop(self, field: str, value: Any, why: str) -> None:
        self.append(f"{field}: {why}: {shown(value)} (field left out)")


def score_of(fm: dict, notes: Notes) -> float | None:
    for field in ("automl_pathway", "pathway_score"):
        raw = text(fm.get(field))
        if raw is None:
            continue
        try:
            score = float(raw)
        except ValueError:
            notes.drop(field, raw, "not a number")
            continue
        if math.isnan(score) or not 0.0 <= score <= 1.0:
            notes.drop(field, raw, "not a score in [0, 1]")
            continue
        return score
    return None


def year_of(fm: dict, notes: Notes) -> str | None:
    year = text(fm.get("year"))
    if year is not None and not _YEAR.fullmatch(year):
        notes.drop("year", year, "not a four-digit year")
        return None
    return year


def doi_of(fm: dict, notes: Notes) -> str | None:
    doi = text(fm.get("doi"))
    if doi is None:
        return None
    doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", doi, flags=re.I)
    if not _DOI.fullmatch(doi):
        notes.drop("doi", doi, "not a DOI of the form 10.NNNN/suffix")
        return None
    return doi


def iri_part(value: str | None, field: str, mint, notes: Notes) -> str | None:
    """``value`` when ``mint(value)`` makes a safe IRI of it, else None and a note."""
    if value is None:
        return None
    # table columns repeat their values (symbols, ids): the check of a short one is remembered
    problem = (_iri_problem if len(value) <= _REMEMBERED_IRI_PART else _iri_problem.__wrapped__)(mint, value)
    if problem is not None:
        notes.drop(field, value, f"not usable in an IRI ({problem})")
        return None
    return value


_REMEMBERED_IRI_PART = 100


@functools.lru_cache(maxsize=8192)
def _iri_problem(mint, value: str) -> str | None:
    """Why ``mint(value)`` makes no IRI; None when it does."""
    try:
        mint(value)
    except iris.IriError as exc:
        return str(exc)
    return None


def figlink_of(fm: dict, notes: Notes) -> str | None:
    link = scalar_field(fm, "figlink", notes)
    return iri_part(link.lstrip("/") if link else None, "figlink", iris.pmc_figure_page, notes)


def figid_alias_of(fm: dict, notes: Notes) -> str | None:
    alias = scalar_field(fm, "figid_alias", notes)
    if alias and has_space_or_control(alias):
        notes.drop("figid_alias", alias, "contains whitespace or control characters")
        return None
    return iri_part(alias, "figid_alias", iris.figure, notes)


def number_of(fm: dict) -> str | None:
    number = text(fm.get("number"))
    if number is None:
        return None
    match = _NUMBER.fullmatch(number)
    return f"F{match.group(1)}" if match else number


def wpids_of(fm: dict, notes: Notes) -> tuple[str, ...]:
    wpids = []
    for wpid in text_list(fm.get("wpid")) + text_list(fm.get("wpids")):
        if _WPID.fullmatch(wpid):
            wpids.append(wpid)
        else:
            notes.drop("wpid", wpid, "not a WikiPathways id WP<digits>")
    return tuple(wpids)


def scalar_field(fm: dict, field: str, notes: Notes) -> str | None:
    value = fm.get(field)
    if isinstance(value, (dict, list)):
        notes.drop(field, value, "expected text, found a structure")
        return None
    value = text(value)
    if value is not None and len(value) > MAX_TEXT:
        notes.drop(field, value, f"longer than {MAX_TEXT:,} characters")
        return None
    return value


def organisms_of(fm: dict, field: str, notes: Notes) -> tuple[Organism, ...]:
    value = fm.get(field)
    if isinstance(value, dict):
        notes.drop(field, value, "expected a list of names")
        return ()
    return tuple(Organism(name, None, field) for name in text_list(value))


def keywords_of(fm: dict) -> tuple[str, ...]:
    """Figure keywords: the gene symbols and disease words of the site's JSON-LD block."""
    block = fm.get("schema-jsonld")
    return text_list(block.get("keywords")) if isinstance(block, dict) else ()


# --- companion tables and the 2021 inline lists -------------------------------------------
def _id(value: Any, prefix: str) -> str | None:
    value = text(value)
    if value is None:
        return None
    return value[len(prefix):] if value.lower().startswith(prefix) else value


def genes_of(rows: Iterable[dict], default_taxid: str | None, notes: Notes) -> tuple[tuple[Gene, ...], tuple[str, ...]]:
    """Gene rows (current table, 2021 inline list or download table) → genes with ids, words without."""
    # de-duplicated on the fields a table row sets (the rest are defaults): the same
    # de-duplication, first row first, as dict.fromkeys over Genes
    genes: dict[tuple, Gene] = {}
    words: dict[str, None] = {}
    for row in rows:
        if not isinstance(row, dict):
            continue
        fields, gene, word, row_notes = _gene_row(row, default_taxid)
        if row_notes:
            notes.extend(row_notes)
        if gene is None:
            if word:
                words[word] = None
        elif fields not in genes:
            genes[fields] = gene
    return tuple(genes.values()), tuple(words)


# the columns a gene row is read from
_GENE_COLUMNS = ("word", "ncbigene_id", "entrez", "ncbigene_symbol", "hgnc_symbol", "symbol", "organism_id", "source")
# The same (word, id, symbol, taxon, source) rows come back figure after figure: what a row
# of text cells gives (its Gene is frozen, so figures may share it) is remembered by them.
_GENE_ROWS: dict[tuple, tuple] = {}
_GENE_ROWS_MAX = 20_000  # ~1 kB each (the row's strings kept alive with them): ~20 MB at most


def _gene_row(row: dict, default_taxid: str | None) -> tuple:
    """``(fields, Gene or None, word, notes)`` for one gene row, remembered when its cells are text."""
    cells = (default_taxid, *map(row.get, _GENE_COLUMNS))
    return _remembered(_GENE_ROWS, _GENE_ROWS_MAX, cells, _read_gene_row, row, default_taxid)


def _remembered(memory: dict, limit: int, cells: tuple, read_row, *args) -> tuple:
    """``read_row(*args)``, remembered in ``memory`` by the row's ``cells`` when they are all
    text; bounded by ``limit``."""
    try:
        known = memory.get(cells)
    except TypeError:  # a list or mapping in an inline row: not remembered
        return read_row(*args)
    if known is None:
        known = read_row(*args)
        # only text cells: a number or boolean could equal one of another type, whose text differs
        if all(cell is None or cell.__class__ is str for cell in cells):
            if len(memory) >= limit:
                memory.clear()
            memory[cells] = known
    return known


def _read_gene_row(row: dict, default_taxid: str | None) -> tuple:
    """``(fields, Gene or None, word, notes)``: what ``genes_of`` makes of one row."""
    notes = Notes()
    get = row.get
    word = text(get("word")) or ""
    gene_id = text(get("ncbigene_id")) or text(get("entrez"))
    if gene_id is None:
        return None, None, word, tuple(notes)
    if not is_number(gene_id):
        notes.drop("genes", gene_id, f"NCBI Gene id of {shown(word)} is not numeric")
        return None, None, "", tuple(notes)
    symbol = text(get("ncbigene_symbol")) or text(get("hgnc_symbol")) or text(get("symbol"))
    taxid = text(get("organism_id")) or default_taxid
    fields = (gene_id, symbol or gene_id, word, taxid if taxid and is_number(taxid) else None,
              text(get("source")) or "",
              iri_part(text(get("hgnc_symbol")) or (symbol if taxid == "9606" else None),
                       "genes hgnc_symbol", iris.hgnc_symbol, notes))
    return fields, _table_gene(*fields), word, tuple(notes)


def _table_gene(ncbigene_id: str, symbol: str, word: str, taxid: str | None, match: str,
                hgnc_symbol: str | None) -> Gene:
    return Gene(ncbigene_id=ncbigene_id, symbol=symbol, word=word, taxid=taxid, match=match, source="table",
                hgnc_symbol=hgnc_symbol)


def chemicals_of(rows: Iterable[dict], notes: Notes) -> tuple[Chemical, ...]:
    return _terms_of(rows, _chemical_row, _CHEMICAL_COLUMNS, _CHEMICAL_ROWS, notes)


def diseases_of(rows: Iterable[dict], notes: Notes) -> tuple[Disease, ...]:
    return _terms_of(rows, _disease_row, _DISEASE_COLUMNS, _DISEASE_ROWS, notes)


# Chemical and disease rows repeat across figures as gene rows do: what one gives is remembered.
_CHEMICAL_COLUMNS = ("word", "name", "mesh", "chebi", "match")
_DISEASE_COLUMNS = ("word", "name", "mesh", "doid")
_CHEMICAL_ROWS: dict[tuple, tuple] = {}
_DISEASE_ROWS: dict[tuple, tuple] = {}
_TERM_ROWS_MAX = 10_000


def _terms_of(rows: Iterable[dict], read_row, columns: tuple[str, ...], memory: dict, notes: Notes) -> tuple:
    """The rows' terms with a word, de-duplicated (first row first), and every row's notes in row order."""
    terms: dict = {}
    for row in rows:
        if isinstance(row, dict):
            term, row_notes = _remembered(memory, _TERM_ROWS_MAX, tuple(map(row.get, columns)), read_row, row)
            notes.extend(row_notes)
            if term.word:
                terms[term] = None  # an equal term already there stays, as with dict.fromkeys
    return tuple(terms)


def _chemical_row(row: dict) -> tuple[Chemical, tuple[str, ...]]:
    notes = Notes()
    chemical = Chemical(word=text(row.get("word")) or "", name=text(row.get("name")),
                        mesh=iri_part(_id(row.get("mesh"), "mesh:"), "chemicals mesh", iris.mesh, notes),
                        chebi=iri_part(_id(row.get("chebi"), "chebi:"), "chemicals chebi", iris.chebi, notes),
                        match=text(row.get("match")))
    return chemical, tuple(notes)


def _disease_row(row: dict) -> tuple[Disease, tuple[str, ...]]:
    notes = Notes()
    disease = Disease(word=text(row.get("word")) or "", name=text(row.get("name")),
                      mesh=iri_part(_id(row.get("mesh"), "mesh:"), "diseases mesh", iris.mesh, notes),
                      doid=iri_part(_id(row.get("doid"), "doid:"), "diseases doid", iris.doid, notes))
    return disease, tuple(notes)


def _rows(raw: RawRecord, kind: str) -> list:
    """Companion table rows when a table was found, else the 2021 inline list."""
    if kind in raw.tables:
        return list(raw.tables[kind])
    inline = raw.front_matter.get(kind)
    return inline if isinstance(inline, list) else []


# --- the record ---------------------------------------------------------------------------
def paper_of(fm: dict, pmcid: str, notes: Notes) -> Paper:
    return Paper(
        pmcid=pmcid,
        title=scalar_field(fm, "papertitle", notes),
        reftext=scalar_field(fm, "reftext", notes),
        year=year_of(fm, notes),
        doi=doi_of(fm, notes),
        journal_title=scalar_field(fm, "journal_title", notes),
        journal_nlm_ta=scalar_field(fm, "journal_nlm_ta", notes),
        publisher=scalar_field(fm, "publisher_name", notes),
        keywords=text_list(fm.get("keywords"), separator="|"),
    )


def normalise_record(raw: RawRecord) -> Figure:
    """Clean one record; raises ``RecordError`` when figid or pmcid is unusable."""
    fm, path = raw.front_matter, raw.path
    figid = figid_of(fm, path)
    pmcid = pmcid_of(fm, figid, path)
    notes = Notes()
    layout = "2021" if "genes" in fm or "pathway_score" in fm else "current"
    default_taxid = "9606" if layout == "2021" else None  # 2021 gene lists are HGNC (human)
    genes, gene_words = genes_of(_rows(raw, "genes"), default_taxid, notes)
    return Figure(
        figid=figid,
        source_path=path,
        layout=layout,
        title=scalar_field(fm, "figtitle", notes),
        caption=scalar_field(fm, "caption", notes),
        paper=paper_of(fm, pmcid, notes),
        number=number_of(fm),
        filename=iri_part(scalar_field(fm, "filename", notes), "filename", iris.segment, notes),
        figlink=figlink_of(fm, notes),
        figtype=scalar_field(fm, "figtype", notes),
        figid_alias=figid_alias_of(fm, notes),
        automl_score=score_of(fm, notes),
        organisms=organisms_of(fm, "organisms", notes),
        organisms_ner=organisms_of(fm, "organisms_ner", notes),
        genes=genes,
        gene_words=gene_words,
        chemicals=chemicals_of(_rows(raw, "chemicals"), notes),
        diseases=diseases_of(_rows(raw, "diseases"), notes),
        keywords=keywords_of(fm),
        wpids=wpids_of(fm, notes),
        ndex=iri_part(scalar_field(fm, "ndex", notes), "ndex", iris.ndex, notes),
        content_hash=raw.content_hash,
        notes=tuple(notes),
    )
