"""SPARQL 1.1 Graph Store HTTP Protocol and SPARQL query client, over ``requests``.

Transient failures (connection reset, 429, 502-504, Virtuoso deadlocks) are retried with
exponential backoff; everything else is an :class:`EndpointError` naming the URL and the
server's own message. Credentials live only in the ``requests`` auth object: never in a URL,
a message or a log line.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import pyoxigraph as ox
import requests

from ..errors import EndpointError
from .kind import EndpointKind, EndpointUrls

RETRY_STATUSES = frozenset({408, 425, 429, 502, 503, 504})
# Virtuoso answers 500 for a transaction deadlock, which succeeds when tried again
_TRANSIENT_BODY = re.compile(r"deadlock|40001|SR172", re.IGNORECASE)
_UNSAFE_IRI = re.compile(r'[\s<>"{}|^`\\]')
SPARQL_JSON = "application/sparql-results+json"


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5
    backoff_s: float = 0.5  # first wait; doubles each try
    max_wait_s: float = 8.0

    def waits(self):
        wait = self.backoff_s
        for _ in range(self.attempts - 1):
            yield wait
            wait = min(wait * 2, self.max_wait_s)


def sparql_iri(iri: str) -> str:
    """``<iri>`` for a SPARQL query, after refusing characters that could break out of it."""
    if not iri or _UNSAFE_IRI.search(iri) or ":" not in iri:
        raise EndpointError(f"refusing to put {iri!r} into a SPARQL query: not a plain IRI")
    return f"<{iri}>"


def make_auth(kind: EndpointKind, user: str | None, password: str | None):
    if not user:
        return None
    if kind.auth == "digest":
        return requests.auth.HTTPDigestAuth(user, password or "")
    return requests.auth.HTTPBasicAuth(user, password or "")


class GraphStoreClient:
    """One server: Graph Store writes, SPARQL SELECTs, and the per-graph COUNT check."""

    def __init__(self, urls: EndpointUrls, *, auth=None, verify: bool | str = True,
                 timeout_s: float = 300.0, retry: RetryPolicy = RetryPolicy(),
                 session: requests.Session | None = None):
        self.urls = urls
        self.timeout_s = timeout_s
        self.retry = retry
        self.session = session or requests.Session()
        self.session.auth = auth
        # TLS verification stays on unless a CA bundle is given; passed with every request
        # because requests lets $REQUESTS_CA_BUNDLE override a session-level setting
        self.verify = self.session.verify = verify

    # --- Graph Store Protocol ------------------------------------------------------------
    def put_graph(self, graph: str, body: bytes, content_type: str) -> None:
        """Replace ``graph`` with ``body`` (idempotent)."""
        self._send("PUT", self.urls.store, params={"graph": graph}, data=body,
                   headers={"Content-Type": content_type})

    def post_graph(self, graph: str, body: bytes, content_type: str) -> None:
        """Add ``body`` to ``graph``."""
        self._send("POST", self.urls.store, params={"graph": graph}, data=body,
                   headers={"Content-Type": content_type})

    def delete_graph(self, graph: str) -> None:
        """Remove ``graph``; a graph that is not there is fine."""
        self._send("DELETE", self.urls.store, params={"graph": graph}, ok_missing=True)

    # --- SPARQL --------------------------------------------------------------------------
    def select(self, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean:
        """Run a query; results parsed by pyoxigraph from SPARQL JSON."""
        response = self._send("POST", self.urls.query, data={"query": sparql},
                              headers={"Accept": SPARQL_JSON})
        return ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)

    def count_graphs(self, graphs: list[str], chunk: int = 200) -> dict[str, int]:
        """Triples stored per graph, by ``COUNT`` (never GET: Virtuoso truncates it)."""
        counts = dict.fromkeys(graphs, 0)  # a graph the server does not have counts 0
        for start in range(0, len(graphs), chunk):
            for row in self.select(count_query(graphs[start:start + chunk])):
                counts[row["g"].value] = int(row["n"].value)
        return counts

    # --- transport -----------------------------------------------------------------------
    def _send(self, method: str, url: str, *, ok_missing: bool = False, **kwargs):
        waits = self.retry.waits()
        while True:
            try:
                response = self.session.request(method, url, timeout=self.timeout_s, verify=self.verify, **kwargs)
            except (requests.ConnectionError, requests.Timeout) as exc:
                if not _sleep(waits):
                    raise EndpointError(f"{method} {url}: {type(exc).__name__}: {exc}") from None
                continue
            if response.ok or (ok_missing and response.status_code == 404):
                return response
            if not (_transient(response) and _sleep(waits)):
                raise EndpointError(_describe_failure(method, url, response))


def count_query(graphs: list[str]) -> str:
    values = " ".join(sparql_iri(g) for g in graphs)
    return ("SELECT ?g (COUNT(*) AS ?n) WHERE { VALUES ?g { %s } GRAPH ?g { ?s ?p ?o } } "
            "GROUP BY ?g" % values)


def _transient(response: requests.Response) -> bool:
    if response.status_code in RETRY_STATUSES:
        return True
    return response.status_code == 500 and bool(_TRANSIENT_BODY.search(response.text[:2000]))


def _sleep(waits) -> bool:
    """Wait before the next try; False when the tries are used up."""
    wait = next(waits, None)
    if wait is None:
        return False
    time.sleep(wait)
    return True


def _describe_failure(method: str, url: str, response: requests.Response) -> str:
    detail = " ".join(response.text.split())[:300]
    hint = " (check --user/--password)" if response.status_code in (401, 403) else ""
    return f"{method} {url} answered {response.status_code} {response.reason}{hint}: {detail}"
