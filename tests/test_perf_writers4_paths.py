"""The single-graph writers' fast paths write exactly what the simple per-triple filter
writes: the streaming writer's set-operation filter (``stats.first_time_only``), the byte
path with marks found in the bytes (``rdf.marks_in_text``) and with the marks a worker
makes from the mapper's lines (``rdf.marks``, and for Turtle its own nodes' statements),
on realistic figures and on odd ones (repeated lines, no own lines, literals holding the
figure's IRI, U+2028, another figure's IRI that extends this one's, subjects between)."""

from __future__ import annotations

import io
from dataclasses import replace
from itertools import groupby
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, parse, serialize

from rdfexport import iris
from rdfexport.map import map_figure, map_figure_lines
from rdfexport.parallel import worker_marks
from rdfexport.vocab import TURTLE_PREFIXES
from rdfexport.writers import FORMATS
from rdfexport.writers.rdf import marks, marks_in_text, turtle_prefix_lines, write, write_ntriples_bytes
from rdfexport.writers.stats import WriteStats, first_time_only

from test_validate import sample_figure

FORMAT = {"nt": RdfFormat.N_TRIPLES, "ttl": RdfFormat.TURTLE}


def simple_filter(figures: list[tuple[str, list[Triple]]]) -> list[Triple]:
    """The definition: a triple about or naming one of the figure's own nodes is written
    every time; any other triple the first time it is met (by equality, not by hash)."""
    seen: set[Triple] = set()
    written = []
    for figid, triples in figures:
        own = iris.figure(figid)

        def local(term) -> bool:
            return isinstance(term, NamedNode) and (term.value == own or term.value.startswith(own + "/"))

        for t in triples:
            if local(t.subject) or local(t.object):
                written.append(t)
            elif t not in seen:
                seen.add(t)
                written.append(t)
    return written


def expected_bytes(figures, name: str) -> bytes:
    prefixes = TURTLE_PREFIXES if name == "ttl" else None
    return serialize(simple_filter(figures), format=FORMAT[name], prefixes=prefixes) or b""


def line(t: Triple) -> bytes:
    return serialize([t], format=RdfFormat.N_TRIPLES)


def in_mapper_order(triples: list[Triple]) -> list[Triple]:
    """Sorted by N-Triples line, as the mapper gives a figure's triples (repeats kept)."""
    return sorted(triples, key=line)


def as_items(ntriples: bytes) -> list[tuple[str, tuple[str, ...]]]:
    """(subject, its line tails) in line order: ``map.FigureLines.items`` of these lines."""
    lines = [text + "\n" for text in ntriples.decode().split("\n")[:-1]]  # not splitlines: U+2028
    return [(subject, tuple(text[len(subject):] for text in group))
            for subject, group in groupby(lines, key=lambda text: text[:text.index(" ")])]


class Lines:
    """What ``parallel.worker_marks`` takes from the mapper (``FigureLines``)."""

    def __init__(self, ntriples: bytes):
        self._items = as_items(ntriples)

    def items(self):
        return self._items


def all_paths(figures: list[tuple[str, list[Triple]]], name: str) -> dict[str, bytes]:
    """Every writer's bytes for these figures (each figure's triples in mapper order)."""
    out = {}
    got = io.BytesIO()
    write([(SimpleNamespace(figid=figid), triples) for figid, triples in figures], got, WriteStats(), FORMATS[name])
    out["streaming"] = got.getvalue()
    as_bytes = [(figid, serialize(triples, format=RdfFormat.N_TRIPLES) or b"") for figid, triples in figures]
    got = io.BytesIO()
    write_ntriples_bytes([(figid, rdf, None) for figid, rdf in as_bytes], got, WriteStats(), FORMATS[name])
    out["bytes, marks from the text"] = got.getvalue()
    got = io.BytesIO()
    write_ntriples_bytes([(figid, rdf, worker_marks(Lines(rdf), rdf, figid, name)) for figid, rdf in as_bytes],
                         got, WriteStats(), FORMATS[name])
    out["bytes, the workers' marks"] = got.getvalue()
    return out


# --- odd figures, generated ------------------------------------------------------------------
FIGIDS = ["PMC1__f1", "PMC1__f10", "PMC1__f1.x", "PMC2__g"]  # IRIs that extend one another


def figure_iri(figid: str) -> str:
    return iris.figure(figid)


@st.composite
def figure_triples(draw, figid: str) -> list[Triple]:
    own = figure_iri(figid)
    nodes = [own, own + "/DataNode/a", own + "/x/b"]
    shared = ["https://identifiers.org/ncbigene/1", "https://identifiers.org/ncbigene/2",
              "http://purl.obolibrary.org/obo/NCBITaxon_9606", "https://identifiers.org/pmc/PMC1"]
    others = [figure_iri(other) for other in FIGIDS if other != figid]  # sort next to this figure's own
    subjects = st.sampled_from(nodes + shared + others)
    predicates = st.sampled_from(["http://purl.org/dc/terms/isPartOf", "http://www.w3.org/2000/01/rdf-schema#label",
                                  "http://vocabularies.wikipathways.org/wp#isAbout"])
    iri_objects = st.sampled_from(nodes + shared + others).map(NamedNode)
    literal_objects = st.sampled_from(["TNF", "line\u2028separator", f"<{own}>", f"{own}/DataNode/a", "δ-x",
                                       f"see <{own}/x> here", "a b"]).map(Literal)
    triple = st.builds(Triple, subjects.map(NamedNode), predicates.map(NamedNode), iri_objects | literal_objects)
    triples = draw(st.lists(triple, max_size=25))
    repeats = draw(st.lists(st.sampled_from(triples), max_size=4)) if triples else []
    return in_mapper_order(triples + repeats)


@st.composite
def figure_lists(draw) -> list[tuple[str, list[Triple]]]:
    figids = draw(st.lists(st.sampled_from(FIGIDS), min_size=1, max_size=6))
    # the same figid twice never reaches a writer (refused as a duplicate), except in a test
    return [(figid, draw(figure_triples(figid))) for figid in figids]


@pytest.mark.parametrize("name", ["nt", "ttl"])
@settings(max_examples=150, deadline=None)
@given(figures=figure_lists())
def test_every_path_writes_what_the_simple_filter_writes(figures, name):
    expected = expected_bytes(figures, name)
    for path, got in all_paths(figures, name).items():
        assert got == expected, path


@settings(max_examples=200, deadline=None)
@given(figures=figure_lists())
def test_workers_marks_equal_the_marks_found_in_the_text(figures):
    for figid, triples in figures:
        rdf = serialize(triples, format=RdfFormat.N_TRIPLES) or b""
        assert marks(as_items(rdf), figid, len(rdf)) == marks_in_text(rdf, figid)


@settings(max_examples=150, deadline=None)
@given(figures=figure_lists())
def test_streaming_filter_equals_the_simple_filter(figures):
    seen: set[int] = set()
    got = [t for figid, triples in figures for t in first_time_only(triples, figid, seen)]
    assert got == simple_filter(figures)


@pytest.mark.parametrize("name", ["nt", "ttl"])
def test_a_triple_naming_the_figure_is_kept_even_if_another_figure_wrote_it(name):
    """Found by hypothesis: a shared triple naming figure g, first written by figure f (where it
    names no own node, so it is remembered), must be written again by g (it is g's alone)."""
    named = Triple(NamedNode("https://identifiers.org/ncbigene/1"), NamedNode("http://purl.org/dc/terms/isPartOf"),
                   NamedNode(iris.figure(FIGIDS[-1])))
    figures = [(FIGIDS[0], []), (FIGIDS[0], [named]), (FIGIDS[-1], [named])]
    assert simple_filter(figures).count(named) == 2
    expected = expected_bytes(figures, name)
    for path, got in all_paths(figures, name).items():
        assert got == expected, path


# --- realistic figures -----------------------------------------------------------------------
def mapped_figures():
    base = sample_figure()
    figs = [replace(base, figid=figid, caption=f"caption of {figid} \u2028 <{iris.figure(figid)}>")
            for figid in ("PMC1234567__fig1", "PMC1234567__fig10", "PMC1234567__fig1.x", "PMC1234567__fig2")]
    return [(fig.figid, map_figure(fig)) for fig in figs], figs


@pytest.mark.parametrize("name", ["nt", "ttl"])
def test_mapped_figures_every_path(name):
    figures, figs = mapped_figures()
    expected = expected_bytes(figures, name)
    assert expected.count(b"TNF") and len(simple_filter(figures)) < sum(len(t) for _, t in figures)
    for path, got in all_paths(figures, name).items():
        assert got == expected, path
    # the marks the worker makes from the mapper's own lines
    handed = [(fig.figid, text.encode(), worker_marks(lines, text.encode(), fig.figid, name))
              for fig in figs for lines in [map_figure_lines(fig)] for text in [lines.ntriples()[0]]]
    got = io.BytesIO()
    stats = WriteStats()
    write_ntriples_bytes(handed, got, stats, FORMATS[name])
    assert got.getvalue() == expected
    assert (stats.figures, stats.triples) == (4, len(simple_filter(figures)))


def test_turtle_statements_of_the_own_nodes_are_handed_over():
    _, figs = mapped_figures()
    fig = figs[0]
    lines = map_figure_lines(fig)
    rdf = lines.ntriples()[0].encode()
    nt, ttl = worker_marks(lines, rdf, fig.figid, "nt"), worker_marks(lines, rdf, fig.figid, "ttl")
    assert nt.turtle is None and ttl.own == nt.own and ttl.turtle
    start, end = ttl.own
    own = f"<{iris.figure(fig.figid)}".encode()
    own_lines = rdf[start:end].splitlines()
    assert own_lines and all(text.startswith((own + b">", own + b"/")) for text in own_lines)
    assert not any(text.startswith(own) for text in rdf[:start].splitlines() + rdf[end:].splitlines())
    assert b"@prefix" not in ttl.turtle
    as_turtle = parse(turtle_prefix_lines() + ttl.turtle, format=RdfFormat.TURTLE)
    assert [q.triple for q in as_turtle] == [q.triple for q in parse(rdf[start:end], format=RdfFormat.N_TRIPLES)]
