"""SHACL validation: one fault per graph, the exact result, the same from both engines, exit codes.

The base graph is what ``map_figure`` emits for a synthetic figure that has every node type
(genes, chemical, disease, organisms, interactions) plus the dataset description, so the
faults are injected into real mapper output.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox
import pytest

from rdfexport import describe, iris
from rdfexport.cli import main
from rdfexport.map import map_figure
from rdfexport.records import Chemical, Disease, Figure, Gene, Interaction, Organism, Paper
from rdfexport.validate import Report, load_validator, validate_graph
from rdfexport.validate.shapes import ShapesError, load_shapes

WP = "http://vocabularies.wikipathways.org/wp#"
DC = "http://purl.org/dc/elements/1.1/"
DCT = "http://purl.org/dc/terms/"
PFOCR = "https://pfocr.wikipathways.org/vocab#"
PFS = "https://pfocr.wikipathways.org/shapes#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SCHEMA = "http://schema.org/"

FIGID = "PMC1234567__fig1"
FIG = ox.NamedNode(iris.figure(FIGID))
PAPER = ox.NamedNode(iris.paper("PMC1234567"))
GENE = ox.NamedNode(iris.ncbigene("7124"))
INTERACTION = ox.NamedNode(iris.interaction(FIGID, "TNF-Stimulation-IL6"))


def N(iri: str) -> ox.NamedNode:  # noqa: N802 - reads like the Turtle it stands for
    return ox.NamedNode(iri)


def sample_figure() -> Figure:
    paper = Paper("PMC1234567", title="TNF signalling", reftext="Doe J. 2020", year="2020",
                  doi="10.1000/xyz", journal_title="J Test", keywords=("TNF",))
    genes = (Gene("7124", "TNF", word="TNF", taxid="9606", match="symbol", source="table", hgnc_symbol="TNF"),
             Gene("3569", "IL6", word="IL-6", taxid="9606", match="synonym", source="lexicon", hgnc_symbol="IL6"),
             Gene("21926", "Tnf", word="Tnf", taxid="10090", match="symbol", source="table"))
    interactions = (
        Interaction("Stimulation", "TNF", "IL-6", "TNF", "IL6", 1, "TNF induces IL-6.", 0, 17,
                    trigger="induces", source_gene="7124", target_gene="3569"),
        Interaction("Inhibition", "MAPK", "IL-6", "FPLX:MAPK", "IL6", 2, "MAPK blocks IL-6.", 18, 35,
                    target_gene="3569"),
        Interaction("Binding", "FOO1", "TNF", "FOO1", "TNF", 2, "FOO1 binds TNF.", 18, 35,
                    target_gene="7124"),
    )
    return Figure(
        FIGID, "corpus/_figures/PMC1234567__fig1.md", "current", "TNF pathway", "TNF induces IL-6.",
        paper, number="F1", filename="fig1.jpg", figlink="pmc/articles/PMC1234567/figure/F1/",
        automl_score=0.93, organisms=(Organism("Homo sapiens", "9606"), Organism("Mus musculus", "10090")),
        organisms_ner=(Organism("Homo sapiens", "9606"),), genes=genes,
        chemicals=(Chemical("glucose", "D-glucose", mesh="D005947", chebi="4167"),),
        diseases=(Disease("diabetes", "diabetes mellitus", doid="9351"),),
        keywords=("TNF",), wpids=("WP1",), interactions=interactions)


def base_triples() -> list[ox.Triple]:
    return map_figure(sample_figure())


def dataset_triples() -> list[ox.Triple]:
    stats = describe.DatasetStats(10, 5, 2, 3, 1)
    quads = describe.describe_dataset(stats, version="1.0", created_on=datetime(2024, 1, 1, tzinfo=timezone.utc),
                                      distributions=[describe.Distribution("pfocr.nq", "application/n-quads", 10)])
    return [q.triple for q in quads]


# --- faults: each takes the base triples and returns them with one thing wrong -----------------
def without(triples, s, p):
    return [t for t in triples if not (t.subject == s and t.predicate == p)]


def replaced(triples, s, p, value):
    return [*without(triples, s, p), ox.Triple(s, p, value)]


def renamed(triples, old, new):
    def swap(term):
        return new if term == old else term
    return [ox.Triple(swap(t.subject), t.predicate, swap(t.object)) for t in triples]


BAD_TAXON = N("http://purl.obolibrary.org/obo/NCBITaxon_human")
UNIPROT = N("https://identifiers.org/uniprot/P01375")
FAULTS = {
    "missing title": (lambda t: without(t, FIG, N(DC + "title")),
                      {(FIG, DC + "title", "MinCount", "Figure-title")}),
    "two titles": (lambda t: [*t, ox.Triple(FIG, N(DC + "title"), ox.Literal("Other", language="en"))],
                   {(FIG, DC + "title", "MaxCount", "Figure-title")}),
    "title without language": (lambda t: replaced(t, FIG, N(DC + "title"), ox.Literal("TNF pathway")),
                               {(FIG, DC + "title", "Datatype", "Figure-title"),
                                (FIG, DC + "title", "LanguageIn", "Figure-title")}),
    "gene IRI not ncbigene": (lambda t: renamed(t, GENE, UNIPROT),
                              {(UNIPROT, None, "Pattern", "GeneProduct"), (UNIPROT, None, "Pattern", "NcbiGene"),
                               (UNIPROT, WP + "bdbEntrezGene", "Pattern", "NcbiGene-entrez")}),
    "taxon IRI malformed": (lambda t: [*t, ox.Triple(FIG, N(WP + "organism"), BAD_TAXON)],
                            {(FIG, WP + "organism", "Pattern", "Figure-organism"),
                             (BAD_TAXON, None, "Pattern", "TaxonIri"),
                             (BAD_TAXON, "http://purl.obolibrary.org/obo/NCIT_C179773", "MinCount", "Taxon-id"),
                             (BAD_TAXON, "http://www.w3.org/2000/01/rdf-schema#label", "MinCount", "Taxon-label")}),
    "score 1.7": (lambda t: replaced(t, FIG, N(PFOCR + "automlPathwayScore"), ox.Literal("1.7", datatype=N(XSD + "decimal"))),
                  {(FIG, PFOCR + "automlPathwayScore", "MaxInclusive", "Figure-automlScore")}),
    "score not a decimal": (lambda t: replaced(t, FIG, N(PFOCR + "automlPathwayScore"), ox.Literal("high")),
                            {(FIG, PFOCR + "automlPathwayScore", "Datatype", "Figure-automlScore"),
                             (FIG, PFOCR + "automlPathwayScore", "MinInclusive", "Figure-automlScore"),
                             (FIG, PFOCR + "automlPathwayScore", "MaxInclusive", "Figure-automlScore")}),
    "interaction target is a literal": (
        lambda t: replaced(t, INTERACTION, N(WP + "target"), ox.Literal("IL6")),
        {(INTERACTION, WP + "target", "Class", "Interaction-target")}),
    "interaction hedged not boolean": (
        lambda t: replaced(t, INTERACTION, N(PFOCR + "hedged"), ox.Literal("maybe", datatype=N(XSD + "boolean"))),
        {(INTERACTION, PFOCR + "hedged", "Datatype", "Interaction-hedged")}),
    "interaction without figure": (lambda t: without(t, INTERACTION, N(DCT + "isPartOf")),
                                   {(INTERACTION, DCT + "isPartOf", "MinCount", "Interaction-isPartOf")}),
    "paper without PMC id": (lambda t: without(t, PAPER, N(DCT + "identifier")),
                             {(PAPER, DCT + "identifier", "MinCount", "Paper-identifier")}),
    "year implausible": (lambda t: replaced(t, PAPER, N(SCHEMA + "datePublished"), ox.Literal("1066", datatype=N(XSD + "gYear"))),
                         {(PAPER, SCHEMA + "datePublished", "Pattern", "Paper-year")}),
    "DOI malformed": (lambda t: replaced(t, PAPER, N(PFOCR + "doi"), ox.Literal("doi:10.1000/xyz")),
                      {(PAPER, PFOCR + "doi", "Pattern", "Paper-doi")}),
    "gene part of a non-figure": (lambda t: replaced(t, GENE, N(DCT + "isPartOf"), N("http://example.org/x")),
                                  {(GENE, DCT + "isPartOf", "Class", "DataNode-isPartOf")}),
    "mention no gene is about": (
        lambda t: without(t, GENE, N(WP + "isAbout")),
        {(N(iris.gene_mention(FIGID, "7124", "TNF")), "^" + WP + "isAbout", "MinCount", "GeneMention-gene")}),
    "chemical source unknown": (
        lambda t: replaced(t, N(iris.chebi("4167")), N(DC + "source"), ox.Literal("PubChem")),
        {(N(iris.chebi("4167")), DC + "source", "In", "Chemical-source")}),
    "figure source missing": (lambda t: without(t, FIG, N(DC + "source")),
                              {(FIG, DC + "source", "HasValue", "Figure-source")}),
}


def violations(findings) -> set:
    def path(f):
        if f.path is None:
            return None
        return ("^" if f.path.inverse else "") + f.path.predicate.value
    return {(f.focus, path(f), f.component.replace("ConstraintComponent", ""), f.shape.value.replace(PFS, ""))
            for f in findings if f.severity == "Violation"}


@pytest.fixture(scope="module")
def fast():
    return load_validator()


@pytest.fixture(scope="module")
def reference():
    return load_validator(engine="pyshacl")


def keys(findings) -> Counter:
    return Counter(f.key() for f in findings)


def test_base_graph_conforms_in_both_engines(fast, reference):
    triples = base_triples() + dataset_triples()
    assert fast.validate(triples) == []
    assert reference.validate(triples) == []


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_fault_gives_exactly_its_violation_in_both_engines(name, fast, reference):
    inject, expected = FAULTS[name]
    triples = inject(base_triples())
    found = fast.validate(triples)
    assert violations(found) == expected
    assert keys(found) == keys(reference.validate(triples))
    assert all(f.message for f in found), "every constraint has an sh:message"


def test_all_faults_at_once_agree(fast, reference):
    triples = base_triples() + dataset_triples()
    for inject, _ in FAULTS.values():
        triples = inject(triples)
    found = fast.validate(triples)
    assert len(found) >= len(FAULTS)
    assert keys(found) == keys(reference.validate(triples))


def test_dataset_description_faults_agree(fast, reference):
    ds = N(iris.dataset())
    triples = replaced(dataset_triples(), ds, N("http://rdfs.org/ns/void#triples"), ox.Literal("-1", datatype=N(XSD + "integer")))
    triples = without(triples, ds, N("http://purl.org/pav/version"))
    found = fast.validate(triples)
    assert {(f.shape.value.replace(PFS, ""), f.component) for f in found} == {
        ("VoidDataset-triples", "MinInclusiveConstraintComponent"),
        ("Dataset-version", "MinCountConstraintComponent")}
    assert keys(found) == keys(reference.validate(triples))


def test_figure_without_genes_is_a_warning_not_a_violation(fast, reference):
    fig = sample_figure()
    from dataclasses import replace
    triples = map_figure(replace(fig, genes=(), interactions=()))
    found = fast.validate(triples)
    assert [(f.severity, f.shape.value.replace(PFS, "")) for f in found] == [("Warning", "FigureNotes-genes")]
    assert keys(found) == keys(reference.validate(triples))


# --- the command line --------------------------------------------------------------------------
def write_nq(path: Path, triples) -> Path:
    graph = N(iris.figure_graph(FIGID))
    ox.serialize([ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples], output=str(path),
                 format=ox.RdfFormat.N_QUADS)
    return path


@pytest.mark.parametrize("fmt", ["ttl", "json", "text"])
def test_cli_exit_1_on_violation_and_reports_it(tmp_path, capsys, fmt):
    inject, _ = FAULTS["score 1.7"]
    path = write_nq(tmp_path / "bad.nq", inject(base_triples()))
    assert main(["validate", str(path), "--format", fmt]) == 1
    out = capsys.readouterr().out
    assert "MaxInclusiveConstraintComponent" in out or "[MaxInclusive]" in out
    if fmt == "ttl":
        report = list(ox.parse(out.encode(), format=ox.RdfFormat.TURTLE))
        assert any(t.object == N("http://www.w3.org/ns/shacl#ValidationReport") for t in report)
    if fmt == "text":
        assert out.splitlines()[0].startswith(f"figure {FIG.value}")
        assert out.splitlines()[-1].startswith("figures: 0 of 1 conform; violations: 1; warnings: 0")


def test_cli_exit_codes_for_warnings_and_usage(tmp_path, capsys):
    from dataclasses import replace
    path = write_nq(tmp_path / "nogenes.nq", map_figure(replace(sample_figure(), genes=(), interactions=())))
    assert main(["validate", str(path)]) == 0
    assert main(["validate", str(path), "--fail-on", "warning"]) == 1
    (tmp_path / "broken.ttl").write_text("this is not turtle")
    assert main(["validate", str(tmp_path / "broken.ttl")]) == 2
    assert main(["validate", str(tmp_path / "missing.nq")]) == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", str(path), "--format", "xml"])
    assert exit_info.value.code == 2


def test_validate_help_documents_formats_and_exit_codes(capsys):
    with pytest.raises(SystemExit):
        main(["validate", "--help"])
    text = capsys.readouterr().out
    for word in ("text", "ttl", "json", "Exit codes", "0  conforms", "1  violations", "2  usage", "--fail-on"):
        assert word in text


def test_single_graph_results_are_located_in_their_figure(fast):
    inject, _ = FAULTS["paper without PMC id"]
    report = Report()
    validate_graph(fast, inject(base_triples()), report)
    assert [r.figure for r in report.results if r.finding.severity == "Violation"] == [FIG.value]


def test_unsupported_shape_is_refused(tmp_path):
    (tmp_path / "or.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . <urn:s> sh:targetNode <urn:x> ; "
        "sh:or ( [ sh:nodeKind sh:IRI ] ) .")
    with pytest.raises(ShapesError, match="sh:or"):
        load_shapes(tmp_path)


def test_every_constraint_has_a_message():
    shapes = load_shapes()

    def walk(shape):
        yield shape
        for prop in shape.properties:
            yield from walk(prop)
    for top in shapes.shapes:
        for shape in walk(top):
            if shape.constraints:
                assert shape.message, f"{shape.node} has constraints but no sh:message"


def test_line_separator_characters_inside_a_caption_do_not_break_validation(tmp_path):
    """U+2028 and U+0085 are line breaks to str.splitlines() but plain characters in N-Triples."""
    from rdfexport.cli import main as cli_main

    record = tmp_path / "PMC3__F1.md"
    record.write_text("---\nfigid: PMC3__F1\npmcid: PMC3\nfigtitle: T\n"
                      "caption: \"A\\u2028B\\x85C binds D.\"\n---\n", encoding="utf-8")
    assert cli_main(["convert", str(record), "-o", str(tmp_path / "o.nq"), "--validate", "-j", "1", "-q"]) == 0
