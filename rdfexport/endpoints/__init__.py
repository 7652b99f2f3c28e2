"""SPARQL endpoints: the embedded pyoxigraph store and servers reached over HTTP.

One module per server kind (``oxigraph``, ``virtuoso``, ``generic``), each exposing
``KIND``, an :class:`EndpointKind`; ``KINDS`` lists them once. Third parties add a kind
through the ``rdfexport.endpoints`` entry-point group (name -> ``module:KIND``).
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points

from ..errors import UsageError
from .kind import EndpointKind, EndpointUrls

__all__ = ["KINDS", "EndpointKind", "EndpointUrls", "get_kind", "kind_names"]

# kind name -> module in this package; imported only when used
KINDS: dict[str, str] = {
    "oxigraph": "oxigraph",
    "virtuoso": "virtuoso",
    "generic": "generic",
}

ENTRY_POINT_GROUP = "rdfexport.endpoints"


def _plugin_kinds() -> dict[str, object]:
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name not in KINDS}


def kind_names() -> list[str]:
    return [*KINDS, *sorted(_plugin_kinds())]


def get_kind(name: str) -> EndpointKind:
    """The :class:`EndpointKind` called ``name`` (built in or from an entry point)."""
    if name in KINDS:
        return importlib.import_module(f"{__name__}.{KINDS[name]}").KIND
    plugin = _plugin_kinds().get(name)
    if plugin is None:
        raise UsageError(f"unknown endpoint kind {name!r}",
                         hint=f"choose one of: {', '.join(kind_names())}")
    return plugin.load()
