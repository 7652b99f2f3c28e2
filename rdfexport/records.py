"""Plain typed records passed forward between pipeline stages.

No rdflib import here: RDF terms appear only from ``map`` onward. Every record
is frozen; a later stage makes a new one with ``dataclasses.replace``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping


@dataclass(frozen=True)
class RawRecord:
    """What ``read`` found: one figure's front matter and its companion tables."""

    path: str  # the .md file ('-' for stdin)
    front_matter: Mapping[str, Any]  # YAML mapping, scalars kept as strings
    tables: Mapping[str, tuple[Mapping[str, str], ...]] = field(default_factory=dict)
    table_paths: Mapping[str, str] = field(default_factory=dict)  # kind -> file
    content_hash: str = ""  # sha256 of the .md bytes and its tables, for incremental runs


@dataclass(frozen=True)
class Refusal:
    """A record (or input) that was not converted, and why."""

    path: str
    field: str
    reason: str
    figid: str | None = None

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.reason}"


@dataclass(frozen=True)
class Organism:
    name: str
    taxid: str | None = None  # NCBI Taxonomy id, None when the name is no known taxon
    source: str = "organisms"  # front-matter field it came from
    taxon_name: str | None = None  # the taxon's own name (a strain or common name maps to its taxon)


@dataclass(frozen=True)
class Gene:
    """A gene product the figure names, as a table states it or grounding found it."""

    ncbigene_id: str
    symbol: str
    word: str = ""  # OCR word in the figure
    taxid: str | None = None  # organism of the NCBI Gene id
    match: str = ""  # how the word matched: symbol, synonym, family, previous, ...
    source: str = ""  # where the mapping came from: 'table', 'inline', 'lexicon', ...
    hgnc_symbol: str | None = None
    family: str | None = None  # FamPlex name when the word named a family
    # When the figure's organism has no id for this gene in the shipped data, the human
    # gene stands in: ``ncbigene_id``/``taxid`` are the human ones and this names the
    # organism the word was attributed to (mapped as an orthologue, never a wrong-species id).
    orthologue_for_taxid: str | None = None


@dataclass(frozen=True)
class Chemical:
    word: str
    name: str | None = None
    mesh: str | None = None  # 'D005680' (no prefix)
    chebi: str | None = None  # '16865' (no prefix)
    match: str | None = None


@dataclass(frozen=True)
class Disease:
    word: str
    name: str | None = None
    mesh: str | None = None
    doid: str | None = None  # '0050117' (no prefix)


@dataclass(frozen=True)
class Paper:
    pmcid: str
    title: str | None = None
    reftext: str | None = None
    year: str | None = None
    doi: str | None = None
    journal_title: str | None = None
    journal_nlm_ta: str | None = None
    publisher: str | None = None
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    """A gene or family named in free text (title, caption), found by ``ground``."""

    start: int  # character offsets in the text it was found in
    end: int
    text: str  # as written ('IL-6', 'p-STAT3')
    symbol: str | None  # HGNC symbol or 'FPLX:NAME'; None when ambiguous and unresolved
    ncbigene_id: str | None = None  # human NCBI Gene id when symbol is one gene
    match: str = ""  # symbol / alias / previous / family / context
    candidates: tuple[str, ...] = ()  # competing symbols when ambiguous
    taxid: str | None = None


@dataclass(frozen=True)
class Interaction:
    """A molecular interaction a caption states (filled by ``mine``)."""

    wp_class: str  # 'Stimulation', 'Inhibition', 'TranscriptionTranslation', ...
    source_text: str
    target_text: str
    source_symbol: str  # HGNC symbol or 'FPLX:NAME'
    target_symbol: str
    sentence: int  # 1-based sentence index in the caption
    evidence: str  # the sentence text
    start: int  # character offsets of the sentence in the caption
    end: int
    trigger: str = ""
    negated: bool = False
    hedged: bool = False
    source_gene: str | None = None  # NCBI Gene id when the mention grounds to one gene
    target_gene: str | None = None


@dataclass(frozen=True)
class Figure:
    """One normalised PFOCR figure record; later stages fill genes and interactions."""

    figid: str
    source_path: str
    layout: str  # 'current' or '2021'
    title: str | None
    caption: str | None
    paper: Paper
    number: str | None = None  # 'F4'
    filename: str | None = None
    figlink: str | None = None  # 'pmc/articles/PMC…/figure/F4/' (no leading '/')
    figtype: str | None = None
    figid_alias: str | None = None
    automl_score: float | None = None  # AutoML pathway-figure classifier score, [0, 1]
    organisms: tuple[Organism, ...] = ()
    organisms_ner: tuple[Organism, ...] = ()
    genes: tuple[Gene, ...] = ()
    gene_words: tuple[str, ...] = ()  # words listed as genes with no id (2021 layout); ground maps them
    chemicals: tuple[Chemical, ...] = ()
    diseases: tuple[Disease, ...] = ()
    keywords: tuple[str, ...] = ()  # schema-jsonld keywords (gene symbols, disease words)
    wpids: tuple[str, ...] = ()
    ndex: str | None = None
    interactions: tuple[Interaction, ...] = ()
    content_hash: str = ""
    notes: tuple[str, ...] = ()  # things reported, not refused (unknown organism, ...)
