"""The byte path for single-graph formats (the parallel run's Turtle and N-Triples) writes
exactly what the streaming writer writes from the parsed triples, shared nodes once."""

from __future__ import annotations

import io
from dataclasses import replace

import pyoxigraph as ox
import pytest

from rdfexport.map import map_figure, map_figure_ntriples
from rdfexport.writers import FORMATS
from rdfexport.writers.rdf import first_time_lines, write, write_ntriples_bytes
from rdfexport.writers.stats import WriteStats

from test_validate import sample_figure


def figures():
    base = sample_figure()
    # the same genes and paper in every figure; figids that are prefixes of one another
    return [replace(base, figid=figid, caption=f"caption of {figid}")
            for figid in ("PMC1234567__fig1", "PMC1234567__fig10", "PMC1234567__fig1.x", "PMC1234567__fig1")]


@pytest.mark.parametrize("name", ["nt", "ttl"])
def test_bytes_path_equals_streaming_writer(name):
    figs = figures()
    expected, stats = io.BytesIO(), WriteStats()
    write([(f, map_figure(f)) for f in figs], expected, stats, FORMATS[name])
    got, fast = io.BytesIO(), WriteStats()
    write_ntriples_bytes([(f.figid, map_figure_ntriples(f)[0].encode()) for f in figs], got, fast, FORMATS[name])
    assert got.getvalue() == expected.getvalue()
    assert (fast.figures, fast.triples) == (stats.figures, stats.triples) == (4, stats.triples)
    assert stats.triples < 4 * len(map_figure(figs[0]))  # shared nodes were dropped


def test_first_time_lines_keeps_own_nodes_every_time():
    fig = figures()[0]
    text = map_figure_ntriples(fig)[0].encode()
    seen: set[int] = set()
    first = first_time_lines(text, fig.figid, seen)
    again = first_time_lines(text, fig.figid, seen)
    assert b"\n".join(first + [b""]) == text
    own = f"<{ox.NamedNode('https://pfocr.wikipathways.org/figures/' + fig.figid).value}"
    assert again and all(line.startswith(own.encode()) for line in again)
    assert {line.split(b" ")[0] for line in again} >= {own.encode() + b">"}
