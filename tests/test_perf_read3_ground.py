"""Grounding with what each keyword and organism name gives remembered gives what the plain
stage gave.

The plain stage is kept here as the specification: three ``replace`` calls, every keyword
classified and turned into a Gene/Chemical/Disease figure by figure, every table gene's
human symbol and every organism name looked up figure by figure.
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from rdfexport.ground import TaxonTable, _human_symbol, classify_keywords, ground_figure, ground_keywords, keyword_gene
from rdfexport.ground import organisms as organisms_module
from rdfexport.records import Chemical, Disease, Figure, Gene, Organism, Paper


def plain_xref_fields(xref):
    if xref and xref.startswith("MESH:"):
        return {"mesh": xref.removeprefix("MESH:")}
    if xref and xref.startswith("DOID:"):
        return {"doid": xref.removeprefix("DOID:")}
    return {}


def plain_terms(classes, kind, figure):
    have = {t.word.casefold() for t in (figure.chemicals if kind == "chemical" else figure.diseases)}
    make = Chemical if kind == "chemical" else Disease
    out = []
    for found in classes:
        if found.kind == kind and found.keyword.casefold() not in have:
            have.add(found.keyword.casefold())
            out.append(make(word=found.keyword, **plain_xref_fields(found.xref)))
    return tuple(out)


def plain_ground_keywords(figure):
    classes = classify_keywords(figure.keywords)
    known = {(g.ncbigene_id, g.taxid, g.orthologue_for_taxid) for g in figure.genes}
    added = []
    for found in classes:
        gene = keyword_gene(found)
        key = gene and (gene.ncbigene_id, gene.taxid, gene.orthologue_for_taxid)
        if gene and key not in known:
            known.add(key)
            added.append(gene)
    return replace(figure, genes=figure.genes + tuple(added),
                   chemicals=figure.chemicals + plain_terms(classes, "chemical", figure),
                   diseases=figure.diseases + plain_terms(classes, "disease", figure))


def plain_resolve(taxa, organisms):
    resolved = []
    for o in organisms:
        taxid = o.taxid or taxa.taxid(o.name)
        resolved.append(Organism(o.name, taxid, o.source, taxa._names.get(taxid, o.name) if taxid else None))
    return tuple(resolved)


def plain_fill_hgnc_symbols(genes):
    return tuple(g if g.hgnc_symbol else replace(g, hgnc_symbol=_human_symbol(g)) for g in genes)


def plain_ground_figure(figure, taxa):
    organisms = plain_resolve(taxa, figure.organisms)
    organisms_ner = plain_resolve(taxa, figure.organisms_ner)
    unknown = [o.name for o in organisms if o.taxid is None]
    notes = figure.notes + tuple(f"organism {name!r} is no known taxon; kept as a name" for name in unknown)
    figure = replace(figure, organisms=organisms, organisms_ner=organisms_ner, notes=notes)
    return plain_ground_keywords(replace(figure, genes=plain_fill_hgnc_symbols(figure.genes)))


KEYWORDS = st.sampled_from(["IL6", "Il6", "il6", "TP53", "Trp53", "Stat3", "stat3", "smad3a", "AKT", "MAPK", "glucose",
                            "Glucose", "GLUCOSE", "Breast cancer", "breast cancer", "xyzzy", "", " IL6 ", "ATP",
                            "Insulin", "INS", "Ins1", "NAFLD", "Hepatosteatosis", "Ubc13", "Usp13"])
TABLE_GENES = st.sampled_from([
    Gene("3569", "IL6", "IL-6", "9606", "symbol", "table", hgnc_symbol="IL6"),
    Gene("3569", "IL6", "IL6", "9606", "symbol", "table"),
    Gene("16193", "Il6", "Il6", "10090", "symbol", "table"),
    Gene("7157", "TP53", "p53", None, "alias", "table"),
    Gene("1", "NOPE", "nope", "9606", "", "table"),
])
TERMS = st.sampled_from([Chemical("glucose"), Chemical("ATP", mesh="D000255"), Disease("breast cancer"), Disease("NASH")])
ORGANISMS = st.sampled_from([Organism("Homo sapiens"), Organism("homo  Sapiens", source="organisms_ner"), Organism("NA"),
                             Organism("herbal medicine"), Organism("Mus musculus"), Organism("mouse"),
                             Organism("Danio rerio", "7955"), Organism("x", "123")])


@st.composite
def figures(draw):
    terms = draw(st.lists(TERMS, max_size=3))
    return Figure("PMC1__f1", "x.md", "current", "t", "c", Paper("PMC1"),
                  organisms=tuple(draw(st.lists(ORGANISMS, max_size=3))),
                  organisms_ner=tuple(draw(st.lists(ORGANISMS, max_size=2))),
                  genes=tuple(draw(st.lists(TABLE_GENES, max_size=3, unique=True))),
                  chemicals=tuple(t for t in terms if isinstance(t, Chemical)),
                  diseases=tuple(t for t in terms if isinstance(t, Disease)),
                  keywords=tuple(draw(st.lists(KEYWORDS, max_size=8))), notes=("a note",))


TAXA = TaxonTable({"My Strain": "562"})


@settings(max_examples=500, deadline=None)
@given(st.lists(figures(), min_size=1, max_size=3))
def test_ground_figure_is_the_plain_ground_figure(batch):
    for figure in batch + batch:  # again: the second time from what was remembered
        assert ground_figure(figure, TAXA) == plain_ground_figure(figure, TAXA)
        assert ground_keywords(figure) == plain_ground_keywords(figure)


def test_a_realistic_figure_grounds_as_before():
    figure = Figure("PMC1__f1", "x.md", "current", "t", "c", Paper("PMC1"),
                    organisms=(Organism("Homo sapiens"), Organism("herbal medicine")),
                    genes=(Gene("3569", "IL6", "IL-6", "9606", "symbol", "table"),),
                    chemicals=(Chemical("Glucose"),),
                    keywords=("IL6", "Il6", "stat3", "glucose", "ATP", "Breast cancer", "xyzzy", "Il6"))
    grounded = ground_figure(figure, TAXA)
    assert grounded == plain_ground_figure(figure, TAXA)
    assert len(grounded.genes) > len(figure.genes) and [d.word for d in grounded.diseases] == ["Breast cancer"]


def test_organisms_remembered_per_table_and_bounded(monkeypatch):
    monkeypatch.setattr(organisms_module, "_RESOLVED_MAX", 2)
    taxa = TaxonTable({"My Strain": "562"})
    names = [Organism("My Strain"), Organism("my  strain", source="organisms_ner"), Organism("Homo sapiens"),
             Organism("nothing known"), Organism("Homo sapiens", "10090")]
    for _ in range(2):
        assert taxa.resolve(names) == plain_resolve(taxa, names)
        assert len(taxa._resolved) <= 2
    assert TaxonTable().resolve(names[:1]) == (Organism("My Strain"),)  # another table, its own names
