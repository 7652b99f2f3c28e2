"""Run a SPARQL query over the embedded store (default output/store) or a server.

The query sees every figure graph as its default graph, so WikiPathways' example queries
run unchanged. Common prefixes (wp:, dcterms:, ...) are predeclared for the embedded store;
a server needs them spelt out in the query. With --endpoint, SELECT and ASK are supported.

examples:
  rdfexport query 'SELECT (COUNT(*) AS ?n) WHERE { ?f a wp:Pathway }'
  rdfexport query examples/queries/genes_of_pathway.rq --format tsv
  rdfexport query q.rq --endpoint http://localhost:7878 --kind oxigraph --format json
"""

from __future__ import annotations

import sys

from ..endpoints import get_kind, kind_names
from ..endpoints.gsp import GraphStoreClient
from ..endpoints.store import (DEFAULT_STORE, RESULT_FORMATS, format_results,
                               open_store_read_only, read_query, run_query)

HELP = "run a SPARQL query over the embedded store or an endpoint"


def add_arguments(parser) -> None:
    parser.add_argument("query", metavar="SPARQL|FILE.rq", help="query text or a .rq file")
    parser.add_argument("--store", default=str(DEFAULT_STORE), metavar="DIR",
                        help=f"embedded store to query (default {DEFAULT_STORE})")
    parser.add_argument("--endpoint", metavar="URL", help="query this server instead")
    parser.add_argument("--kind", default="generic", choices=kind_names(),
                        help="server kind for --endpoint (generic: URL is the query URL)")
    parser.add_argument("--format", default="table", choices=RESULT_FORMATS)


def run(args) -> int:
    sparql = read_query(args.query)
    results = _endpoint_results(args, sparql) if args.endpoint else \
        run_query(open_store_read_only(args.store), sparql)
    sys.stdout.buffer.write(format_results(results, args.format))
    return 0


def _endpoint_results(args, sparql: str):
    kind = get_kind(args.kind)
    if kind.query_path is None:  # generic: the URL given is the query service itself
        urls = kind.urls(args.endpoint, query_url=args.endpoint)
    else:
        urls = kind.urls(args.endpoint)
    return GraphStoreClient(urls).select(sparql)
