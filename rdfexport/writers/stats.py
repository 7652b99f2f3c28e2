"""What a writer counts, and the filter that writes shared nodes' triples once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

from pyoxigraph import Triple

from .. import iris


@dataclass
class WriteStats:
    figures: int = 0
    triples: int = 0  # triples (or quads) actually written


def is_figure_local(iri: str, figure_iri: str) -> bool:
    """The figure itself and the nodes minted under it (mentions, interactions)."""
    return iri == figure_iri or iri.startswith(figure_iri + "/")


def first_time_only(triples: Iterable[Triple], figid: str, seen: set[int]) -> Iterator[Triple]:
    """Drop triples about shared nodes (genes, papers, taxa) that an earlier figure wrote.

    Only shared nodes can repeat across figures; their triples are remembered by hash
    (8 bytes each) so memory grows with distinct genes and papers, not with figures.
    """
    own = iris.figure(figid)
    for t in triples:
        if is_figure_local(t.subject.value, own):
            yield t
            continue
        key = hash(t)
        if key not in seen:
            seen.add(key)
            yield t
