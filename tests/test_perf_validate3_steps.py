"""The per-step and per-node shortcuts of ``engine._check_nodes`` report exactly what the
full evaluation reports.

Shortcuts under test: a plan step cleared at once for a focus node by set operations
(counts in range, the sh:hasValue term present, every value a remembered term and an
instance of the sh:class, on a path out of or into the node: ``_fast_step``), and the
node-level tests run only on the focus nodes that set inclusion cannot clear, for all of a
shape's focus nodes at once (``_maybe_failing``). Each is compared with the same validator
with both switched off (every step and node tested in full, values_pass never answering),
on the injected faults of ``test_validate``, on random damage to figure graphs, and on a
run of mapped figures where memos are warm and genes recur.
"""

from __future__ import annotations

import random
from collections import Counter

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rdfexport.validate import engine, load_validator

from test_perf_validate_engine import _damage, _shapes
from test_validate import FAULTS, base_triples, dataset_triples

WP = "http://vocabularies.wikipathways.org/wp#"


@pytest.fixture(scope="module")
def fast():
    return load_validator()


def found(findings) -> Counter:
    return Counter((f.key(), f.message) for f in findings)


def full(validator, triples):
    """``validator`` with no shortcut: no step cleared at once, every node tested in full,
    no remembered term, values_pass never answering."""
    shapes = _shapes(validator)
    saved = {id(s): (s.fast_plan, s.fast_classes, s.quick_node, s.plan) for s in shapes}
    real = engine._Compiled.values_pass
    try:
        engine._Compiled.values_pass = lambda self, values, index: False
        for s in shapes:
            s.plan = [(*step[:-1], None) for step in s.plan]
            s.fast_plan = [(None,) * 7 + (step,) for step in s.plan]
            s.fast_classes = s.quick_node = False
        return validator.validate(triples)
    finally:
        engine._Compiled.values_pass = real
        for s in shapes:
            s.fast_plan, s.fast_classes, s.quick_node, s.plan = saved[id(s)]


def _step(validator, name: str) -> tuple:
    """The fast step of the property shape whose IRI ends with ``name``."""
    for shape in _shapes(validator):
        for fast in getattr(shape, "fast_plan", ()):
            if str(fast[-1][0].shape.node).endswith(name + ">"):
                return fast
    raise AssertionError(name)


def test_steps_are_compiled_for_what_they_test(fast):
    predicate, inverse, fewest, most, wanted, terms, cls, _ = _step(fast, "NcbiGene-identifier")
    assert (inverse, fewest, most, wanted, cls) == (False, 1, 1, None, None) and terms is not None
    assert _step(fast, "NcbiGene-type")[4] == f"<{WP}GeneProduct>"
    assert _step(fast, "DataNode-isPartOf")[2:7:4] == (1, f"<{WP}Pathway>")
    gene = _step(fast, "GeneMention-gene")
    assert gene[1] is True and gene[6] == f"<{WP}GeneProduct>"
    # a qualified count looks at the graph in a way no set inclusion answers: always in full
    assert _step(fast, "FigureNotes-genes")[2] is None


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_each_fault_is_reported_as_without_shortcuts(fast, name):
    triples = FAULTS[name][0](base_triples())
    for other in FAULTS.values():  # memos warm with every other graph first
        fast.validate(other[0](base_triples()))
    shortcut = found(fast.validate(triples))
    assert shortcut == found(full(fast, triples))
    assert shortcut


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_each_fault_in_the_same_order_as_without_shortcuts(name):
    """Same findings in the same order, from a cold validator and from a full one (the order
    within a focus node and shape is what the reports keep of it)."""
    triples = FAULTS[name][0](base_triples())
    cold, plain = load_validator(), load_validator()
    assert [(f.key(), f.message) for f in cold.validate(triples)] == \
        [(f.key(), f.message) for f in full(plain, triples)]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6))
def test_damaged_graphs_are_reported_as_without_shortcuts(fast, seed):
    triples = _damage(base_triples() + dataset_triples(), random.Random(seed))
    assert found(fast.validate(triples)) == found(full(fast, triples))


def _retyped(triples, old: str, new: str) -> list:
    """The graph with every ``rdf:type old`` made ``rdf:type new``: a class test that fails."""
    old_node, new_node = ox.NamedNode(old), ox.NamedNode(new)
    return [ox.Triple(t.subject, t.predicate, new_node) if t.object == old_node else t for t in triples]


@pytest.mark.parametrize("old,new", [
    (WP + "Pathway", "http://example.org/NotAFigure"),        # sh:class on dcterms:isPartOf values
    (WP + "GeneProduct", "http://example.org/NotAGene"),      # sh:class on an inverse path
    ("https://pfocr.wikipathways.org/vocab#GeneMention", WP + "DataNode"),  # sh:class on wp:isAbout
    (WP + "DataNode", "http://example.org/NotANode"),         # node-level sh:class (GeneProduct)
])
def test_class_failures_cleared_steps_would_hide_are_found(fast, old, new):
    triples = _retyped(base_triples(), old, new)
    fast.validate(base_triples())  # the same terms remembered as passing
    shortcut = found(fast.validate(triples))
    assert shortcut == found(full(fast, triples))
    assert any(key[3].startswith("Class") for key, _ in shortcut)


def test_a_run_of_figures_warm_with_recurring_genes_reports_as_without_shortcuts():
    """Figures mapped from records that share genes, validated one after the other by one
    validator (warm memos, as in a worker) and each by a full one."""
    from dataclasses import replace

    from rdfexport.map import map_figure
    from test_validate import sample_figure

    warm, plain = load_validator(), load_validator()
    rng = random.Random(5)
    figure = sample_figure()
    for number in range(12):
        genes = [g for g in figure.genes if rng.random() < 0.8]
        fig = replace(figure, figid=f"{figure.figid}x{number}", genes=tuple(genes))
        triples = _damage(map_figure(fig), rng) if number % 3 == 2 else map_figure(fig)
        assert found(warm.validate(triples)) == found(full(plain, triples))
