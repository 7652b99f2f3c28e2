"""Map stage: one small function per node kind, ``Figure`` → RDF triples.

Nodes come before the edges that point at them (figure, paper, organisms, data
nodes, then interactions). Each function adds its node's triples to the figure's
``FigureLines`` as N-Triples text, the very text pyoxigraph's serialiser writes for
them: namespaces come from ``vocab.Nt`` and IRIs from ``iris`` only, and pyoxigraph
formats every literal (no term objects per triple: building and printing them was
most of this stage's time). The triples are deduplicated and sorted, so the same
record always gives the same bytes; ``map_figure`` parses the text back into
pyoxigraph triples for the writers that want terms. ``tests/test_perf_map_oracle.py``
keeps the term-based mapper this replaced and checks both give the same bytes.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, parse

from . import __version__, iris
from .records import Chemical, Disease, Figure, Gene, Interaction, Organism, Paper
from .vocab import Nt, Ox

WP, DC, DCTERMS, SCHEMA, CITO, FOAF, PAV, PROV, OBO, RDF, RDFS, PFOCR = (
    Nt.WP, Nt.DC, Nt.DCTERMS, Nt.SCHEMA, Nt.CITO, Nt.FOAF, Nt.PAV, Nt.PROV, Nt.OBO,
    Nt.RDF, Nt.RDFS, Nt.PFOCR,
)
A = RDF.type
CC0 = str(NamedNode(iris.CC0))
IN_TAXON = OBO["RO_0002162"]  # RO 'in taxon'
NCIT_TAXON_ID = OBO["NCIT_C179773"]  # how WikiPathways' RDF states a taxon's number
MINER = str(NamedNode(f"https://pypi.org/project/rdfexport/{__version__}/"))
INTERACTION_CLASSES = frozenset({
    "Stimulation", "Inhibition", "TranscriptionTranslation", "Binding", "ComplexBinding",
    "Conversion", "Catalysis", "Translocation", "DirectedInteraction",
})
_UNDIRECTED = {"Binding", "ComplexBinding"}


# --- terms ----------------------------------------------------------------------------------
def node(iri: str) -> str:
    """An IRI minted by ``iris`` as an N-Triples term, without building a ``NamedNode``:
    ``iris`` mints only ASCII unreserved characters, ``%HH`` and fixed delimiters, which
    pyoxigraph prints as they are (``tests/test_perf_map_iris.py`` proves the equality)."""
    return f"<{iri}>"


def text(value: str) -> str:
    return str(Literal(value))


@lru_cache(maxsize=65536)  # keywords are gene symbols and disease words: a vocabulary the corpus repeats
def keyword(value: str) -> str:
    return text(value)


def english(value: str) -> str:
    return str(Literal(value, language="en"))


def typed(value: str, datatype: str) -> str:
    return str(Literal(value, datatype=Ox.XSD[datatype]))


BOOLEAN = {True: typed("true", "boolean"), False: typed("false", "boolean")}
HUMAN = node(iris.taxon("9606"))


def says(predicate: str, obj: str) -> str:
    """A property as the tail of an N-Triples line, what follows its subject: `` P O .\\n``."""
    return f" {predicate} {obj} .\n"


class FigureLines:
    """One figure's distinct triples as N-Triples lines, kept as line tails by subject.

    Equal terms have equal N-Triples text, so distinct lines are distinct triples. Sorting
    subjects, then each subject's tails, sorts the lines: subjects are IRIs (``<…>``, never
    a proper prefix of one another). Sorting the lines sorts the triples by their terms'
    text (subject, predicate, object): predicates are IRIs too, and an object that is a
    proper prefix of another (``"x"`` of ``"x"@en``) is followed there by ``@`` or ``^``,
    both above the space that follows it in its own line (``tests/test_map_order.py``).
    """

    def __init__(self) -> None:
        self._tails: dict[str, set[str]] = {}
        self._sorted: list[tuple[str, list[str]]] | None = None

    def add(self, subject: str, tails: Iterable[str]) -> None:
        known = self._tails.get(subject)
        if known is None:
            self._tails[subject] = set(tails)
        else:
            known.update(tails)

    def items(self) -> list[tuple[str, list[str]]]:
        """(subject, its sorted tails) in line order: the figure's graph for the validator
        and the dataset counts, without parsing its text (sorted once)."""
        if self._sorted is None:
            by_subject = self._tails
            self._sorted = [(s, sorted(by_subject[s])) for s in sorted(by_subject)]
        return self._sorted

    def ntriples(self) -> tuple[str, int]:
        """The sorted lines as one text (``s + s.join(tails)`` writes each subject's lines)
        and their number."""
        items = self.items()
        return "".join([s + s.join(tails) for s, tails in items]), sum(len(tails) for _, tails in items)


# --- the figure -----------------------------------------------------------------------------
def figure_triples(out: FigureLines, fig: Figure, f: str, paper: str) -> None:
    page = node(iris.figure_page(fig.figid))
    props = [
        says(A, WP.Pathway), says(A, SCHEMA.ImageObject), says(DCTERMS.identifier, text(fig.figid)),
        says(DC.source, text("PFOCR")), says(SCHEMA.license, CC0), says(DCTERMS.license, CC0),
        says(FOAF.page, page), says(SCHEMA.url, page),
    ]
    if fig.title:
        title = english(fig.title)
        props += [says(DC.title, title), says(SCHEMA.name, title)]
    if fig.caption:
        caption = text(fig.caption)
        props += [says(SCHEMA.caption, caption), says(DCTERMS.description, caption)]
    if fig.filename:
        props.append(says(SCHEMA.contentUrl, node(iris.pmc_image(fig.paper.pmcid, fig.filename))))
    if fig.figlink:
        props.append(says(RDFS.seeAlso, node(iris.pmc_figure_page(fig.figlink))))
    if fig.number:
        props.append(says(PFOCR.figureNumber, text(fig.number)))
    if fig.automl_score is not None:
        props.append(says(PFOCR.automlPathwayScore, typed(f"{fig.automl_score:.7f}".rstrip("0").rstrip("."), "decimal")))
    if fig.figid_alias:
        props.append(says(SCHEMA.sameAs, node(iris.figure(fig.figid_alias))))
    props += [says(RDFS.seeAlso, node(iris.wikipathways(wpid))) for wpid in fig.wpids]
    if fig.ndex:
        props.append(says(RDFS.seeAlso, node(iris.ndex(fig.ndex))))
    props += [says(SCHEMA.keywords, keyword(value)) for value in fig.keywords]
    props += [says(PFOCR.unmappedGeneWord, text(word)) for word in fig.gene_words]
    props += [says(SCHEMA.isPartOf, paper), says(DCTERMS.references, paper), says(CITO.cites, paper)]
    out.add(f, props)


def paper_triples(out: FigureLines, paper: Paper, p: str) -> None:
    props = [
        says(A, SCHEMA.ScholarlyArticle), says(A, WP.PublicationReference), says(DCTERMS.identifier, text(paper.pmcid)),
        says(DC.source, text("PMC")), says(FOAF.page, node(iris.pmc_article_page(paper.pmcid))),
    ]
    if paper.title:
        title = english(paper.title)
        props += [says(DC.title, title), says(SCHEMA.name, title)]
    if paper.reftext:
        props.append(says(DCTERMS.bibliographicCitation, text(paper.reftext)))
    if paper.year:
        props.append(says(SCHEMA.datePublished, typed(paper.year, "gYear")))
    if paper.doi:
        props += [says(SCHEMA.sameAs, node(iris.doi(paper.doi))), says(PFOCR.doi, text(paper.doi))]
    if paper.journal_title:
        props.append(says(PFOCR.journalTitle, text(paper.journal_title)))
    if paper.journal_nlm_ta:
        props.append(says(PFOCR.journalAbbreviation, text(paper.journal_nlm_ta)))
    if paper.publisher:
        props.append(says(DC.publisher, text(paper.publisher)))
    props += [says(SCHEMA.keywords, keyword(value)) for value in paper.keywords]
    out.add(p, props)


def organism_triples(out: FigureLines, fig: Figure, f: str) -> None:
    for organism in fig.organisms:
        out.add(f, [says(WP.organismName, text(organism.name))])
        if organism.taxid:
            out.add(f, [says(WP.organism, node(iris.taxon(organism.taxid)))])
            taxon_triples(out, organism)
    for organism in fig.organisms_ner:
        if organism.taxid:
            out.add(f, [says(PFOCR.nerOrganism, node(iris.taxon(organism.taxid)))])
            taxon_triples(out, organism)
        else:
            out.add(f, [says(PFOCR.nerOrganismName, text(organism.name))])


def taxon_triples(out: FigureLines, organism: Organism) -> None:
    t = node(iris.taxon(organism.taxid))
    label = text(organism.taxon_name or organism.name)
    out.add(t, [says(NCIT_TAXON_ID, text(organism.taxid)), says(RDFS.label, label)])


# --- data nodes -----------------------------------------------------------------------------
def gene_triples(out: FigureLines, fig_iri: str, part_of: str, gene: Gene) -> None:
    """``part_of`` is the figure's ``dcterms:isPartOf`` tail, formatted once per figure; the
    figure's IRI ``fig_iri`` was checked when it was minted, so only the mention's path is."""
    # identifiers are checked in the order they always were, so a record with several bad
    # ones is refused with the same message: the id and the word (here) before the taxa
    m = node(fig_iri + iris.gene_mention_path(gene.ncbigene_id, gene.word))
    g, g_tails = gene_node(gene.ncbigene_id, gene.symbol, gene.taxid, gene.hgnc_symbol)
    out.add(g, (*g_tails, part_of, says(WP.isAbout, m)))
    how = mention_tails(gene.word, gene.match, gene.source, gene.family, gene.orthologue_for_taxid)
    out.add(m, (*how, part_of))


@lru_cache(maxsize=65536)  # a gene recurs in many figures and its node says the same in each
def gene_node(gene_id: str, symbol: str, taxid: str | None, hgnc_symbol: str | None) -> tuple[str, tuple[str, ...]]:
    """The gene's node and what it says in every figure naming it."""
    g = node(iris.ncbigene(gene_id))
    props = [
        says(A, WP.DataNode), says(A, WP.GeneProduct), says(RDFS.label, text(symbol)), says(DC.identifier, g),
        says(DCTERMS.identifier, text(gene_id)), says(DC.source, text("Entrez Gene")), says(WP.bdbEntrezGene, g),
    ]
    if taxid:
        props.append(says(IN_TAXON, node(iris.taxon(taxid))))
    if hgnc_symbol and taxid == "9606":
        props.append(says(WP.bdbHgncSymbol, node(iris.hgnc_symbol(hgnc_symbol))))
    return g, tuple(props)


@lru_cache(maxsize=65536)  # the same words are matched the same way in many figures
def mention_tails(word: str, match: str, source: str, family: str | None,
                  orthologue_for_taxid: str | None) -> tuple[str, ...]:
    """What the figure-local mention node says: which OCR word named the gene and how that
    word was matched."""
    props = [says(A, PFOCR.GeneMention)]
    if word:
        props.append(says(PFOCR.ocrWord, text(word)))
    if match:
        props.append(says(PFOCR.matchType, text(match)))
    if source:
        props.append(says(PFOCR.mappingSource, text(source)))
    if family:
        props.append(says(PFOCR.family, text(family)))
    if orthologue_for_taxid:
        props.append(says(PFOCR.orthologueFor, node(iris.taxon(orthologue_for_taxid))))
    return tuple(props)


def chemical_triples(out: FigureLines, chem: Chemical, f: str) -> None:
    if not (chem.chebi or chem.mesh):
        out.add(f, [says(PFOCR.unmappedChemicalWord, text(chem.word))])
        return
    c = node(iris.chebi(chem.chebi) if chem.chebi else iris.mesh(chem.mesh))
    props = [
        says(A, WP.DataNode), says(A, WP.Metabolite), says(RDFS.label, text(chem.name or chem.word)),
        says(DC.identifier, c),
        says(DCTERMS.identifier, text(f"CHEBI:{chem.chebi}" if chem.chebi else chem.mesh)),
        says(DC.source, text("ChEBI" if chem.chebi else "MeSH")), says(DCTERMS.isPartOf, f),
    ]
    if chem.chebi:
        props.append(says(WP.bdbChEBI, c))
    if chem.chebi and chem.mesh:
        props.append(says(PFOCR.mesh, node(iris.mesh(chem.mesh))))
    out.add(c, props)
    out.add(f, [says(PFOCR.chemical, c)])


def disease_triples(out: FigureLines, disease: Disease, f: str) -> None:
    if not (disease.doid or disease.mesh):
        out.add(f, [says(PFOCR.unmappedDiseaseWord, text(disease.word))])
        return
    d = node(iris.doid(disease.doid) if disease.doid else iris.mesh(disease.mesh))
    out.add(f, [says(PFOCR.disease, d)] + ([says(WP.diseaseOntologyTag, d)] if disease.doid else []))
    out.add(d, [
        says(RDFS.label, text(disease.name or disease.word)),
        says(DCTERMS.identifier, text(f"DOID:{disease.doid}" if disease.doid else disease.mesh)),
    ])


# --- interactions (edges last) --------------------------------------------------------------
def interaction_key(i: Interaction) -> str:
    ends = [i.source_symbol, i.target_symbol]
    if i.wp_class in _UNDIRECTED:
        ends.sort()
    return f"{ends[0]}-{i.wp_class}-{ends[1]}"


def participant(symbol: str, gene_id: str | None) -> str:
    if gene_id:
        return node(iris.ncbigene(gene_id))
    if symbol.startswith("FPLX:"):
        return node(iris.famplex(symbol[5:]))
    return node(iris.hgnc_symbol(symbol))


def participant_triples(out: FigureLines, f: str, symbol: str, gene_id: str | None) -> None:
    n = participant(symbol, gene_id)
    label = text(symbol[5:] if symbol.startswith("FPLX:") else symbol)
    props = [says(A, WP.DataNode), says(DCTERMS.isPartOf, f), says(RDFS.label, label)]
    if gene_id:
        props += [says(A, WP.GeneProduct), says(DCTERMS.identifier, text(gene_id)), says(WP.bdbEntrezGene, n),
                  says(WP.bdbHgncSymbol, node(iris.hgnc_symbol(symbol))), says(IN_TAXON, HUMAN)]
    elif symbol.startswith("FPLX:"):
        props += [says(A, PFOCR.GeneFamily), says(DCTERMS.identifier, text(symbol))]
    else:
        props += [says(A, WP.GeneProduct), says(WP.bdbHgncSymbol, n)]
    out.add(n, props)


def interaction_triples(out: FigureLines, fig: Figure, i: Interaction, f: str, paper: str) -> None:
    """One asserted interaction; negated statements are not asserted (see docs/model.md)."""
    if i.negated or i.wp_class not in INTERACTION_CLASSES:
        return
    n = node(iris.interaction(fig.figid, interaction_key(i)))
    src, tgt = participant(i.source_symbol, i.source_gene), participant(i.target_symbol, i.target_gene)
    participant_triples(out, f, i.source_symbol, i.source_gene)
    participant_triples(out, f, i.target_symbol, i.target_gene)
    props = [says(A, WP.Interaction), says(A, WP.DirectedInteraction)]
    if i.wp_class != "DirectedInteraction":
        props.append(says(A, WP[i.wp_class]))
    props += [
        says(WP.source, src), says(WP.target, tgt), says(WP.participants, src), says(WP.participants, tgt),
        says(DCTERMS.isPartOf, f), says(DCTERMS.references, paper), says(PFOCR.evidenceText, text(i.evidence)),
        says(PFOCR.evidenceStart, typed(str(i.start), "integer")), says(PFOCR.evidenceEnd, typed(str(i.end), "integer")),
        says(PFOCR.sentenceIndex, typed(str(i.sentence), "integer")),
    ]
    if i.trigger:
        props.append(says(PFOCR.trigger, text(i.trigger)))
    props += [says(PFOCR.hedged, BOOLEAN[bool(i.hedged)]), says(PROV.wasDerivedFrom, f), says(PAV.createdWith, MINER)]
    out.add(n, props)


# --- the record -----------------------------------------------------------------------------
def _lines(fig: Figure) -> FigureLines:
    """Each distinct triple of the figure as its N-Triples line."""
    out = FigureLines()
    paper = node(iris.paper(fig.paper.pmcid))  # first: of several bad identifiers, this one is reported
    fig_iri = iris.figure(fig.figid)
    f = node(fig_iri)
    figure_triples(out, fig, f, paper)
    paper_triples(out, fig.paper, paper)
    organism_triples(out, fig, f)
    part_of = says(DCTERMS.isPartOf, f)
    for gene in fig.genes:
        gene_triples(out, fig_iri, part_of, gene)
    for chem in fig.chemicals:
        chemical_triples(out, chem, f)
    for disease in fig.diseases:
        disease_triples(out, disease, f)
    for interaction in fig.interactions:
        interaction_triples(out, fig, interaction, f, paper)
    return out


def map_figure(fig: Figure) -> list[Triple]:
    """All triples of one figure, deduplicated and in a stable order."""
    ntriples, _ = map_figure_ntriples(fig)
    return [quad.triple for quad in parse(ntriples, format=RdfFormat.N_TRIPLES)]


def map_figure_ntriples(fig: Figure) -> tuple[str, int]:
    """``map_figure``'s triples as N-Triples text (exactly pyoxigraph's serialisation of
    them, in the same order) and their number, without making ``Triple`` objects."""
    return _lines(fig).ntriples()


def map_figure_lines(fig: Figure) -> FigureLines:
    """The figure's triples as the mapper keeps them: ``.ntriples()`` for the text,
    ``.items()`` for the validator and the counts (the parallel worker uses both)."""
    return _lines(fig)
