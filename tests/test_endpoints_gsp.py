"""Loading over the Graph Store Protocol against a small local server that can lose triples,
fail transiently or demand credentials (tests/servers.py FakeGraphStore, 127.0.0.1 only)."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from servers import FakeGraphStore
from rdfexport import iris
from rdfexport.cli import main
from rdfexport.endpoints import get_kind
from rdfexport.endpoints.gsp import GraphStoreClient, RetryPolicy
from rdfexport.endpoints.loader import CountMismatchError, load_endpoint, stage_files
from rdfexport.errors import EndpointError
from rdfexport.vocab import Ox

FAST = RetryPolicy(attempts=4, backoff_s=0.01)


def write_figures(path, figures: int = 3, genes: int = 20):
    """N-Quads shaped like the export: one graph per figure, a figure and its genes."""
    quads = []
    for i in range(figures):
        figid = f"PMC{i}__fig{i}"
        fig, graph = ox.NamedNode(iris.figure(figid)), ox.NamedNode(iris.figure_graph(figid))
        quads += [ox.Quad(fig, Ox.RDF.type, Ox.WP.Pathway, graph),
                  ox.Quad(fig, Ox.DC.title, ox.Literal(f"Figure {i} \"α\"", language="en"), graph)]
        for g in range(genes):
            gene = ox.NamedNode(iris.ncbigene(str(100 + g)))
            quads += [ox.Quad(gene, Ox.DCTERMS.isPartOf, fig, graph),
                      ox.Quad(gene, Ox.RDFS.label, ox.Literal(f"GENE{g}"), graph)]
    ox.serialize(quads, output=str(path), format=ox.RdfFormat.N_QUADS)
    return path


def cli_load(fake: FakeGraphStore, *files, extra=()) -> int:
    return main(["load", *map(str, files), "--endpoint", fake.store_url, "--kind", "generic",
                 "--query-endpoint", fake.query_url, "--quiet", *extra])


def test_lossless_load_is_verified_and_reports_json(tmp_path, capsys):
    nq = write_figures(tmp_path / "f.nq")
    with FakeGraphStore() as fake:
        assert cli_load(fake, nq, extra=["--json"]) == 0
        assert len(fake.store) == 3 * 42
    summary = json.loads(capsys.readouterr().out)
    assert summary["ok"] and summary["graphs"] == 3 and summary["triples_stored"] == 126


def test_server_that_drops_part_of_a_batch_is_an_error_naming_graph_and_counts(tmp_path, capsys):
    nq = write_figures(tmp_path / "f.nq")
    with FakeGraphStore(drop_every=10) as fake:  # answers 201 but keeps 38 of 42 triples
        assert cli_load(fake, nq) == 1
    err = capsys.readouterr().err
    graph = iris.figure_graph("PMC0__fig0")
    assert f"graph <{graph}>: sent 42 triples" in err and "holds 38" in err
    assert err.count("sent 42 triples") == 3


def test_count_mismatch_raises_with_both_counts(tmp_path):
    stage = stage_files([write_figures(tmp_path / "f.nq", figures=1)])
    kind = get_kind("generic")
    with FakeGraphStore(drop_every=7) as fake:  # drops 1 in each full batch of 10
        client = GraphStoreClient(kind.urls(fake.store_url, query_url=fake.query_url), retry=FAST)
        report = load_endpoint(stage, client, kind, batch_triples=10)
    with pytest.raises(CountMismatchError, match=r"sent 42 triples, target holds 38"):
        report.check()


def test_large_graph_goes_in_batches_put_first_then_post(tmp_path):
    stage = stage_files([write_figures(tmp_path / "f.nq", figures=1, genes=50)])  # 102 triples
    kind = get_kind("generic")
    with FakeGraphStore() as fake:
        client = GraphStoreClient(kind.urls(fake.store_url, query_url=fake.query_url), retry=FAST)
        report = load_endpoint(stage, client, kind, batch_triples=40)
        methods = [(m, n) for m, _, n in fake.requests]
    report.check()
    assert methods == [("PUT", 40), ("POST", 40), ("POST", 22)]


def test_reload_replaces_each_graph(tmp_path):
    nq = write_figures(tmp_path / "f.nq")
    with FakeGraphStore() as fake:
        assert cli_load(fake, nq) == 0
        assert cli_load(fake, write_figures(tmp_path / "g.nq", genes=5)) == 0
        assert len(fake.store) == 3 * 12  # the smaller figures replaced the larger ones


def test_transient_errors_are_retried(tmp_path):
    stage = stage_files([write_figures(tmp_path / "f.nq", figures=2)])
    kind = get_kind("generic")
    with FakeGraphStore(fail_first=3) as fake:
        client = GraphStoreClient(kind.urls(fake.store_url, query_url=fake.query_url), retry=FAST)
        load_endpoint(stage, client, kind).check()
        assert fake.failed == 3 and len(fake.store) == 84


def test_a_server_that_keeps_failing_is_an_error(tmp_path):
    stage = stage_files([write_figures(tmp_path / "f.nq", figures=1)])
    kind = get_kind("generic")
    with FakeGraphStore(fail_first=100) as fake:
        client = GraphStoreClient(kind.urls(fake.store_url, query_url=fake.query_url), retry=FAST)
        with pytest.raises(EndpointError, match="503"):
            load_endpoint(stage, client, kind)


def test_credentials_are_sent_but_never_printed(tmp_path, capsys, monkeypatch):
    nq = write_figures(tmp_path / "f.nq", figures=1)
    secret = "s3cret-pw"
    with FakeGraphStore(credentials=("loader", secret)) as fake:
        assert cli_load(fake, nq, extra=["--user", "loader", "--password", "wrong"]) == 2
        monkeypatch.setenv("RDFEXPORT_PASSWORD", secret)
        assert cli_load(fake, nq, extra=["--user", "loader", "--json"]) == 0
    out = capsys.readouterr()
    assert "401" in out.err and "--user/--password" in out.err
    assert secret not in out.out + out.err and "wrong" not in out.out + out.err


@pytest.mark.parametrize("url", ["ftp://example.org/store", "file:///tmp/x", "localhost:7878",
                                 "http://user:pw@127.0.0.1:1/store"])
def test_endpoint_urls_must_be_plain_http(tmp_path, capsys, url):
    nq = write_figures(tmp_path / "f.nq", figures=1)
    assert main(["load", str(nq), "--endpoint", url, "--kind", "oxigraph", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "endpoint URL" in err and "pw@" not in err


def test_connection_refused_is_a_clear_error(tmp_path, capsys):
    import servers
    nq = write_figures(tmp_path / "f.nq", figures=1)
    url = f"http://127.0.0.1:{servers.free_port()}"  # nothing listens there
    kind = get_kind("oxigraph")
    client = GraphStoreClient(kind.urls(url), retry=FAST)
    with pytest.raises(EndpointError, match="ConnectionError"):
        load_endpoint(stage_files([nq]), client, kind)
