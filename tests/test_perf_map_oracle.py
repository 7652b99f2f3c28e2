"""The mapper before its N-Triples-line rewrite, kept as the oracle the fast mapper must equal.

``rdfexport.map`` writes N-Triples lines straight from strings (vocabulary terms as ready
text, IRIs from ``iris`` as ``<iri>``, cached gene nodes). This is the term-based mapper it
replaced, frozen: every triple a pyoxigraph term tuple, deduplicated and sorted by the
terms' ``str()``, then written by pyoxigraph's serialiser. The tests feed both the same
figures (realistic, tricky, hostile, generated and real records) and demand the same bytes,
the same count and the same ``Triple`` list, or the same error.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode

from rdfexport import __version__, iris
from rdfexport import map as mapper
from rdfexport.pipeline import Summary, figures
from rdfexport.records import Chemical, Disease, Figure, Gene, Interaction, Organism, Paper
from rdfexport.vocab import Ox

from test_parallel import load_make_corpus
from test_validate import sample_figure

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"

# --- the frozen reference mapper (rdfexport/map.py before the rewrite) ----------------------
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


def reference(fig: Figure) -> list[ox.Triple]:
    """The reference mapper's triples: distinct term tuples sorted by the terms' ``str()``."""
    unique = set(_all_triples(fig))
    return [ox.Triple(*t) for t in sorted(unique, key=_sort_key)]


# --- the comparison -------------------------------------------------------------------------
def expected(fig: Figure):
    """What the reference gives: (N-Triples text, count, triples), or the error it raises."""
    try:
        triples = reference(fig)
    except Exception as exc:  # noqa: BLE001 - the fast mapper must fail the same way
        return type(exc), str(exc)
    return (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode(), len(triples), triples


def got(fig: Figure):
    try:
        text, count = mapper.map_figure_ntriples(fig)
        return text, count, mapper.map_figure(fig)
    except Exception as exc:  # noqa: BLE001
        return type(exc), str(exc)


def assert_same(fig: Figure) -> None:
    want, have = expected(fig), got(fig)
    assert have[:2] == want[:2]
    assert have[2:] == want[2:]


# --- realistic records: generated, real, shipped samples, hostile ---------------------------
@pytest.fixture(scope="session")
def record_figures(tmp_path_factory) -> list[Figure]:
    """Every figure of a generated corpus, the shared corpus, the samples and the hostile records."""
    inputs = [str(ROOT / "samples" / "corpus"), str(ROOT / "tests" / "hostile")]
    if SHARED.is_dir():
        corpus = tmp_path_factory.mktemp("corpus") / "site"
        load_make_corpus().make_corpus(40, corpus, SHARED)
        inputs += [str(corpus), str(SHARED)]
    found = [fig for root in inputs for fig in figures([root], Summary())]
    assert len(found) > 20
    return found


def test_records_map_as_the_reference_maps_them(record_figures):
    for fig in record_figures:
        assert_same(fig)


def test_records_twice_in_one_process_same_bytes(record_figures):
    """The gene caches are filled by the first pass; the second must give the same bytes."""
    first = [mapper.map_figure_ntriples(fig) for fig in record_figures]
    assert [mapper.map_figure_ntriples(fig) for fig in reversed(record_figures)] == first[::-1]


# --- hostile figures --------------------------------------------------------------------------
HOSTILE = list('<>"{}|\\^` \t\n\r%/.:#?&;\'@\x00\x01\x1b\x7f\x85\u2028\u00e9\u0661\uff12\ufeff\U0001f9ec') + ["\ud800"]
nasty = st.text(alphabet=st.sampled_from(HOSTILE + list("PMCFPLX:0123456789abcTNF-_")), max_size=10) | st.text(max_size=6)
digits = st.sampled_from(["1", "7124", "9606", "10090", "0050117", "4167"])
word = st.sampled_from(["TNF", "IL-6", "TNF@en", "x y", ".", "..", ""]) | nasty
# text that makes a valid segment or literal: the mapper must write it, not refuse it
clean = word.filter(lambda w: w not in {"", ".", ".."} and not any("\ud800" <= c <= "\udfff" for c in w))
maybe = lambda strategy: st.none() | strategy  # noqa: E731
small = lambda strategy, n=3: st.lists(strategy, max_size=n).map(tuple)  # noqa: E731


def figures_of(ident, word, pmcid) -> st.SearchStrategy[Figure]:
    """Figures whose identifiers are drawn from ``ident`` and ``pmcid``, their other strings from ``word``."""
    genes = st.builds(Gene, ncbigene_id=ident, symbol=word, word=word, taxid=maybe(ident), match=word,
                      source=word, hgnc_symbol=maybe(word), family=maybe(word), orthologue_for_taxid=maybe(ident))
    symbol = word | word.map(lambda w: "FPLX:" + w)
    interactions = st.builds(
        Interaction, wp_class=st.sampled_from(sorted(INTERACTION_CLASSES) + ["Other"]), source_text=word,
        target_text=word, source_symbol=symbol, target_symbol=symbol, sentence=st.integers(0, 3), evidence=word,
        start=st.integers(0, 9), end=st.integers(0, 9), trigger=word, negated=st.booleans(), hedged=st.booleans(),
        source_gene=maybe(ident), target_gene=maybe(ident))
    organisms = st.builds(Organism, name=word, taxid=maybe(ident), taxon_name=maybe(word))
    chemicals = st.builds(Chemical, word=word, name=maybe(word), mesh=maybe(st.sampled_from(["D005947", "C1"])),
                          chebi=maybe(ident))
    diseases = st.builds(Disease, word=word, name=maybe(word), mesh=maybe(st.sampled_from(["D003920"])),
                         doid=maybe(ident))
    papers = st.builds(Paper, pmcid=pmcid, title=maybe(word),
                       reftext=maybe(word), year=maybe(word), doi=maybe(st.sampled_from(["10.1000/xyz", "10.1234/../a"])),
                       journal_title=maybe(word), journal_nlm_ta=maybe(word), publisher=maybe(word),
                       keywords=small(word))
    return st.builds(
        Figure, figid=word, source_path=st.just("x.md"), layout=st.just("current"), title=maybe(word),
        caption=maybe(word), paper=papers, number=maybe(word), filename=maybe(word),
        figlink=maybe(word | st.just("pmc/articles/PMC1/figure/F1/")), figid_alias=maybe(word),
        automl_score=maybe(st.floats(0, 1)), organisms=small(organisms), organisms_ner=small(organisms),
        genes=small(genes, 6), gene_words=small(word), chemicals=small(chemicals), diseases=small(diseases),
        keywords=small(word), wpids=small(st.sampled_from(["WP1", "WP23"])),
        ndex=maybe(st.sampled_from(["01234567-89ab-cdef-0123-456789abcdef"])), interactions=small(interactions))


pmcids = st.sampled_from(["PMC1", "PMC7048131"])
hostile_figures = figures_of(digits | digits | nasty, word, pmcids | pmcids | nasty)  # mostly refused: errors compared
writable_figures = figures_of(digits, clean, pmcids)  # hostile text in every literal and segment, all written
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(fig=hostile_figures)
def test_hostile_figures_map_or_fail_as_the_reference_does(fig):
    assert_same(fig)


@SETTINGS
@given(fig=writable_figures)
def test_hostile_text_is_written_as_the_reference_writes_it(fig):
    assert_same(fig)


@SETTINGS
@given(fig=writable_figures, data=st.data())
def test_repeated_genes_are_deduplicated_as_the_reference_does(fig, data):
    """The same gene under other words, twice, and as an interaction participant."""
    if not fig.genes:
        return
    gene = data.draw(st.sampled_from(fig.genes))
    again = replace(gene, word=data.draw(clean))
    partner = Interaction("Binding", "a", "b", gene.symbol, "TNF", 1, "a binds b", 0, 9, source_gene=gene.ncbigene_id)
    assert_same(replace(fig, genes=fig.genes + (gene, again), interactions=fig.interactions + (partner,)))
