"""Triples per second of `rdfexport load` into the embedded store, Oxigraph server and Virtuoso.

usage: .venv/bin/python bench/load_servers.py [--figures N] [--export FILE.nq]
Without --export it writes synthetic figure-like N-Quads (a figure, 40 genes, 266 triples
per figure graph). Servers are started on free loopback ports (tests/servers.py) and stopped.
Two shapes are timed: one graph per figure (a PUT per figure) and everything in one graph
(batches of the kind's --batch-triples), the shape where batch size matters.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import servers  # noqa: E402
from rdfexport import iris  # noqa: E402
from rdfexport.endpoints import get_kind  # noqa: E402
from rdfexport.endpoints.gsp import GraphStoreClient, make_auth  # noqa: E402
from rdfexport.endpoints.loader import load_endpoint, load_store, stage_files  # noqa: E402
from rdfexport.endpoints.store import open_store  # noqa: E402
from rdfexport.vocab import Ox  # noqa: E402

ONE_GRAPH = "https://pfocr.wikipathways.org/graph/bench"


def synthetic_export(path: Path, figures: int) -> Path:
    def quads():
        for i in range(figures):
            figid = f"PMC{i}__bench{i}"
            fig, graph = ox.NamedNode(iris.figure(figid)), ox.NamedNode(iris.figure_graph(figid))
            yield ox.Quad(fig, Ox.RDF.type, Ox.WP.Pathway, graph)
            yield ox.Quad(fig, Ox.DC.title, ox.Literal(f"Figure {i}", language="en"), graph)
            for g in range(40):  # 40 genes x 6 + 26 figure-level ~ 266 triples
                gene = ox.NamedNode(iris.ncbigene(str(i * 100 + g)))
                for p, o in ((Ox.RDF.type, Ox.WP.GeneProduct), (Ox.DCTERMS.isPartOf, fig),
                             (Ox.RDFS.label, ox.Literal(f"G{g}")),
                             (Ox.DCTERMS.identifier, ox.Literal(str(i * 100 + g))),
                             (Ox.WP.bdbEntrezGene, gene), (Ox.RDF.type, Ox.WP.DataNode)):
                    yield ox.Quad(gene, p, o, graph)
            for k in range(24):
                yield ox.Quad(fig, ox.NamedNode("http://schema.org/keywords"), ox.Literal(f"kw{k}"), graph)
    ox.serialize(quads(), output=str(path), format=ox.RdfFormat.N_QUADS)
    return path


def timed(label: str, load) -> None:
    started = time.perf_counter()
    report = load()
    report.check()
    wall = time.perf_counter() - started
    print(f"{label:<34} {report.triples_sent:>9,} triples  send {report.seconds:6.1f} s "
          f"({report.triples_sent / report.seconds:>9,.0f}/s)  with count {wall:6.1f} s")


def bench_server(server: servers.Server, export: Path) -> None:
    kind = get_kind(server.kind)
    client = GraphStoreClient(kind.urls(server.base_url, authenticated=bool(server.user)),
                              auth=make_auth(kind, server.user, server.password))
    timed(f"{server.kind}: graph per figure", lambda: load_endpoint(stage_files([export]), client, kind))
    timed(f"{server.kind}: one graph, batches {kind.batch_triples:,}",
          lambda: load_endpoint(stage_files([export], graph=ONE_GRAPH), client, kind))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figures", type=int, default=2000)
    parser.add_argument("--export", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        export = args.export or synthetic_export(tmp / "bench.nq", args.figures)
        timed("embedded store", lambda: load_store(stage_files([export]), open_store(tmp / "store")))
        if servers.oxigraph_binary():
            (tmp / "ox").mkdir()
            server = servers.start_oxigraph(tmp / "ox")
            try:
                bench_server(server, export)
            finally:
                server.stop()
        if servers.virtuoso_binaries():
            (tmp / "vt").mkdir()
            server = servers.start_virtuoso(tmp / "vt", tmp)
            try:
                bench_server(server, export)
            finally:
                server.stop()


if __name__ == "__main__":
    main()
