"""OpenLink Virtuoso 7: /sparql, and the Graph Store at /sparql-graph-crud(-auth).

Measured quirks (docs/endpoints.md): one large upload answered 201 yet kept ~91% of the
triples, ``INSERT DATA`` fails above ~1,000 triples, and GET/CONSTRUCT stop silently at
``ResultSetMaxRows``. So loads go through the Graph Store in modest batches and are
checked with ``COUNT`` queries, never by reading the data back.
"""

from .kind import EndpointKind

KIND = EndpointKind(
    name="virtuoso",
    description="OpenLink Virtuoso 7 (digest auth on /sparql-graph-crud-auth)",
    batch_triples=20_000,
    content_type="text/turtle",  # Virtuoso 7.2 does not know application/n-triples
    auth="digest",
    query_path="/sparql",
    update_path="/sparql-auth",
    store_path="/sparql-graph-crud",
    auth_store_path="/sparql-graph-crud-auth",
)
