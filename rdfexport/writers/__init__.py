"""Writers: one module per kind of output, registered once in ``FORMATS``.

A writer consumes a stream of ``(Figure, triples)`` pairs, so records flow through
the pipeline and out to disk without a whole-corpus graph in memory, and writes
atomically (see ``atomic``). Dataset formats (N-Quads, TriG) put each figure in its
own named graph (``iris.figure_graph``); single-graph formats (Turtle, N-Triples,
JSON-LD) write each triple once even when several figures describe the same gene.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from pyoxigraph import RdfFormat


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    media_type: str
    dataset: bool  # one named graph per figure
    rdf_format: RdfFormat | None  # the pyoxigraph format, None for JSON-LD (rdflib compacts it)


FORMATS: dict[str, Format] = {
    "ttl": Format("ttl", ".ttl", "text/turtle", False, RdfFormat.TURTLE),
    "nt": Format("nt", ".nt", "application/n-triples", False, RdfFormat.N_TRIPLES),
    "nq": Format("nq", ".nq", "application/n-quads", True, RdfFormat.N_QUADS),
    "trig": Format("trig", ".trig", "application/trig", True, RdfFormat.TRIG),
    "jsonld": Format("jsonld", ".jsonld", "application/ld+json", False, None),
}


def format_for_path(path: str) -> Format | None:
    for fmt in FORMATS.values():
        if path.endswith(fmt.extension):
            return fmt
    return None


def writer_for(fmt: Format) -> Callable:
    """The module function that writes this format: ``write(items, handle, stats)``."""
    if fmt.rdf_format is None:
        from . import jsonld

        return jsonld.write
    from . import rdf

    return rdf.write
