"""The embedded store (load --store, query), the dataset description, and the pieces the
loaders share (kind registry, IRI and URL checks, batching)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone

import pyoxigraph as ox
import pytest

import servers
from rdfexport import describe, iris
from rdfexport.cli import main
from rdfexport.endpoints import KINDS, get_kind
from rdfexport.endpoints.gsp import count_query, sparql_iri
from rdfexport.endpoints.loader import load_store, plan_batches, stage_files
from rdfexport.endpoints.store import open_store, results_as_rows, run_query
from rdfexport.errors import EndpointError, UsageError
from rdfexport.vocab import Ox
from test_endpoints_gsp import write_figures


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    """The shared corpus export and its description in an on-disk store, via the CLI."""
    if not servers.CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {servers.CORPUS} (set RDFEXPORT_CORPUS)")
    folder = tmp_path_factory.mktemp("corpus")
    nq, void = servers.shared_export()
    assert main(["load", str(nq), str(void), "--store", str(folder / "store"), "--quiet"]) == 0
    return folder / "store", nq, void


def query_cli(capsys, store, *args) -> str:
    assert main(["query", *args, "--store", str(store)]) == 0
    return capsys.readouterr().out


# --- embedded store ----------------------------------------------------------------------------
@pytest.mark.parametrize("query", servers.example_queries(), ids=lambda p: p.stem)
def test_example_query_gives_the_recorded_answer(corpus_store, query):
    store = ox.Store.read_only(str(corpus_store[0]))
    assert sorted(results_as_rows(run_query(store, query.read_text()))) == servers.expected_rows(query)


def test_genes_of_pathway_match_the_figure_gene_table(corpus_store, capsys):
    """The example's answer, checked against the corpus itself rather than a recording."""
    table = servers.CORPUS / "_data" / "PMC5916355__npp2017278f5-genes.tsv"
    with table.open() as handle:
        expected = {row["ncbigene_id"] for row in csv.DictReader(handle, delimiter="\t")}
    out = query_cli(capsys, corpus_store[0], str(servers.QUERIES / "genes_of_pathway.rq"),
                    "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["ncbiGene"].rsplit("/", 1)[1] for r in rows} == expected


def test_store_holds_every_statement_and_reload_changes_nothing(corpus_store, capsys):
    store_dir, nq, void = corpus_store
    expected = servers.count_statements(nq) + servers.count_statements(void)
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert query_cli(capsys, store_dir, count, "--format", "tsv").split() == ["?n", str(expected)]
    assert main(["load", str(nq), "--store", str(store_dir), "--json", "--quiet"]) == 0
    assert json.loads(capsys.readouterr().out)["triples_stored"] == servers.count_statements(nq)
    assert query_cli(capsys, store_dir, count, "--format", "tsv").split() == ["?n", str(expected)]


def test_query_formats(corpus_store, capsys):
    q = "SELECT ?id WHERE { ?f a wp:Pathway ; dcterms:identifier ?id } ORDER BY ?id LIMIT 2"
    table = query_cli(capsys, corpus_store[0], q)
    assert table.splitlines()[0].strip() == "id" and table.rstrip().endswith("(2 rows)")
    data = json.loads(query_cli(capsys, corpus_store[0], q, "--format", "json"))
    assert len(data["results"]["bindings"]) == 2
    assert query_cli(capsys, corpus_store[0], "ASK { ?f a wp:Pathway }") == "true\n"


def test_query_on_a_missing_store_says_how_to_fill_it(tmp_path, capsys):
    assert main(["query", "ASK {}", "--store", str(tmp_path / "none")]) == 2
    assert "rdfexport load" in capsys.readouterr().err


def test_query_syntax_error_is_a_usage_error(corpus_store, capsys):
    assert main(["query", "SELECT WHERE {", "--store", str(corpus_store[0])]) == 2
    assert "SPARQL syntax error" in capsys.readouterr().err


def test_load_store_replaces_graphs(tmp_path):
    store = open_store(tmp_path / "store")
    load_store(stage_files([write_figures(tmp_path / "a.nq", genes=10)]), store).check()
    report = load_store(stage_files([write_figures(tmp_path / "b.nq", genes=2)]), store)
    report.check()
    assert len(store) == 3 * 6 and report.triples_stored == 18


def test_triples_outside_named_graphs_need_graph_option(tmp_path, capsys):
    ttl = tmp_path / "one.ttl"
    ox.serialize([ox.Triple(ox.NamedNode(iris.figure("F1")), Ox.RDF.type, Ox.WP.Pathway)],
                 output=str(ttl), format=ox.RdfFormat.TURTLE)
    assert main(["load", str(ttl), "--store", str(tmp_path / "s"), "--quiet"]) == 2
    assert "--graph" in capsys.readouterr().err
    graph = "https://pfocr.wikipathways.org/graph/test"
    assert main(["load", str(ttl), "--store", str(tmp_path / "s"), "--graph", graph, "--quiet"]) == 0


# --- batching, IRIs, kinds ---------------------------------------------------------------------
def test_graph_with_blank_nodes_is_never_split(tmp_path):
    g = ox.NamedNode(iris.figure_graph("F1"))
    node = ox.BlankNode()
    quads = [ox.Quad(node, Ox.RDFS.label, ox.Literal(str(i)), g) for i in range(10)]
    stage = ox.Store()
    stage.extend(quads)
    assert [b.size for b in plan_batches(stage, 3)] == [10]


def test_batches_never_exceed_the_size(tmp_path):
    stage = stage_files([write_figures(tmp_path / "f.nq", figures=2, genes=10)])  # 22 per graph
    sizes = [(b.replace, b.size) for b in plan_batches(stage, 8)]
    assert sizes == [(True, 8), (False, 8), (False, 6)] * 2


@pytest.mark.parametrize("bad", ["http://x/a b", "http://x/>", 'http://x/"', "http://x/{y}",
                                 "no-scheme", ""])
def test_unsafe_iris_never_reach_a_query(bad):
    with pytest.raises(EndpointError):
        count_query([bad])


def test_count_query_uses_the_graph_iris():
    graph = iris.figure_graph("PMC1__F1")
    assert sparql_iri(graph) in count_query([graph])


def test_every_registered_kind_builds_its_urls():
    for name in KINDS:
        kind = get_kind(name)
        urls = kind.urls("https://example.org/sparql", query_url="https://example.org/sparql")
        assert all(u.startswith("https://example.org") for u in (urls.query, urls.update, urls.store))
    with pytest.raises(UsageError):
        get_kind("fuseki-2")


def test_virtuoso_uses_the_authenticated_graph_store_with_credentials():
    kind = get_kind("virtuoso")
    assert kind.urls("http://h:8890").store.endswith("/sparql-graph-crud")
    assert kind.urls("http://h:8890/sparql", authenticated=True).store == "http://h:8890/sparql-graph-crud-auth"


# --- dataset description ----------------------------------------------------------------------
WHEN = datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc)


def description_store(tmp_path, **kwargs) -> ox.Store:
    nq = write_figures(tmp_path / "f.nq", figures=2, genes=3)
    path = describe.describe_export(nq, version="2024-05", created_on=WHEN, inputs=["corpus"], **kwargs)
    store = ox.Store()
    store.load(path=str(path))
    return store


def test_description_counts_and_pins_creation_time(tmp_path):
    store = description_store(tmp_path)
    row = next(iter(store.query(
        "SELECT ?t ?e ?d ?v ?l WHERE { GRAPH ?g { ?ds a void:Dataset ; void:triples ?t ; "
        "void:entities ?e ; pav:createdOn ?d ; pav:version ?v ; dcterms:license ?l ; "
        "dcat:distribution ?dist } }",
        prefixes={"void": "http://rdfs.org/ns/void#", "pav": "http://purl.org/pav/",
                  "dcterms": "http://purl.org/dc/terms/", "dcat": "http://www.w3.org/ns/dcat#"})))
    assert int(row["t"].value) == 2 * 8  # 2 figures x (2 figure + 3 genes x 2) triples
    assert int(row["e"].value) == 2 + 3  # 2 figures, 3 genes
    assert row["d"].value == "2024-05-06T07:08:09Z" and row["v"].value == "2024-05"
    assert row["l"].value == iris.CC0


def test_description_lives_in_the_dataset_graph_and_names_tool_and_input(tmp_path):
    store = description_store(tmp_path)
    assert list(store.named_graphs()) == [ox.NamedNode(iris.dataset_graph())]
    labels = {q.object.value for q in store.quads_for_pattern(None, Ox.RDFS.label, None)}
    assert labels == {"rdfexport", "corpus"}


def test_description_is_deterministic(tmp_path):
    nq = write_figures(tmp_path / "f.nq")
    first = describe.describe_export(nq, version="v", created_on=WHEN).read_bytes()
    second = describe.describe_export(nq, version="v", created_on=WHEN).read_bytes()
    assert first == second


def test_source_date_epoch_pins_created_on(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert describe.created_now() == datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)
