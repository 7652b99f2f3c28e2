"""What a writer counts, and the filter that writes shared nodes' triples once."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter
from typing import Iterable, Iterator

from pyoxigraph import NamedNode, Triple

from .. import iris


@dataclass
class WriteStats:
    figures: int = 0
    triples: int = 0  # triples (or quads) actually written
    dataset: object = None  # describe.DatasetStats, when counted while writing (parallel runs)


def is_figure_local(iri: str, figure_iri: str) -> bool:
    """The figure itself and the nodes minted under it (mentions, interactions)."""
    return iri == figure_iri or iri.startswith(figure_iri + "/")


def first_time_only(triples: Iterable[Triple], figid: str, seen: set[int]) -> Iterator[Triple]:
    """Drop triples about shared nodes (genes, papers, taxa) that an earlier figure wrote.

    Only shared nodes can repeat across figures; their triples are remembered by hash
    (8 bytes each). A shared node's triple that names one of the figure's own nodes (a
    gene ``dcterms:isPartOf`` the figure) is the figure's alone: kept, not remembered, so
    memory grows with distinct genes and papers, not with figures. Locality is decided
    once per subject (a figure's triples come grouped by subject).
    """
    own = iris.figure(figid)
    for subject, group in groupby(triples, key=_SUBJECT):
        if isinstance(subject, NamedNode) and is_figure_local(subject.value, own):
            yield from group
            continue
        for t in group:
            if isinstance(t.object, NamedNode) and is_figure_local(t.object.value, own):
                yield t
                continue
            key = hash(t)
            if key not in seen:
                seen.add(key)
                yield t


_SUBJECT = attrgetter("subject")
