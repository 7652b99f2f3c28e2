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

from bisect import bisect_left
from functools import lru_cache
from operator import attrgetter
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


@lru_cache(maxsize=65536)  # match types, sources, organisms, journals: a vocabulary the corpus repeats
def says_text(predicate: str, value: str) -> str:
    """``says(predicate, text(value))``, for values that recur figure after figure."""
    return says(predicate, text(value))


@lru_cache(maxsize=65536)  # keywords are gene symbols and disease words: a vocabulary the corpus repeats
def keyword(value: str) -> str:
    """The tail naming a keyword (one argument: the cache's fastest look-up, ~32 per figure)."""
    return says(SCHEMA.keywords, text(value))


def english(value: str) -> str:
    return str(Literal(value, language="en"))


def typed(value: str, datatype: str) -> str:
    return str(Literal(value, datatype=Ox.XSD[datatype]))


BOOLEAN = {True: typed("true", "boolean"), False: typed("false", "boolean")}


@lru_cache(maxsize=4096)  # offsets and sentence numbers: small numbers, over and over
def integer(value: int) -> str:
    return typed(str(value), "integer")


HUMAN = node(iris.taxon("9606"))


def says(predicate: str, obj: str) -> str:
    """A property as the tail of an N-Triples line, what follows its subject: `` P O .\\n``."""
    return f" {predicate} {obj} .\n"


IS_DATA_NODE, IS_GENE_PRODUCT = says(A, WP.DataNode), says(A, WP.GeneProduct)


class FigureLines:
    """One figure's distinct triples as N-Triples lines, kept as line tails by subject.

    Equal terms have equal N-Triples text, so distinct lines are distinct triples. Sorting
    subjects, then each subject's tails, sorts the lines: subjects are IRIs (``<…>``, never
    a proper prefix of one another). Sorting the lines sorts the triples by their terms'
    text (subject, predicate, object): predicates are IRIs too, and an object that is a
    proper prefix of another (``"x"`` of ``"x"@en``) is followed there by ``@`` or ``^``,
    both above the space that follows it in its own line (``tests/test_map_order.py``).

    A subject's tails are kept distinct in the order they came (a dict's keys: the sort
    finds the runs in them, such as the figure's keywords), or, for a node added once as a
    block already sorted and distinct (``add_sorted``: a gene and its mention, most of a
    figure's subjects), as that tuple: it needs no sorting, and its recurring tails stay
    the cached objects they were made as. A second addition to such a subject turns it
    into a dict.
    """

    def __init__(self) -> None:
        self._tails: dict[str, dict[str, None] | tuple[str, ...]] = {}
        self._sorted: list[tuple[str, list[str] | tuple[str, ...]]] | None = None

    def add(self, subject: str, tails: Iterable[str]) -> None:
        known = self._tails.get(subject)
        if known is None:
            self._tails[subject] = dict.fromkeys(tails)
        else:
            if type(known) is tuple:
                known = self._tails[subject] = dict.fromkeys(known)
            known.update(dict.fromkeys(tails))

    def add_sorted(self, subject: str, tails: tuple[str, ...]) -> None:
        """``add`` for ``tails`` that are already sorted and distinct."""
        if self._tails.setdefault(subject, tails) is not tails:
            self.add(subject, tails)

    def items(self) -> list[tuple[str, list[str] | tuple[str, ...]]]:
        """(subject, its sorted tails) in line order: the figure's graph for the validator
        and the dataset counts, without parsing its text (sorted once)."""
        if self._sorted is None:  # the subjects sorted as strings: faster than sorting (subject, tails) pairs
            by_subject = self._tails
            self._sorted = [(s, tails if type(tails := by_subject[s]) is tuple else sorted(tails))
                            for s in sorted(by_subject)]
        return self._sorted

    def ntriples(self) -> tuple[str, int]:
        """The sorted lines as one text (``s + s.join(tails)`` writes each subject's lines)
        and their number."""
        items = self.items()
        return "".join([s + s.join(tails) for s, tails in items]), self.count()

    def count(self) -> int:
        """The number of lines (distinct triples)."""
        return sum([len(tails) for _, tails in self.items()])

    def ntriples_bytes(self) -> bytes:
        """``ntriples()``'s text as UTF-8, encoded a subject at a time: one non-ASCII literal
        (a caption) then widens only its own subject's text, not the whole figure's, before
        the encoding narrows it again."""
        return b"".join([(s + s.join(tails)).encode() for s, tails in self.items()])

    def nquads(self, graph: str) -> bytes:
        """The lines in the named graph ``graph`` (an IRI), as N-Quads, UTF-8."""
        return in_graph(self.ntriples_bytes(), graph)


def in_graph(ntriples: bytes, graph: str) -> bytes:
    """N-Triples lines moved into the named graph ``graph`` (an IRI), as N-Quads lines.

    Every line ends in `` .\n`` and no term holds a raw line break (literals escape it),
    so putting the graph before each line's end gives exactly what serialising the quads
    gives (``tests/test_parallel.py``); splitting and joining bytes is the fastest way
    measured to do it (20% less than ``replace``)."""
    return f" <{graph}> .\n".encode().join(ntriples.split(b" .\n"))


def cut_where(tails: Iterable[str], *predicates: str) -> tuple[tuple[str, ...], ...]:
    """``tails`` sorted and cut into ``len(predicates) + 1`` runs, at the places where lines
    with each of ``predicates`` (given in their sorted order, none of them in ``tails``)
    sort among them.

    Two tails with different predicates compare within their predicates (``<…>``), never
    by their objects, so every line of predicate ``p`` sorts where `` p `` does: a run,
    then such a line, then the next run, is sorted, whatever the line's object.
    """
    ordered = tuple(sorted(set(tails)))
    runs, start = [], 0
    for p in predicates:
        head = f" {p} "  # what every line of p starts with, and sorts no later than
        at = bisect_left(ordered, head)
        if at < start or (at < len(ordered) and ordered[at].startswith(head)):
            raise ValueError(f"cannot cut {ordered} at {predicates}: out of order or already there")
        runs.append(ordered[start:at])
        start = at
    runs.append(ordered[start:])
    return tuple(runs)


# --- the figure -----------------------------------------------------------------------------
def figure_triples(out: FigureLines, fig: Figure, f: str, paper: str) -> None:
    page = node(iris.figure_page(fig.figid))
    props = [
        says(A, WP.Pathway), says(A, SCHEMA.ImageObject), says(DCTERMS.identifier, text(fig.figid)),
        says_text(DC.source, "PFOCR"), says(SCHEMA.license, CC0), says(DCTERMS.license, CC0),
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
    props += [keyword(value) for value in fig.keywords]
    props += [says(PFOCR.unmappedGeneWord, text(word)) for word in fig.gene_words]
    props += [says(SCHEMA.isPartOf, paper), says(DCTERMS.references, paper), says(CITO.cites, paper)]
    out.add(f, props)


def paper_triples(out: FigureLines, paper: Paper, p: str) -> None:
    props = [
        says(A, SCHEMA.ScholarlyArticle), says(A, WP.PublicationReference), says(DCTERMS.identifier, text(paper.pmcid)),
        says_text(DC.source, "PMC"), says(FOAF.page, node(iris.pmc_article_page(paper.pmcid))),
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
        props.append(says_text(PFOCR.journalTitle, paper.journal_title))
    if paper.journal_nlm_ta:
        props.append(says_text(PFOCR.journalAbbreviation, paper.journal_nlm_ta))
    if paper.publisher:
        props.append(says_text(DC.publisher, paper.publisher))
    props += [keyword(value) for value in paper.keywords]
    out.add(p, props)


def organism_triples(out: FigureLines, fig: Figure, f: str) -> None:
    for organism in fig.organisms:
        out.add(f, [says_text(WP.organismName, organism.name)])
        if organism.taxid:
            out.add(f, [says(WP.organism, node(iris.taxon(organism.taxid)))])
            taxon_triples(out, organism)
    for organism in fig.organisms_ner:
        if organism.taxid:
            out.add(f, [says(PFOCR.nerOrganism, node(iris.taxon(organism.taxid)))])
            taxon_triples(out, organism)
        else:
            out.add(f, [says_text(PFOCR.nerOrganismName, organism.name)])


def taxon_triples(out: FigureLines, organism: Organism) -> None:
    out.add_sorted(*taxon_node(organism.taxid, organism.taxon_name or organism.name))


@lru_cache(maxsize=4096)  # a few hundred taxa name every figure's organisms
def taxon_node(taxid: str, label: str) -> tuple[str, tuple[str, ...]]:
    t = node(iris.taxon(taxid))
    (tails,) = cut_where([says_text(NCIT_TAXON_ID, taxid), says_text(RDFS.label, label)])
    return t, tails


# --- data nodes -----------------------------------------------------------------------------
def gene_triples(out: FigureLines, fig_iri: str, part_of: str, genes: Iterable[Gene]) -> None:
    """Each gene's node and its mention in the figure. ``part_of`` is the figure's
    ``dcterms:isPartOf`` tail, formatted once per figure; the figure's IRI ``fig_iri`` was
    checked when it was minted, so only the mention's path is.

    The gene's and the mention's recurring tails come sorted, cut where the two tails naming
    the figure go (``cut_where``): their lines are written in order without sorting them."""
    add = out.add_sorted
    for gene in genes:  # ~33 per figure: one look-up, two f-strings, two tuples each
        path, g, before, between, after, m_before, m_after = gene_row(gene)
        m = f"<{fig_iri}{path}>"
        add(g, (*before, part_of, *between, f"{_IS_ABOUT}{m} .\n", *after))
        add(m, (*m_before, part_of, *m_after))


_ROWS: dict[int, tuple[Gene, tuple]] = {}
_ROWS_KEPT = 20_000  # as many as the normaliser shares (normalise._GENE_ROWS_MAX)


def gene_row(gene: Gene) -> tuple:
    """``gene_parts`` of ``gene``, found by the object first: the normaliser and the grounder
    hand the same frozen ``Gene`` to every figure with that row, and its nine fields cost
    more to gather and hash than the row costs to look up. An entry holds its ``Gene``, so
    the ``id`` it is filed under cannot be reused while it is remembered."""
    known = _ROWS.get(id(gene))
    if known is not None and known[0] is gene:
        return known[1]
    parts = gene_parts(*_GENE_FIELDS(gene))
    if len(_ROWS) >= _ROWS_KEPT:
        _ROWS.clear()
    _ROWS[id(gene)] = (gene, parts)
    return parts


_GENE_FIELDS = attrgetter("ncbigene_id", "word", "symbol", "taxid", "hgnc_symbol", "match", "source", "family",
                          "orthologue_for_taxid")
_IS_ABOUT = f" {WP.isAbout} "
_FROM_ENTREZ, _IS_MENTION = says_text(DC.source, "Entrez Gene"), says(A, PFOCR.GeneMention)


@lru_cache(maxsize=65536)  # one look-up per gene row (the corpus repeats rows) instead of three
def gene_parts(gene_id: str, word: str, symbol: str, taxid: str | None, hgnc_symbol: str | None, match: str,
               source: str, family: str | None, orthologue_for_taxid: str | None):
    """What a gene row gives in every figure: its mention's path under the figure, the gene's
    node, its three runs of tails (``gene_node``) and the mention's two (``mention_tails``)."""
    # identifiers are checked in the order they always were, so a record with several bad
    # ones is refused with the same message: the id and the word (here) before the taxa
    path = iris.gene_mention_path(gene_id, word)
    g, runs = gene_node(gene_id, symbol, taxid, hgnc_symbol)
    return path, g, *runs, *mention_tails(word, match, source, family, orthologue_for_taxid)


@lru_cache(maxsize=65536)  # a gene recurs in many figures and its node says the same in each
def gene_node(gene_id: str, symbol: str, taxid: str | None,
              hgnc_symbol: str | None) -> tuple[str, tuple[tuple[str, ...], ...]]:
    """The gene's node and what it says in every figure naming it, sorted and cut where its
    ``dcterms:isPartOf`` and ``wp:isAbout`` tails go."""
    g = node(iris.ncbigene(gene_id))
    props = [
        IS_DATA_NODE, IS_GENE_PRODUCT, says(RDFS.label, text(symbol)), says(DC.identifier, g),
        says(DCTERMS.identifier, text(gene_id)), _FROM_ENTREZ, says(WP.bdbEntrezGene, g),
    ]
    if taxid:
        props.append(says(IN_TAXON, node(iris.taxon(taxid))))
    if hgnc_symbol and taxid == "9606":
        props.append(says(WP.bdbHgncSymbol, node(iris.hgnc_symbol(hgnc_symbol))))
    return g, cut_where(props, DCTERMS.isPartOf, WP.isAbout)


@lru_cache(maxsize=65536)  # the same words are matched the same way in many figures
def mention_tails(word: str, match: str, source: str, family: str | None,
                  orthologue_for_taxid: str | None) -> tuple[tuple[str, ...], ...]:
    """What the figure-local mention node says: which OCR word named the gene and how that
    word was matched; sorted and cut where its ``dcterms:isPartOf`` tail goes."""
    props = [_IS_MENTION]
    if word:
        props.append(says(PFOCR.ocrWord, text(word)))
    if match:
        props.append(says_text(PFOCR.matchType, match))
    if source:
        props.append(says_text(PFOCR.mappingSource, source))
    if family:
        props.append(says_text(PFOCR.family, family))
    if orthologue_for_taxid:
        props.append(says(PFOCR.orthologueFor, node(iris.taxon(orthologue_for_taxid))))
    return cut_where(props, DCTERMS.isPartOf)


def chemical_triples(out: FigureLines, chem: Chemical, f: str, part_of: str) -> None:
    if not (chem.chebi or chem.mesh):
        out.add(f, [says_text(PFOCR.unmappedChemicalWord, chem.word)])
        return
    c, (before, after), named = chemical_node(chem.chebi, chem.mesh, chem.name or chem.word)
    out.add_sorted(c, (*before, part_of, *after))
    out.add(f, [named])


@lru_cache(maxsize=65536)  # the same chemicals recur figure after figure
def chemical_node(chebi: str | None, mesh: str | None, label: str) -> tuple[str, tuple[tuple[str, ...], ...], str]:
    """The chemical's node, what it says in every figure naming it (cut where its
    ``dcterms:isPartOf`` tail goes) and the figure's tail naming it."""
    c = node(iris.chebi(chebi) if chebi else iris.mesh(mesh))
    props = [
        IS_DATA_NODE, says(A, WP.Metabolite), says(RDFS.label, text(label)), says(DC.identifier, c),
        says(DCTERMS.identifier, text(f"CHEBI:{chebi}" if chebi else mesh)),
        says_text(DC.source, "ChEBI" if chebi else "MeSH"),
    ]
    if chebi:
        props.append(says(WP.bdbChEBI, c))
    if chebi and mesh:
        props.append(says(PFOCR.mesh, node(iris.mesh(mesh))))
    return c, cut_where(props, DCTERMS.isPartOf), says(PFOCR.chemical, c)


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


def participant_triples(out: FigureLines, part_of: str, symbol: str, gene_id: str | None) -> None:
    n, (before, after) = participant_node(symbol, gene_id)
    out.add_sorted(n, (*before, part_of, *after))


@lru_cache(maxsize=65536)  # the same genes and families take part in interactions figure after figure
def participant_node(symbol: str, gene_id: str | None) -> tuple[str, tuple[tuple[str, ...], ...]]:
    """An interaction end's node and what it says in every figure, cut where its
    ``dcterms:isPartOf`` tail goes."""
    n = participant(symbol, gene_id)
    props = [IS_DATA_NODE, says(RDFS.label, text(symbol[5:] if symbol.startswith("FPLX:") else symbol))]
    if gene_id:
        props += [IS_GENE_PRODUCT, says(DCTERMS.identifier, text(gene_id)), says(WP.bdbEntrezGene, n),
                  says(WP.bdbHgncSymbol, node(iris.hgnc_symbol(symbol))), says(IN_TAXON, HUMAN)]
    elif symbol.startswith("FPLX:"):
        props += [says(A, PFOCR.GeneFamily), says(DCTERMS.identifier, text(symbol))]
    else:
        props += [IS_GENE_PRODUCT, says(WP.bdbHgncSymbol, n)]
    return n, cut_where(props, DCTERMS.isPartOf)


def interaction_triples(out: FigureLines, fig: Figure, i: Interaction, f: str, paper: str, part_of: str) -> None:
    """One asserted interaction; negated statements are not asserted (see docs/model.md)."""
    if i.negated or i.wp_class not in INTERACTION_CLASSES:
        return
    n = node(iris.interaction(fig.figid, interaction_key(i)))
    src, tgt = participant(i.source_symbol, i.source_gene), participant(i.target_symbol, i.target_gene)
    participant_triples(out, part_of, i.source_symbol, i.source_gene)
    participant_triples(out, part_of, i.target_symbol, i.target_gene)
    props = [says(A, WP.Interaction), says(A, WP.DirectedInteraction)]
    if i.wp_class != "DirectedInteraction":
        props.append(says(A, WP[i.wp_class]))
    props += [
        says(WP.source, src), says(WP.target, tgt), says(WP.participants, src), says(WP.participants, tgt),
        part_of, says(DCTERMS.references, paper), says(PFOCR.evidenceText, text(i.evidence)),
        says(PFOCR.evidenceStart, integer(i.start)), says(PFOCR.evidenceEnd, integer(i.end)),
        says(PFOCR.sentenceIndex, integer(i.sentence)),
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
    gene_triples(out, fig_iri, part_of, fig.genes)
    for chem in fig.chemicals:
        chemical_triples(out, chem, f, part_of)
    for disease in fig.diseases:
        disease_triples(out, disease, f)
    for interaction in fig.interactions:
        interaction_triples(out, fig, interaction, f, paper, part_of)
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
    ``.nquads()``/``.ntriples_bytes()`` for the parallel worker's bytes, ``.items()`` for
    the validator and the counts."""
    return _lines(fig)
