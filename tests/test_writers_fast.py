"""The byte path for single-graph formats (the parallel run's Turtle and N-Triples) writes
exactly what the streaming writer writes from the parsed triples, shared nodes once."""

from __future__ import annotations

import io
from dataclasses import replace

import pyoxigraph as ox
import pytest

from rdfexport.map import map_figure, map_figure_ntriples
from rdfexport.writers import FORMATS
from rdfexport.writers.rdf import first_time_runs, marks_in_text, write, write_ntriples_bytes
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
    write_ntriples_bytes([(f.figid, map_figure_ntriples(f)[0].encode(), None) for f in figs], got, fast, FORMATS[name])
    assert got.getvalue() == expected.getvalue()
    assert (fast.figures, fast.triples) == (stats.figures, stats.triples) == (4, stats.triples)
    assert stats.triples < 4 * len(map_figure(figs[0]))  # shared nodes were dropped


def first_time_lines(text: bytes, figid: str, seen: set[int]) -> list[bytes]:
    return b"".join(first_time_runs(text, marks_in_text(text, figid).runs, seen)).splitlines()


def test_first_time_lines_keeps_own_nodes_every_time():
    fig = figures()[0]
    text = map_figure_ntriples(fig)[0].encode()
    seen: set[int] = set()
    first = first_time_lines(text, fig.figid, seen)
    again = first_time_lines(text, fig.figid, seen)
    assert b"\n".join(first + [b""]) == text
    own = f"<{ox.NamedNode('https://pfocr.wikipathways.org/figures/' + fig.figid).value}".encode()
    # again: the figure's own nodes, and shared nodes' lines that name them (a gene is part of it)
    assert again and all(line.startswith(own) or own + b">" in line or own + b"/" in line for line in again)
    assert {line.split(b" ")[0] for line in again} >= {own + b">"}
    assert any(not line.startswith(own) for line in again)


@pytest.mark.parametrize("path", ["bytes", "terms"])
def test_remembered_shared_triples_do_not_grow_with_figures(path):
    """Every figure names the same genes: after the first, nothing new is remembered (a
    gene's ``isPartOf`` its figure is that figure's alone), so a single-file export's memory
    follows the distinct genes and papers, not the number of figures."""
    from rdfexport.writers.stats import first_time_only

    base = sample_figure()
    seen: set[int] = set()
    sizes = []
    for i in range(5):
        fig = replace(base, figid=f"PMC1234567__fig{i}")
        if path == "bytes":
            first_time_lines(map_figure_ntriples(fig)[0].encode(), fig.figid, seen)
        else:
            list(first_time_only(map_figure(fig), fig.figid, seen))
        sizes.append(len(seen))
    assert sizes[0] > 0 and sizes[1:] == [sizes[0]] * 4
