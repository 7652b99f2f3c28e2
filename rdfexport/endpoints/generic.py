"""Any SPARQL 1.1 Graph Store HTTP Protocol server: the user gives both URLs.

``--endpoint`` is the Graph Store URL (``?graph=`` is added) and ``--query-endpoint`` the
SPARQL query URL used for the COUNT check. Credentials go as HTTP basic auth.
"""

from .kind import EndpointKind

KIND = EndpointKind(
    name="generic",
    description="any SPARQL 1.1 Graph Store Protocol server (give --query-endpoint too)",
    batch_triples=10_000,
    content_type="text/turtle",  # the one RDF media type every Graph Store accepts
)
