"""What a writer counts, and the filter that writes shared nodes' triples once."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter
from typing import Callable, Iterable, Sequence

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


def first_time_only(triples: Iterable[Triple], figid: str, seen: set[int]) -> list[Triple]:
    """Drop triples about shared nodes (genes, papers, taxa) that an earlier figure wrote.

    Only shared nodes can repeat across figures; their triples are remembered by hash
    (8 bytes each). A shared node's triple that names one of the figure's own nodes (a
    gene ``dcterms:isPartOf`` the figure) is the figure's alone: kept, not remembered, so
    memory grows with distinct genes and papers, not with figures.

    It takes the triples in the mapper's order, sorted by their N-Triples lines (as
    ``map.map_figure`` and the workers' bytes give them; every writer's input comes from
    there): the figure's own nodes (~250 of ~650 triples) are then one run of subjects,
    found by bisection (``own_run``) and kept whole with no Python step per triple; the
    triples around it go through ``first_time_one_by_one``, as all of them do when the
    own nodes are not one run. (Filtering those with set operations instead was faster,
    but missed a triple naming the figure that another figure had written: odd input.)
    """
    triples = triples if type(triples) is list else list(triples)
    own = iris.figure(figid)
    run = _own_run(triples, f"<{own}")
    if run is None:
        return first_time_one_by_one(triples, own, seen)
    start, end = run
    kept = first_time_one_by_one(triples[:start], own, seen)
    kept += triples[start:end]
    kept += first_time_one_by_one(triples[end:], own, seen)
    return kept


def _subject_text(t: Triple) -> str:
    return str(t.subject)  # the subject as its N-Triples line starts: the lines' sort key


def _own_run(triples: list[Triple], own: str) -> tuple[int, int] | None:
    return own_run(triples, own, _subject_text)


def own_run(items: Sequence, own: str, subject_text: Callable) -> tuple[int, int] | None:
    """[start, end) of the items whose subject (``subject_text``: as its N-Triples line
    starts) is one of the figure's own nodes (``own/…>`` or ``own>``, ``own`` being ``<``
    and the figure's IRI), in items sorted by line; None when they are not one run.

    ``own/…`` sorts before ``own>`` ('/' < '>'), with ``own0…`` to ``own=…`` between them
    (another figure's IRI that extends this one): with both kinds, those split the run.
    """
    start = bisect_left(items, own + "/", key=subject_text)
    split = bisect_left(items, own + "0", start, key=subject_text)  # past own/…
    node = bisect_left(items, own + ">", split, key=subject_text)
    end = bisect_right(items, own + ">", node, key=subject_text)
    if start == split:
        return node, end
    if node == end:
        return start, split
    return (start, end) if split == node else None


def first_time_one_by_one(triples: Iterable[Triple], own: str, seen: set[int]) -> list[Triple]:
    """The filter a triple at a time (``own``: the figure's IRI): a triple about or naming
    one of the figure's own nodes is kept; another is kept the first time its hash is seen.
    Locality is decided once per subject (a figure's triples come grouped by subject)."""
    kept: list[Triple] = []
    for subject, group in groupby(triples, key=_SUBJECT):
        if isinstance(subject, NamedNode) and is_figure_local(subject.value, own):
            kept.extend(group)
            continue
        for t in group:
            if isinstance(t.object, NamedNode) and is_figure_local(t.object.value, own):
                kept.append(t)
                continue
            key = hash(t)
            if key not in seen:
                seen.add(key)
                kept.append(t)
    return kept


_SUBJECT = attrgetter("subject")
