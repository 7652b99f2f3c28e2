"""The shared corpus export loaded into real servers started here: Oxigraph server and
Virtuoso 7 (installed by scripts/install_servers.sh). Counts are checked with COUNT
queries, a re-load must change nothing, and the example queries must give the recorded
answers on both servers."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

import servers
from rdfexport.cli import main
from rdfexport.endpoints import get_kind
from rdfexport.endpoints.gsp import GraphStoreClient, make_auth
from rdfexport.endpoints.loader import load_endpoint, stage_files
from rdfexport.endpoints.store import results_as_rows

pytestmark = [pytest.mark.server, pytest.mark.slow]

MISSING = {
    "oxigraph": "Oxigraph server binary not found: pip install oxigraph (the test extra has it)",
    "virtuoso": "virtuoso-t/isql-vt not found: run scripts/install_servers.sh "
                "(Debian virtuoso-opensource-7-bin)",
}


def require(kind: str) -> None:
    found = servers.oxigraph_binary() if kind == "oxigraph" else servers.virtuoso_binaries()
    if not found:
        pytest.skip(MISSING[kind])


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    if not servers.CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {servers.CORPUS} (set RDFEXPORT_CORPUS)")
    return servers.shared_export()


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    require("oxigraph")
    server = servers.start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory, export):
    require("virtuoso")
    # DirsAllowed covers the export folder so the bulk-loader recipe can read the N-Quads
    server = servers.start_virtuoso(tmp_path_factory.mktemp("virtuoso"), export[0].parent)
    yield server
    server.stop()


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def loaded(request, export):
    """A server with the corpus export and its description loaded through `rdfexport load`."""
    server = request.getfixturevalue(request.param)
    assert main(["load", *map(str, export), *load_args(server), "--quiet"]) == 0
    return server


def load_args(server: servers.Server) -> list[str]:
    args = ["--endpoint", server.base_url, "--kind", server.kind]
    if server.user:
        args += ["--user", server.user, "--password", server.password]
    return args


def client_for(server: servers.Server) -> GraphStoreClient:
    kind = get_kind(server.kind)
    urls = kind.urls(server.base_url, authenticated=bool(server.user))
    return GraphStoreClient(urls, auth=make_auth(kind, server.user, server.password))


def total_in_graphs_of(server: servers.Server, files) -> int:
    """Triples the server holds in the graphs the files name (Virtuoso has graphs of its own)."""
    graphs = sorted(g.value for g in stage_files(files).named_graphs())
    return sum(client_for(server).count_graphs(graphs).values())


def test_every_triple_of_the_export_is_on_the_server(loaded, export):
    # the whole corpus is far above Virtuoso's ResultSetMaxRows (1000 here): only a COUNT sees it
    expected = servers.count_statements(export[0]) + servers.count_statements(export[1])
    assert expected > servers.VIRTUOSO_MAX_ROWS
    assert total_in_graphs_of(loaded, export) == expected


def test_reload_is_idempotent(loaded, export, capsys):
    before = total_in_graphs_of(loaded, export)
    assert main(["load", str(export[0]), *load_args(loaded), "--json", "--quiet"]) == 0
    summary = capsys.readouterr().out
    assert '"ok": true' in summary and f'"triples_sent": {servers.count_statements(export[0])}' in summary
    assert total_in_graphs_of(loaded, export) == before


def test_a_changed_graph_is_replaced_not_added_to(loaded, export, tmp_path):
    stage = stage_files([export[0]])
    graph = sorted(g.value for g in stage.named_graphs())[0]
    triples = list(stage.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
    smaller = tmp_path / "smaller.nq"
    ox.serialize(triples[: len(triples) // 2], output=str(smaller), format=ox.RdfFormat.N_QUADS)
    kind = get_kind(loaded.kind)
    try:
        report = load_endpoint(stage_files([smaller]), client_for(loaded), kind)
        assert [(c.sent, c.stored) for c in report.counts] == [(len(triples) // 2,) * 2]
    finally:  # put the full graph back for the other tests
        load_endpoint(stage_files([export[0]]), client_for(loaded), kind).check()


@pytest.mark.parametrize("query", servers.example_queries(), ids=lambda p: p.stem)
def test_example_query_gives_the_recorded_answer(loaded, query):
    rows = results_as_rows(client_for(loaded).select(query.read_text()))
    assert sorted(rows) == servers.expected_rows(query)


def test_virtuoso_bulk_loader_recipe_loads_the_nquads(virtuoso, export):
    """docs/endpoints.md: ld_dir + rdf_loader_run on the N-Quads, graphs taken from the file."""
    nq = export[0]
    client = client_for(virtuoso)
    graphs = sorted(g.value for g in stage_files([nq]).named_graphs())
    for graph in graphs:  # start from empty figure graphs, whatever ran before
        client.delete_graph(graph)
    assert sum(client.count_graphs(graphs).values()) == 0
    servers.run_isql(virtuoso, f"ld_dir('{nq.parent}', '{nq.name}', '{servers.BULK_DEFAULT_GRAPH}'); "
                               "rdf_loader_run(); checkpoint;")
    assert sum(client.count_graphs(graphs).values()) == servers.count_statements(nq)
