"""End to end: records → RDF files, checked by SPARQL over what was written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from rdfexport.cli import main
from rdfexport.pipeline import convert, resolve_format
from conftest import ROOT, SEED_ID, write_record

PREFIXES = """
PREFIX wp: <http://vocabularies.wikipathways.org/wp#>
PREFIX dc: <http://purl.org/dc/elements/1.1/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <http://schema.org/>
PREFIX cito: <http://purl.org/spar/cito/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""
SEED = f"<https://pfocr.wikipathways.org/figures/{SEED_ID}>"


def store_of(path: Path, fmt: ox.RdfFormat | None = None) -> ox.Store:
    store = ox.Store()
    store.load(path=str(path), format=fmt or ox.RdfFormat.from_extension(path.suffix[1:]))
    return store


def rows(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    return [tuple(term.value for term in row) for row in store.query(PREFIXES + query, use_default_graph_as_union=True)]


@pytest.fixture(scope="module")
def corpus_ttl(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ttl") / "pfocr.ttl"
    summary = convert([str(corpus)], str(out), resolve_format(str(out), None))
    assert summary.read == 35 and summary.converted == 35 and not summary.refused
    return out


def test_every_shared_figure_is_in_the_graph(corpus_ttl, corpus):
    store = store_of(corpus_ttl)
    (count,) = rows(store, "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f a wp:Pathway }")
    assert int(count[0]) == len(list((corpus / "_figures").glob("*.md")))


def test_seed_figure_title_caption_paper_and_taxa(corpus_ttl):
    store = store_of(corpus_ttl)
    (title, caption) = rows(store, f"SELECT ?t ?c WHERE {{ {SEED} dc:title ?t ; schema:caption ?c }}")[0]
    assert title == "Advances of the STAT3 signaling pathways involving breast cancer metastasis"
    assert caption.startswith("Advances of the STAT3") and "TFEB can activate" in caption
    papers = rows(store, f"SELECT ?p WHERE {{ {SEED} dcterms:references ?p . ?p a schema:ScholarlyArticle ; cito:cites* ?x }}")
    assert papers[0] == ("https://identifiers.org/pmc/PMC7048131",)
    taxa = {r[0] for r in rows(store, f"SELECT ?o WHERE {{ {SEED} wp:organism ?o }}")}
    assert {"http://purl.obolibrary.org/obo/NCBITaxon_9606", "http://purl.obolibrary.org/obo/NCBITaxon_10090"} <= taxa


def test_seed_genes_have_ncbigene_iris(corpus_ttl):
    store = store_of(corpus_ttl)
    genes = dict(rows(store, f"""SELECT ?label ?g WHERE {{ ?g a wp:GeneProduct ; dcterms:isPartOf {SEED} ;
                                  wp:bdbHgncSymbol ?h ; rdfs:label ?label }}"""))
    assert genes["IL6"] == "https://identifiers.org/ncbigene/3569"
    assert genes["STAT3"] == "https://identifiers.org/ncbigene/6774"


def test_gene_mention_keeps_the_ocr_word_and_match(corpus_ttl):
    store = store_of(corpus_ttl)
    found = rows(store, f"""PREFIX pfocr: <https://pfocr.wikipathways.org/vocab#>
        SELECT ?word ?match WHERE {{ <https://identifiers.org/ncbigene/3572> wp:isAbout ?m .
        ?m dcterms:isPartOf {SEED} ; pfocr:ocrWord ?word ; pfocr:matchType ?match }}""")
    assert ("gp130", "ncbigene_synonym") in found


def test_2021_layout_record_maps_inline_genes(corpus_ttl):
    store = store_of(corpus_ttl)
    fig = "<https://pfocr.wikipathways.org/figures/PMC2645305__PROCATS5189fig3>"
    labels = {r[0] for r in rows(store, f"SELECT ?l WHERE {{ ?g dcterms:isPartOf {fig} ; a wp:GeneProduct ; rdfs:label ?l }}")}
    assert {"GSK3B", "MTOR", "AKT1", "AKT2", "AKT3"} <= labels


def test_chemicals_and_diseases_from_companion_tables(corpus_ttl):
    store = store_of(corpus_ttl)
    fig = "<https://pfocr.wikipathways.org/figures/PMC10003241__ijms-24-04893-g003>"
    chems = {r[0] for r in rows(store, f"SELECT ?c WHERE {{ ?c a wp:Metabolite ; dcterms:isPartOf {fig} }}")}
    assert "https://identifiers.org/chebi/CHEBI:35366" in chems  # fatty acid
    assert "https://identifiers.org/mesh/C065987" in chems  # Acetil-CoA: MeSH only


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "trig", "jsonld"])
def test_each_writer_round_trips_with_rdflib_and_pyoxigraph(samples, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    summary = convert([str(samples)], str(out), resolve_format(None, fmt))
    dataset = fmt in {"nq", "trig"}
    ox_quads = set(store_of(out, ox.RdfFormat.from_extension(fmt)))
    rdflib_graph = rdflib.Dataset() if dataset else rdflib.Graph()
    rdflib_graph.parse(str(out), format={"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}[fmt])
    rdflib_count = len(list(rdflib_graph.quads((None, None, None, None)))) if dataset else len(rdflib_graph)
    assert summary.triples == len(ox_quads) == rdflib_count > 0


def test_single_graph_formats_have_the_same_triples(samples, tmp_path):
    graphs = {}
    for fmt in ("ttl", "nt", "jsonld"):
        out = tmp_path / f"out.{fmt}"
        convert([str(samples)], str(out), resolve_format(None, fmt))
        graphs[fmt] = {(q.subject, q.predicate, q.object) for q in store_of(out)}
    assert graphs["ttl"] == graphs["nt"] == graphs["jsonld"]


def test_dataset_formats_put_each_figure_in_its_own_graph(samples, tmp_path):
    out = tmp_path / "out.nq"
    convert([str(samples)], str(out), resolve_format(str(out), None))
    graphs = {q.graph_name.value for q in store_of(out)}
    figures = {p.stem for p in (samples / "_figures").glob("*.md")}
    assert graphs == {f"https://pfocr.wikipathways.org/graph/figures/{f}" for f in figures}


@pytest.mark.parametrize("fmt", ["ttl", "nq", "jsonld"])
def test_output_is_byte_identical_across_runs_and_hash_seeds(samples, tmp_path, fmt):
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"{seed}.{fmt}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "rdfexport", "convert", str(samples), "-o", str(out), "-q"],
                       check=True, env=env, cwd=ROOT)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_per_figure_files_and_embeddable_jsonld(samples, tmp_path):
    import json

    out = tmp_path / "figs"
    assert main(["convert", str(samples), "-o", str(out), "--per-figure", "--format", "jsonld", "-q"]) == 0
    doc = json.loads((out / f"{SEED_ID}.jsonld").read_text())
    figure = next(n for n in doc["@graph"] if n["id"].endswith(SEED_ID))
    # the site's current block names every figure "CreativeWork"; this one names it by its title
    assert figure["name"] == figure["title"] == "Advances of the STAT3 signaling pathways involving breast cancer metastasis"
    assert "schema:ImageObject" in figure["type"]


def test_site_organism_pages_extend_the_taxon_table(tmp_path):
    site = tmp_path / "site"
    write_record(site / "_figures", "PMC9__F1.md", "figid: PMC9__F1\npmcid: PMC9\norganisms:\n- Examplea rara\n")
    write_record(site / "_organisms", "examplea_rara.md", "latin: Examplea rara\nncbi: '424242'\n")
    out = tmp_path / "o.nt"
    convert([str(site)], str(out), resolve_format(str(out), None))
    assert "<http://purl.obolibrary.org/obo/NCBITaxon_424242>" in out.read_text()


def test_stdin_record(tmp_path, monkeypatch, capsys):
    import io

    out = tmp_path / "o.nt"
    data = b"---\nfigid: PMC5__F2\npmcid: PMC5\nfigtitle: From stdin\n---\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["convert", "-", "-o", str(out), "-q"]) == 0
    assert '"From stdin"@en' in out.read_text()


def test_bad_record_is_named_and_the_rest_converted(samples, tmp_path, capsys):
    bad = write_record(tmp_path / "in", "broken.md", "figid: [unclosed\n")
    out = tmp_path / "o.ttl"
    code = main(["convert", str(samples), str(bad), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 0
    assert "broken.md: front matter: invalid YAML" in err
    assert "records read: 5, converted: 4, refused: 1" in err
    assert main(["convert", str(samples), str(bad), "-o", str(out), "--strict", "-q"]) == 1


def test_nothing_converted_exits_2(tmp_path, capsys):
    bad = write_record(tmp_path, "nofigid.md", "pmcid: PMC1\n")
    assert main(["convert", str(bad), "-o", str(tmp_path / "o.ttl")]) == 2
    assert "nofigid.md: figid: missing or empty" in capsys.readouterr().err


def test_missing_input_is_a_usage_error(tmp_path, capsys):
    assert main(["convert", str(tmp_path / "nope.md"), "-o", str(tmp_path / "o.ttl")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_every_project_term_written_is_declared_in_the_vocabulary(corpus_ttl):
    vocab = rdflib.Graph().parse(ROOT / "ontologies" / "pfocr.ttl")
    declared = {str(s) for s in vocab.subjects(rdflib.RDFS.label, None)}
    used = set()
    for q in store_of(corpus_ttl):
        for term in (q.predicate, q.object):
            if isinstance(term, ox.NamedNode) and term.value.startswith("https://pfocr.wikipathways.org/vocab#"):
                used.add(term.value)
    assert used and used <= declared, sorted(used - declared)


def test_shipped_context_is_the_published_one():
    assert (ROOT / "ontologies" / "context.jsonld").read_bytes() == (ROOT / "rdfexport" / "data" / "context.jsonld").read_bytes()


def test_every_verb_has_help(capsys):
    from rdfexport.cli import build_parser

    parser = build_parser()
    verbs = parser._subparsers._group_actions[0].choices  # argparse keeps them here
    assert "convert" in verbs
    for name, sub in verbs.items():
        assert sub.format_help().strip(), name


def test_a_strain_keeps_its_name_on_the_figure_and_the_taxon_keeps_its_own(tmp_path):
    rec = write_record(tmp_path, "PMC8__F1.md", "figid: PMC8__F1\npmcid: PMC8\norganisms:\n- Escherichia coli MC1061\n")
    out = tmp_path / "o.nt"
    convert([str(rec)], str(out), resolve_format(str(out), None))
    store = store_of(out)
    assert rows(store, "SELECT ?n WHERE { ?f wp:organismName ?n }") == [("Escherichia coli MC1061",)]
    assert rows(store, "SELECT ?l WHERE { <http://purl.obolibrary.org/obo/NCBITaxon_562> rdfs:label ?l }") == [("Escherichia coli",)]


def test_export_gets_its_description_and_fills_the_embedded_store(samples, tmp_path, capsys):
    out, store_dir = tmp_path / "pfocr.nq", tmp_path / "store"
    assert main(["convert", str(samples), "-o", str(out), "--store", str(store_dir), "-q", "-j", "1"]) == 0
    description = store_of(tmp_path / "pfocr.void.trig")
    (n,) = rows(description, "PREFIX void: <http://rdfs.org/ns/void#> "
                             "SELECT ?n WHERE { <https://pfocr.wikipathways.org/dataset> void:triples ?n }")
    assert int(n[0]) == len(set(store_of(out)))
    assert main(["query", "--store", str(store_dir), "--format", "csv",
                 "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f a wp:Pathway }"]) == 0
    assert capsys.readouterr().out.split()[-1] == str(len(list((samples / "_figures").glob("*.md"))))


@pytest.mark.parametrize("name", ["o.ttl", "o.nq"])
def test_a_run_that_converts_nothing_keeps_the_previous_export(samples, tmp_path, name):
    out = tmp_path / name
    assert main(["convert", str(samples), "-o", str(out), "-q", "-j", "1"]) == 0
    before = out.read_bytes()
    bad = write_record(tmp_path, "nofigid.md", "pmcid: PMC1\n")
    for jobs in ("1", "2"):
        assert main(["convert", str(bad), "-o", str(out), "-q", "-j", jobs]) == 2
        assert out.read_bytes() == before


@pytest.mark.parametrize("fmt", ["nq", "nt"])
def test_description_counts_from_bytes_equal_the_term_by_term_counts(samples, tmp_path, fmt):
    from rdfexport import describe

    out = tmp_path / f"o.{fmt}"
    convert([str(samples)], str(out), resolve_format(str(out), None))
    assert describe.stats_of_lines(out, quads=fmt == "nq") == describe.compute_stats(ox.parse(path=str(out)))


@pytest.mark.parametrize("fmt", ["nq", "nt", "ttl", "trig", "jsonld"])
def test_description_counted_in_the_workers_equals_the_export_read_back(tmp_path, fmt, monkeypatch):
    """A parallel run counts each figure where it is made (no second pass over a corpus-sized
    file); the description must say what reading the written file back says (the hostile
    records add odd nodes and refusals)."""
    from rdfexport import describe

    out = tmp_path / f"o.{fmt}"
    inputs = [str(ROOT / "samples" / "corpus"), str(ROOT / "tests" / "hostile")]
    with monkeypatch.context() as m:
        m.setattr(describe, "stats_of_file", lambda path: pytest.fail("the export was read back"))
        summary = convert(inputs, str(out), resolve_format(str(out), None), jobs=2)
    assert summary.converted > 4
    read_back = describe.stats_of_file(out)
    expected = (read_back.triples, read_back.entities, read_back.classes, read_back.properties)
    assert _described_counts(tmp_path / "o.void.trig") == expected


def _described_counts(description) -> tuple[int, int, int, int]:
    query = ("PREFIX void: <http://rdfs.org/ns/void#> SELECT ?t ?e ?c ?p WHERE { "
             "<https://pfocr.wikipathways.org/dataset> void:triples ?t ; void:entities ?e ; void:classes ?c ; "
             "void:properties ?p }")
    ((t, e, c, p),) = rows(store_of(description), query)
    return int(t), int(e), int(c), int(p)
