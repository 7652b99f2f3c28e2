"""Two shortcuts of the fast engine report exactly what the plain evaluation reports.

- ``GraphIndex.members``: the instances of a class, read only, now the type index's own set
  (no copy) when the graph has no rdfs:subClassOf; ``instances_of`` still gives a fresh set.
- The terms a shape remembers as passing its term-only tests (``_Compiled.passed``) are kept
  up to ``engine._MEMO_SIZE`` per shape, then forgotten all at once: a validator whose memos
  fill and empty again and again, over many graphs, reports what a validator with no
  remembered terms and no set shortcuts reports on each graph.
"""

from __future__ import annotations

import random
from collections import Counter

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rdfexport.validate import engine, load_validator

from test_perf_validate_engine import _damage, plain
from test_validate import FAULTS, base_triples

RDFS = "http://www.w3.org/2000/01/rdf-schema#"
WP = "http://vocabularies.wikipathways.org/wp#"
EX = "http://example.org/"


def found(findings) -> Counter:
    return Counter((f.key(), f.message) for f in findings)


def _typed(pairs, subclass_of=()) -> list:
    """Triples typing each (node, class) and stating each (sub, super) rdfs:subClassOf."""
    a = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    sub = ox.NamedNode(RDFS + "subClassOf")
    return ([ox.Triple(ox.NamedNode(EX + n), a, ox.NamedNode(EX + c)) for n, c in pairs]
            + [ox.Triple(ox.NamedNode(EX + s), sub, ox.NamedNode(EX + o)) for s, o in subclass_of])


def _expected_instances(pairs, subclass_of, cls) -> set:
    """rdfs:subClassOf closure, by hand: the nodes typed ``cls`` or any subclass of it."""
    below, changed = {cls}, True
    while changed:
        more = {s for s, o in subclass_of if o in below} - below
        below |= more
        changed = bool(more)
    return {f"<{EX}{n}>" for n, c in pairs if c in below}


names = st.sampled_from("abcdef")


@settings(max_examples=60, deadline=None)
@given(pairs=st.lists(st.tuples(names, st.sampled_from(["A", "B", "C", "D"])), max_size=12),
       subclass_of=st.lists(st.tuples(st.sampled_from(["A", "B", "C", "D"]), st.sampled_from(["A", "B", "C", "D"])),
                            max_size=4))
def test_members_are_the_instances_with_and_without_subclasses(pairs, subclass_of):
    validator = load_validator()
    index = validator.index(_typed(pairs, subclass_of))
    for cls in "ABCD":
        wanted = _expected_instances(pairs, subclass_of, cls)
        assert index.members(f"<{EX}{cls}>") == wanted
        fresh = index.instances_of(f"<{EX}{cls}>")
        assert fresh == wanted
        fresh.add("<urn:changed>")  # the caller's own copy: the index does not change
        assert index.members(f"<{EX}{cls}>") == wanted == index.instances_of(f"<{EX}{cls}>")


def test_members_of_a_class_no_node_has_is_empty():
    index = load_validator().index(_typed([("a", "A")]))
    assert index.members(f"<{EX}Z>") == set() and index.instances_of(f"<{EX}Z>") == set()


@pytest.mark.parametrize("size", [1, 3, 50])
def test_memos_that_fill_and_empty_change_no_report(monkeypatch, size):
    """Every fault graph, twice over, through one validator whose memos hold ``size`` terms
    (so they are emptied many times, mid-graph too), against the plain evaluation."""
    monkeypatch.setattr(engine, "_MEMO_SIZE", size)
    warm, cold = load_validator(), load_validator()
    seen_any = False
    for name in sorted(FAULTS) * 2:
        triples = FAULTS[name][0](base_triples())
        got = found(warm.validate(triples))
        assert got == found(plain(cold, triples)), name
        seen_any = seen_any or bool(got)
    assert seen_any
    assert all(len(s.passed) <= size for s in warm.shapes if s.passed is not None)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seeds=st.lists(st.integers(0, 10**6), min_size=2, max_size=6), size=st.sampled_from([2, 7, 16_384]))
def test_memos_of_any_size_agree_with_plain_evaluation_on_damaged_graphs(monkeypatch, seeds, size):
    monkeypatch.setattr(engine, "_MEMO_SIZE", size)
    warm, cold = load_validator(), load_validator()
    for seed in seeds:
        triples = _damage(base_triples(), random.Random(seed))
        assert found(warm.validate(triples)) == found(plain(cold, triples))
