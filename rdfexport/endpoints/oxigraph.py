"""Oxigraph server (``oxigraph serve``): /query, /update, /store; no authentication."""

from .kind import EndpointKind

KIND = EndpointKind(
    name="oxigraph",
    description="Oxigraph server (pip install oxigraph; oxigraph serve --location DIR)",
    # 10k-triple batches load at ~80k triples/s here; larger ones gain little and cost memory
    batch_triples=50_000,
    content_type="application/n-triples",
    query_path="/query",
    update_path="/update",
    store_path="/store",
)
