"""Load export files into a SPARQL server (Graph Store Protocol) or the embedded store,
then COUNT every graph there and compare with what was sent.

Graphs: N-Quads/TriG keep their named graphs, one per figure (--graph-per-figure, the
default); --graph IRI puts every triple into one graph instead (needed for .nt/.ttl).
Re-running a load is idempotent: each graph's first batch is sent with PUT, which replaces
the graph, and later batches of the same graph with POST.

Exit codes: 0 every graph holds exactly what was sent; 1 a count differs (the graphs and
both counts are named); 2 usage, input or connection error. The password may come from
the RDFEXPORT_PASSWORD environment variable instead of --password; it is never printed.

examples:
  rdfexport load output/pfocr.nq --store output/store
  rdfexport load output/pfocr.nq --endpoint http://localhost:7878 --kind oxigraph
  rdfexport load output/pfocr.nq output/pfocr.void.trig --endpoint http://localhost:8890 \\
      --kind virtuoso --user loader --password ... --json
"""

from __future__ import annotations

import os
import sys

import pyoxigraph as ox

from ..endpoints import get_kind, kind_names
from ..endpoints.gsp import GraphStoreClient, make_auth, sparql_iri
from ..endpoints.loader import LoadReport, load_endpoint, load_store, stage_files
from ..endpoints.store import open_store, summary_json
from ..errors import EndpointError, UsageError
from ..progress import Progress

HELP = "load export files into a SPARQL server or the embedded store, count-verified"
PASSWORD_ENV = "RDFEXPORT_PASSWORD"


def add_arguments(parser) -> None:
    parser.add_argument("files", nargs="+", metavar="GRAPH", help="export files (.nq .trig .nt .ttl)")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--endpoint", metavar="URL", help="server base URL (http/https)")
    target.add_argument("--store", metavar="DIR", help="embedded pyoxigraph store directory")
    parser.add_argument("--kind", default="oxigraph", choices=kind_names())
    parser.add_argument("--query-endpoint", metavar="URL", help="SPARQL query URL (generic kind)")
    graphs = parser.add_mutually_exclusive_group()
    graphs.add_argument("--graph", metavar="IRI", help="load every triple into this graph")
    graphs.add_argument("--graph-per-figure", action="store_true",
                        help="keep the files' named graphs (default)")
    parser.add_argument("--user", metavar="U")
    parser.add_argument("--password", metavar="P", help=f"or set {PASSWORD_ENV}")
    parser.add_argument("--batch-triples", type=int, metavar="N",
                        help="triples per request (default: per server kind)")
    parser.add_argument("--ca-bundle", metavar="PEM", help="CA certificates for https (TLS is always verified)")
    parser.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def run(args) -> int:
    stage = stage_files(args.files, graph=_checked_graph(args.graph))
    report = _load_store(args, stage) if args.store else _load_endpoint(args, stage)
    _print_report(report, args)
    return 0 if not report.mismatches else 1


def _load_store(args, stage) -> LoadReport:
    return load_store(stage, open_store(args.store), target=args.store)


def _load_endpoint(args, stage) -> LoadReport:
    kind = get_kind(args.kind)
    password = args.password or os.environ.get(PASSWORD_ENV)
    urls = kind.urls(args.endpoint, authenticated=bool(args.user), query_url=args.query_endpoint)
    client = GraphStoreClient(urls, auth=make_auth(kind, args.user, password),
                              verify=args.ca_bundle or True)
    progress = Progress(label="triples sent", enabled=not args.quiet)
    return load_endpoint(stage, client, kind, batch_triples=args.batch_triples, progress=progress)


def _checked_graph(graph: str | None) -> str | None:
    if graph is None:
        return None
    try:
        ox.NamedNode(graph)
        sparql_iri(graph)
    except (ValueError, EndpointError) as exc:
        raise UsageError(f"--graph {graph!r} is not an absolute IRI: {exc}") from None
    return graph


def _print_report(report: LoadReport, args) -> None:
    if args.json:
        print(summary_json(report.to_dict()))
    for c in report.mismatches:
        print(f"rdfexport load: error: graph <{c.graph}>: sent {c.sent} triples, "
              f"{report.target} holds {c.stored}", file=sys.stderr)
    if not report.mismatches and not args.quiet:
        rate = report.to_dict()["triples_per_second"] or 0
        print(f"rdfexport load: {report.triples_sent:,} triples in {len(report.counts):,} graphs "
              f"into {report.target} ({report.kind}), counts verified; {rate:,} triples/s",
              file=sys.stderr)
