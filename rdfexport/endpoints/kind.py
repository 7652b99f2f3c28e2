"""What differs between SPARQL servers: URLs, auth, batch size, payload media type."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from ..errors import UsageError


@dataclass(frozen=True)
class EndpointUrls:
    """The three services a load needs: SPARQL query, SPARQL update, Graph Store."""

    query: str
    update: str
    store: str


@dataclass(frozen=True)
class EndpointKind:
    """A server kind. ``paths`` map a base URL to its services; ``None`` means the user
    gives full URLs (``generic``)."""

    name: str
    description: str
    batch_triples: int  # default triples per Graph Store request, measured safe for the server
    # media type of the N-Triples payloads sent; Turtle is a superset of N-Triples, and some
    # servers (Virtuoso 7) know only the Turtle type
    content_type: str = "application/n-triples"
    auth: str = "basic"  # "basic" or "digest": how --user/--password are sent
    query_path: str | None = None
    update_path: str | None = None
    store_path: str | None = None  # without credentials
    auth_store_path: str | None = None  # with credentials, when the server uses another path
    query_params: tuple[tuple[str, str], ...] = ()

    def urls(self, endpoint: str, *, authenticated: bool = False,
             query_url: str | None = None) -> EndpointUrls:
        """Service URLs for ``endpoint`` (a base URL, or the Graph Store URL for ``generic``)."""
        base = check_url(endpoint)
        if self.store_path is None:  # generic: endpoint is the Graph Store itself
            if not query_url:
                raise UsageError(f"--kind {self.name} needs --query-endpoint URL",
                                 hint="give the SPARQL query URL used to count what was loaded")
            query = check_url(query_url)
            return EndpointUrls(query=query, update=query, store=base)
        root = _strip_known_path(base, self)
        store = self.auth_store_path if authenticated and self.auth_store_path else self.store_path
        return EndpointUrls(query=check_url(query_url) if query_url else root + self.query_path,
                            update=root + (self.update_path or self.query_path),
                            store=root + store)


def _strip_known_path(url: str, kind: EndpointKind) -> str:
    """Accept the server root or any of its service URLs (users paste either)."""
    url = url.rstrip("/")
    for path in (kind.query_path, kind.update_path, kind.store_path, kind.auth_store_path):
        if path and url.endswith(path):
            return url[: -len(path)]
    return url


def check_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL without embedded credentials."""
    if any(c.isspace() or not c.isprintable() for c in url):
        raise UsageError(f"endpoint URL {url!r} contains white space or control characters")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not 0-65535
    except ValueError as exc:
        raise UsageError(f"endpoint URL {url!r} is malformed: {exc}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"endpoint URL {url!r} is not an http:// or https:// URL",
                         hint="give a URL such as http://localhost:7878")
    if parts.username or parts.password:
        # a URL is printed in messages and logs: credentials must not travel inside it
        raise UsageError("endpoint URL must not contain credentials",
                         hint="use --user and --password (or RDFEXPORT_PASSWORD)")
    return url
