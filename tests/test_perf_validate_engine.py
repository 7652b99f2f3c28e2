"""The fast engine's shortcuts give exactly what the plain evaluation gives.

Shortcuts under test: terms remembered as passing the term-only tests (kept across graphs),
sh:class answered by set inclusion, count tests skipped inside their accepted range, the
qualified-value-shape count by set intersection, and the index built from the text split at
" .\\n". Each is checked against a validator with the shortcuts emptied or bypassed, and
against pySHACL, on the faults of ``test_validate`` and on random damage to a figure graph.
"""

from __future__ import annotations

import random
from collections import Counter

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rdfexport.validate import engine
from rdfexport.validate.engine import GraphIndex, serialize_ntriples

from test_validate import FAULTS, base_triples, dataset_triples, fast, reference  # noqa: F401 - fixtures


def keys(findings) -> Counter:
    return Counter((f.key(), f.message) for f in findings)


def _shapes(validator):
    seen, todo = [], list(validator.shapes)
    while todo:
        shape = todo.pop()
        if all(shape is not s for s in seen):
            seen.append(shape)
            todo.extend(shape.properties)
    return seen


def plain(validator, triples):
    """The same validator with its remembered terms forgotten and no set shortcuts."""
    for shape in _shapes(validator):
        if shape.passed is not None:
            shape.passed.clear()
    real = engine._Compiled.values_pass
    engine._Compiled.values_pass = lambda self, values, index: False
    plans = {id(shape): (shape.plan, shape.fast_plan, shape.fast_classes, shape.quick_node)
             for shape in _shapes(validator)}
    for shape in _shapes(validator):  # nor _check_nodes' inlined ``values <= passed``, nor its fast steps
        shape.plan = [(*step[:-1], None) for step in shape.plan]
        shape.fast_plan = [(None,) * 7 + (step,) for step in shape.plan]
        shape.fast_classes = shape.quick_node = False
    try:
        return validator.validate(triples)
    finally:
        engine._Compiled.values_pass = real
        for shape in _shapes(validator):
            shape.plan, shape.fast_plan, shape.fast_classes, shape.quick_node = plans[id(shape)]




@pytest.mark.parametrize("name", sorted(FAULTS))
def test_warm_validator_reports_what_a_cold_one_does(name, fast):
    """Remembered terms from earlier graphs (all faults run first) change no report."""
    triples = FAULTS[name][0](base_triples())
    for other in FAULTS.values():  # warm the memo with every graph
        fast.validate(other[0](base_triples()))
    warm = keys(fast.validate(triples))
    assert warm == keys(plain(fast, triples))
    assert warm  # every fault is found


def _damage(triples: list, rng: random.Random) -> list:
    """Drop some triples, duplicate-type others, and turn some objects into literals."""
    out = []
    for t in triples:
        roll = rng.random()
        if roll < 0.08:
            continue
        if roll < 0.14:
            out.append(ox.Triple(t.subject, t.predicate, ox.Literal(str(t.object)[:12])))
            continue
        if roll < 0.17 and isinstance(t.object, ox.NamedNode):
            out.append(ox.Triple(t.subject, t.predicate, ox.NamedNode(t.object.value + "/x")))
        out.append(t)
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6))
def test_shortcuts_agree_with_plain_evaluation_on_damaged_graphs(fast, seed):
    triples = _damage(base_triples() + dataset_triples(), random.Random(seed))
    assert keys(fast.validate(triples)) == keys(plain(fast, triples))


@pytest.mark.parametrize("seed", [1, 7, 42])
def test_shortcuts_agree_with_pyshacl_on_damaged_graphs(fast, reference, seed):
    triples = _damage(base_triples(), random.Random(seed))
    found = Counter(f.key() for f in fast.validate(triples))
    assert found  # the damage is seen
    assert found == Counter(f.key() for f in reference.validate(triples))


def test_figure_without_gene_products_counts_by_intersection(fast):
    """The qualified count (``FigureNotes-genes``) by set intersection equals the count by
    ``conforms``, with and without gene products."""
    gene_type = ox.NamedNode("http://vocabularies.wikipathways.org/wp#GeneProduct")
    for triples in (base_triples(), [t for t in base_triples() if t.object != gene_type]):
        index = fast.index(triples)
        inner = next(s for s in _shapes(fast) if s.shape.node.value.endswith("FigureNotes-genes"))
        compiled = engine._Compiled(inner.shape.constraints[0].parameter[0])
        values = {v for by_p in index.inv.values() for v in by_p.get(inner.predicate, ())}
        assert values
        assert engine._conforming(compiled, values, index) == {
            v for v in values if engine.conforms(compiled, v, index)}


def _old_index(text: str) -> dict:
    """The index as it was built before: split at "\\n", each line's last two characters cut."""
    out: dict = {}
    for line in text.split("\n"):
        if line:
            s, p, o = line[:-2].split(" ", 2)
            out.setdefault(s, {}).setdefault(p, set()).add(o)
    return out


@pytest.mark.parametrize("tail", ["", "no newline"])
def test_index_reads_the_text_as_the_line_split_did(tail):
    triples = base_triples() + [ox.Triple(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"),
                                          ox.Literal("a .\nb .  \u2028 \u0085 \"q\" ."))]
    text = serialize_ntriples(triples)
    if tail:
        text = text.rstrip("\n")
    index = GraphIndex(text)
    assert index.out == _old_index(text)
    assert sum(len(v) for by_p in index.out.values() for v in by_p.values()) == len(set(triples))


def test_inlined_memo_shortcut_is_taken_and_agrees(fast):
    """_check_nodes answers ``values <= passed`` itself for properties whose only value tests
    are term-only; warmed, it must skip values_pass yet report what plain evaluation does."""
    shortcut = [step for shape in _shapes(fast) for step in shape.plan if step[-1] is not None]
    assert shortcut and all(step[0].classes == () and step[-1] is step[0].passed for step in shortcut)
    triples = _damage(base_triples() + dataset_triples(), random.Random(3))
    fast.validate(triples)  # warm the memo
    assert keys(fast.validate(triples)) == keys(plain(fast, triples))
