"""Map stage: one pure function per node kind, ``Figure`` → RDF triples.

Nodes come before the edges that point at them (figure, paper, organisms, data
nodes, then interactions). Terms are pyoxigraph terms because the writers and the
store are pyoxigraph; namespaces come from ``vocab`` and IRIs from ``iris`` only.
The result is deduplicated and sorted, so the same record always gives the same bytes.
"""

from __future__ import annotations

from typing import Iterator

from pyoxigraph import Literal, NamedNode, Triple

from . import __version__, iris
from .records import Chemical, Disease, Figure, Gene, Interaction, Organism, Paper
from .vocab import Ox

WP, DC, DCTERMS, SCHEMA, CITO, FOAF, PAV, PROV, OBO, RDF, RDFS, XSD, PFOCR = (
    Ox.WP, Ox.DC, Ox.DCTERMS, Ox.SCHEMA, Ox.CITO, Ox.FOAF, Ox.PAV, Ox.PROV, Ox.OBO,
    Ox.RDF, Ox.RDFS, Ox.XSD, Ox.PFOCR,
)
A = RDF.type
CC0 = NamedNode(iris.CC0)
IN_TAXON = OBO["RO_0002162"]  # RO 'in taxon'
NCIT_TAXON_ID = OBO["NCIT_C179773"]  # how WikiPathways' RDF states a taxon's number
MINER = NamedNode(f"https://pypi.org/project/rdfexport/{__version__}/")
INTERACTION_CLASSES = frozenset({
    "Stimulation", "Inhibition", "TranscriptionTranslation", "Binding", "ComplexBinding",
    "Conversion", "Catalysis", "Translocation", "DirectedInteraction",
})
_UNDIRECTED = {"Binding", "ComplexBinding"}

Triples = Iterator[tuple]


def text(value: str) -> Literal:
    return Literal(value)


def english(value: str) -> Literal:
    return Literal(value, language="en")


def typed(value: str, datatype: str) -> Literal:
    return Literal(value, datatype=XSD[datatype])


def boolean(value: bool) -> Literal:
    return typed("true" if value else "false", "boolean")


# --- the figure -----------------------------------------------------------------------------
def figure_triples(fig: Figure) -> Triples:
    f = NamedNode(iris.figure(fig.figid))
    yield f, A, WP.Pathway
    yield f, A, SCHEMA.ImageObject
    yield f, DCTERMS.identifier, text(fig.figid)
    yield f, DC.source, text("PFOCR")
    yield f, SCHEMA.license, CC0
    yield f, DCTERMS.license, CC0
    page = NamedNode(iris.figure_page(fig.figid))
    yield f, FOAF.page, page
    yield f, SCHEMA.url, page
    if fig.title:
        yield f, DC.title, english(fig.title)
        yield f, SCHEMA.name, english(fig.title)
    if fig.caption:
        yield f, SCHEMA.caption, text(fig.caption)
        yield f, DCTERMS.description, text(fig.caption)
    if fig.filename:
        yield f, SCHEMA.contentUrl, NamedNode(iris.pmc_image(fig.paper.pmcid, fig.filename))
    if fig.figlink:
        yield f, RDFS.seeAlso, NamedNode(iris.pmc_figure_page(fig.figlink))
    if fig.number:
        yield f, PFOCR.figureNumber, text(fig.number)
    if fig.automl_score is not None:
        yield f, PFOCR.automlPathwayScore, typed(f"{fig.automl_score:.7f}".rstrip("0").rstrip("."), "decimal")
    if fig.figid_alias:
        yield f, SCHEMA.sameAs, NamedNode(iris.figure(fig.figid_alias))
    for wpid in fig.wpids:
        yield f, RDFS.seeAlso, NamedNode(iris.wikipathways(wpid))
    if fig.ndex:
        yield f, RDFS.seeAlso, NamedNode(iris.ndex(fig.ndex))
    for keyword in fig.keywords:
        yield f, SCHEMA.keywords, text(keyword)
    for word in fig.gene_words:
        yield f, PFOCR.unmappedGeneWord, text(word)
    paper = NamedNode(iris.paper(fig.paper.pmcid))
    yield f, SCHEMA.isPartOf, paper
    yield f, DCTERMS.references, paper
    yield f, CITO.cites, paper


def paper_triples(paper: Paper) -> Triples:
    p = NamedNode(iris.paper(paper.pmcid))
    yield p, A, SCHEMA.ScholarlyArticle
    yield p, A, WP.PublicationReference
    yield p, DCTERMS.identifier, text(paper.pmcid)
    yield p, DC.source, text("PMC")
    yield p, FOAF.page, NamedNode(iris.pmc_article_page(paper.pmcid))
    if paper.title:
        yield p, DC.title, english(paper.title)
        yield p, SCHEMA.name, english(paper.title)
    if paper.reftext:
        yield p, DCTERMS.bibliographicCitation, text(paper.reftext)
    if paper.year:
        yield p, SCHEMA.datePublished, typed(paper.year, "gYear")
    if paper.doi:
        yield p, SCHEMA.sameAs, NamedNode(iris.doi(paper.doi))
        yield p, PFOCR.doi, text(paper.doi)
    if paper.journal_title:
        yield p, PFOCR.journalTitle, text(paper.journal_title)
    if paper.journal_nlm_ta:
        yield p, PFOCR.journalAbbreviation, text(paper.journal_nlm_ta)
    if paper.publisher:
        yield p, DC.publisher, text(paper.publisher)
    for keyword in paper.keywords:
        yield p, SCHEMA.keywords, text(keyword)


def organism_triples(fig: Figure) -> Triples:
    f = NamedNode(iris.figure(fig.figid))
    for organism in fig.organisms:
        yield f, WP.organismName, text(organism.name)
        if organism.taxid:
            yield f, WP.organism, NamedNode(iris.taxon(organism.taxid))
            yield from taxon_triples(organism)
    for organism in fig.organisms_ner:
        if organism.taxid:
            yield f, PFOCR.nerOrganism, NamedNode(iris.taxon(organism.taxid))
            yield from taxon_triples(organism)
        else:
            yield f, PFOCR.nerOrganismName, text(organism.name)


def taxon_triples(organism: Organism) -> Triples:
    t = NamedNode(iris.taxon(organism.taxid))
    yield t, NCIT_TAXON_ID, text(organism.taxid)
    yield t, RDFS.label, text(organism.taxon_name or organism.name)


# --- data nodes -----------------------------------------------------------------------------
def gene_triples(fig: Figure, gene: Gene, f: NamedNode | None = None) -> Triples:
    f = NamedNode(iris.figure(fig.figid)) if f is None else f
    g = NamedNode(iris.ncbigene(gene.ncbigene_id))
    m = NamedNode(iris.gene_mention(fig.figid, gene.ncbigene_id, gene.word))
    yield g, A, WP.DataNode
    yield g, A, WP.GeneProduct
    yield g, RDFS.label, text(gene.symbol)
    yield g, DC.identifier, g
    yield g, DCTERMS.identifier, text(gene.ncbigene_id)
    yield g, DC.source, text("Entrez Gene")
    yield g, WP.bdbEntrezGene, g
    yield g, DCTERMS.isPartOf, f
    yield g, WP.isAbout, m
    if gene.taxid:
        yield g, IN_TAXON, NamedNode(iris.taxon(gene.taxid))
    if gene.hgnc_symbol and gene.taxid == "9606":
        yield g, WP.bdbHgncSymbol, NamedNode(iris.hgnc_symbol(gene.hgnc_symbol))
    yield from mention_triples(f, m, gene)


def mention_triples(f: NamedNode, m: NamedNode, gene: Gene) -> Triples:
    """The figure-local node: which OCR word named the gene and how that word was matched."""
    yield m, A, PFOCR.GeneMention
    yield m, DCTERMS.isPartOf, f
    if gene.word:
        yield m, PFOCR.ocrWord, text(gene.word)
    if gene.match:
        yield m, PFOCR.matchType, text(gene.match)
    if gene.source:
        yield m, PFOCR.mappingSource, text(gene.source)
    if gene.family:
        yield m, PFOCR.family, text(gene.family)
    if gene.orthologue_for_taxid:
        yield m, PFOCR.orthologueFor, NamedNode(iris.taxon(gene.orthologue_for_taxid))


def chemical_triples(fig: Figure, chem: Chemical, f: NamedNode | None = None) -> Triples:
    f = NamedNode(iris.figure(fig.figid)) if f is None else f
    if not (chem.chebi or chem.mesh):
        yield f, PFOCR.unmappedChemicalWord, text(chem.word)
        return
    c = NamedNode(iris.chebi(chem.chebi) if chem.chebi else iris.mesh(chem.mesh))
    yield c, A, WP.DataNode
    yield c, A, WP.Metabolite
    yield c, RDFS.label, text(chem.name or chem.word)
    yield c, DC.identifier, c
    yield c, DCTERMS.identifier, text(f"CHEBI:{chem.chebi}" if chem.chebi else chem.mesh)
    yield c, DC.source, text("ChEBI" if chem.chebi else "MeSH")
    yield c, DCTERMS.isPartOf, f
    if chem.chebi:
        yield c, WP.bdbChEBI, c
    if chem.chebi and chem.mesh:
        yield c, PFOCR.mesh, NamedNode(iris.mesh(chem.mesh))
    yield f, PFOCR.chemical, c


def disease_triples(fig: Figure, disease: Disease, f: NamedNode | None = None) -> Triples:
    f = NamedNode(iris.figure(fig.figid)) if f is None else f
    if not (disease.doid or disease.mesh):
        yield f, PFOCR.unmappedDiseaseWord, text(disease.word)
        return
    d = NamedNode(iris.doid(disease.doid) if disease.doid else iris.mesh(disease.mesh))
    yield f, PFOCR.disease, d
    if disease.doid:
        yield f, WP.diseaseOntologyTag, d
    yield d, RDFS.label, text(disease.name or disease.word)
    yield d, DCTERMS.identifier, text(f"DOID:{disease.doid}" if disease.doid else disease.mesh)


# --- interactions (edges last) --------------------------------------------------------------
def interaction_key(i: Interaction) -> str:
    ends = [i.source_symbol, i.target_symbol]
    if i.wp_class in _UNDIRECTED:
        ends.sort()
    return f"{ends[0]}-{i.wp_class}-{ends[1]}"


def participant(symbol: str, gene_id: str | None) -> NamedNode:
    if gene_id:
        return NamedNode(iris.ncbigene(gene_id))
    if symbol.startswith("FPLX:"):
        return NamedNode(iris.famplex(symbol[5:]))
    return NamedNode(iris.hgnc_symbol(symbol))


def participant_triples(f: NamedNode, symbol: str, gene_id: str | None) -> Triples:
    node = participant(symbol, gene_id)
    yield node, A, WP.DataNode
    yield node, DCTERMS.isPartOf, f
    yield node, RDFS.label, text(symbol[5:] if symbol.startswith("FPLX:") else symbol)
    if gene_id:
        yield node, A, WP.GeneProduct
        yield node, DCTERMS.identifier, text(gene_id)
        yield node, WP.bdbEntrezGene, node
        yield node, WP.bdbHgncSymbol, NamedNode(iris.hgnc_symbol(symbol))
        yield node, IN_TAXON, NamedNode(iris.taxon("9606"))
    elif symbol.startswith("FPLX:"):
        yield node, A, PFOCR.GeneFamily
        yield node, DCTERMS.identifier, text(symbol)
    else:
        yield node, A, WP.GeneProduct
        yield node, WP.bdbHgncSymbol, node


def interaction_triples(fig: Figure, i: Interaction, paper: NamedNode, f: NamedNode | None = None) -> Triples:
    """One asserted interaction; negated statements are not asserted (see docs/model.md)."""
    if i.negated or i.wp_class not in INTERACTION_CLASSES:
        return
    f = NamedNode(iris.figure(fig.figid)) if f is None else f
    n = NamedNode(iris.interaction(fig.figid, interaction_key(i)))
    src, tgt = participant(i.source_symbol, i.source_gene), participant(i.target_symbol, i.target_gene)
    yield from participant_triples(f, i.source_symbol, i.source_gene)
    yield from participant_triples(f, i.target_symbol, i.target_gene)
    yield n, A, WP.Interaction
    yield n, A, WP.DirectedInteraction
    if i.wp_class != "DirectedInteraction":
        yield n, A, WP[i.wp_class]
    yield n, WP.source, src
    yield n, WP.target, tgt
    yield n, WP.participants, src
    yield n, WP.participants, tgt
    yield n, DCTERMS.isPartOf, f
    yield n, DCTERMS.references, paper
    yield n, PFOCR.evidenceText, text(i.evidence)
    yield n, PFOCR.evidenceStart, typed(str(i.start), "integer")
    yield n, PFOCR.evidenceEnd, typed(str(i.end), "integer")
    yield n, PFOCR.sentenceIndex, typed(str(i.sentence), "integer")
    if i.trigger:
        yield n, PFOCR.trigger, text(i.trigger)
    yield n, PFOCR.hedged, boolean(i.hedged)
    yield n, PROV.wasDerivedFrom, f
    yield n, PAV.createdWith, MINER


# --- the record -----------------------------------------------------------------------------
def _all_triples(fig: Figure) -> Triples:
    paper = NamedNode(iris.paper(fig.paper.pmcid))
    yield from figure_triples(fig)
    yield from paper_triples(fig.paper)
    yield from organism_triples(fig)
    f = NamedNode(iris.figure(fig.figid))  # made once, not once per node (performance)
    for gene in fig.genes:
        yield from gene_triples(fig, gene, f)
    for chem in fig.chemicals:
        yield from chemical_triples(fig, chem, f)
    for disease in fig.diseases:
        yield from disease_triples(fig, disease, f)
    for interaction in fig.interactions:
        yield from interaction_triples(fig, interaction, paper, f)


def _sort_key(triple: tuple) -> tuple[str, str, str]:
    """The order of ``map_figure``: by the terms' N-Triples strings (subject, predicate, object)."""
    return str(triple[0]), str(triple[1]), str(triple[2])


def _lines(fig: Figure) -> dict[str, tuple]:
    """Each distinct triple of the figure by its N-Triples line (``S P O .\\n``).

    ``str()`` of a pyoxigraph term is its N-Triples form, the very text the serialiser
    writes, and equal terms have equal text, so deduplicating lines deduplicates triples.
    Sorting the lines sorts the triples by ``_sort_key``: subjects and predicates are IRIs
    (``<…>``, never a proper prefix of one another), and an object that is a proper prefix
    of another (``"x"`` of ``"x"@en``) is followed there by ``@`` or ``^``, both above the
    space that follows it in its own line (``tests/test_map_order.py``).
    """
    lines: dict[str, tuple] = {}
    for t in _all_triples(fig):
        lines.setdefault(f"{t[0]} {t[1]} {t[2]} .\n", t)
    return lines


def map_figure(fig: Figure) -> list[Triple]:
    """All triples of one figure, deduplicated and in a stable order."""
    lines = _lines(fig)
    return [Triple(*lines[line]) for line in sorted(lines)]


def map_figure_ntriples(fig: Figure) -> tuple[str, int]:
    """``map_figure``'s triples as N-Triples text (exactly pyoxigraph's serialisation of
    them, in the same order) and their number, without making ``Triple`` objects."""
    lines = _lines(fig)
    return "".join(sorted(lines)), len(lines)

