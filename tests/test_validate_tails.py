"""Validating a figure as the mapper keeps it (subject → line tails, ``validate_tails``,
what the parallel worker does) finds exactly what validating its N-Triples text finds, and
the index it builds is the one the text gives (the dataset counts are taken from it)."""

from __future__ import annotations

import random
from collections import Counter
from itertools import groupby

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rdfexport import describe, iris
from rdfexport.map import map_figure_lines
from rdfexport.validate import Report, engine, load_validator, validate_ntriples, validate_tails
from rdfexport.validate.engine import GraphIndex, serialize_ntriples

from test_perf_validate_engine import _damage
from test_validate import FAULTS, base_triples, sample_figure


def as_items(triples) -> list[tuple[str, list[str]]]:
    """N-Triples lines grouped by subject as (subject, tails): the mapper's form, from any triples."""
    lines = sorted({line + "\n" for line in serialize_ntriples(triples).split("\n") if line})
    return [(s, [line[len(s):] for line in group]) for s, group in groupby(lines, key=lambda l: l.split(" ", 1)[0])]


def findings_both_ways(validator, triples):
    text = serialize_ntriples(triples)
    return (Counter((f.key(), f.message) for f in validator.validate_index(validator.index_of_tails(as_items(triples)))),
            Counter((f.key(), f.message) for f in validator.validate_ntriples(text)))


@pytest.fixture(scope="module")
def fast():
    return load_validator()


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_every_injected_fault_is_found_the_same_way(fast, fault):
    damage, _ = FAULTS[fault]
    by_tails, by_text = findings_both_ways(fast, damage(base_triples()))
    assert by_tails == by_text and by_tails


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10**6))
def test_random_damage_is_found_the_same_way(fast, seed):
    by_tails, by_text = findings_both_ways(fast, _damage(base_triples(), random.Random(seed)))
    assert by_tails == by_text


def test_the_index_from_tails_is_the_index_from_text(fast):
    lines = map_figure_lines(sample_figure())
    text, _ = lines.ntriples()
    from_tails = fast.index_of_tails(lines.items())
    from_text = GraphIndex(text, fast.inverse_predicates, fast.watched)
    assert from_tails.out == from_text.out and from_tails.out
    assert {p: sorted(v) for p, v in from_tails.pairs.items()} == {p: sorted(v) for p, v in from_text.pairs.items()}
    assert from_tails.inv == from_text.inv


def test_a_long_tail_is_split_but_not_remembered(fast):
    caption = "x " * 400
    tail = f' <https://schema.org/caption> {ox.Literal(caption)} .\n'
    assert engine._split_tail(tail) == ("<https://schema.org/caption>", str(ox.Literal(caption)))
    assert tail not in engine._TAILS


def test_worker_report_and_counts_match_the_text_path(fast):
    fig = sample_figure()
    lines = map_figure_lines(fig)
    text, count = lines.ntriples()
    graph = ox.NamedNode(iris.figure_graph(fig.figid))
    by_tails, by_text = Report(), Report()
    index = validate_tails(fast, lines.items(), text, by_tails, graph, "a.md", count)
    validate_ntriples(fast, text, by_text, graph, "a.md", count)
    assert [(r.figure, r.finding.key()) for r in by_tails.results] == [(r.figure, r.finding.key()) for r in by_text.results]
    assert (by_tails.triples, by_tails.figures, by_tails.sources) == (by_text.triples, by_text.figures, by_text.sources)
    counted = describe.figure_counts(index.out)
    written = describe.compute_stats(ox.parse(text.encode(), format=ox.RdfFormat.N_TRIPLES))
    assert counted.own_subjects + len(counted.shared_subjects) == written.entities
    assert (len(counted.classes), len(counted.properties)) == (written.classes, written.properties)
