"""The fast path: compiled shapes run over one graph's triples, as N-Triples term strings.

A graph's triples are serialised once by pyoxigraph (Rust) to N-Triples and indexed by
subject; every term is then its N-Triples string (``<iri>``, ``_:b``, ``"lex"@en``,
``"lex"^^<dt>``), which Python hashes and tests far faster than term objects. Semantics
follow pySHACL (the reference) constraint by constraint; where SHACL leaves room (is a
literal well formed, how literals compare) it asks rdflib exactly as pySHACL does, so the two
report the same results (``tests/test_validate_agreement.py``). One call validates one graph:
a figure's named graph, or a whole single-graph file.

Each shape is compiled once into a plan: per property shape its predicate, the counts its
count constraints accept, and its value tests. A value test that looks only at the term
(datatype, node kind, pattern, ...) is a pure function of the term's string, so a property
shape remembers the terms that passed all of them and skips those tests when a term comes
again, in this graph or a later one; tests that look at the graph (sh:class, sh:node) run
every time, sh:class by set inclusion in the class's instances where it can.

On a focus node, a plan step whose tests are only counts, sh:hasValue, remembered terms and
one sh:class is cleared by one test of set operations (``_fast_step``): the usual case, a
valid gene or mention, costs a lookup per property. Node-level tests run only on the focus
nodes that set inclusion does not clear, found for all of a shape's focus nodes at once
(``_maybe_failing``). Either way a step or node that may fail is tested in full, in the
same order, so the results are the same as without the shortcuts.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from itertools import repeat
from typing import Callable, Iterable

import pyoxigraph as ox

from .findings import SH, Finding
from .shapes import Constraint, Shape, ShapesGraph

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE, SUBCLASS_OF = f"<{RDF}type>", f"<{RDFS}subClassOf>"
_EMPTY: dict = {}
_NONE: frozenset = frozenset()
# value tests whose verdict depends on the term alone (not on the graph): safe to remember
_TERM_ONLY = frozenset({"Datatype", "NodeKind", "Pattern", "LanguageIn", "In", "MinInclusive",
                        "MaxInclusive", "MinExclusive", "MaxExclusive"})
# terms remembered per shape before it starts again (bounds memory): a worker meets far more
# than 4,096 genes, whose terms then kept being forgotten (a long run: 95 value tests per
# figure with 4,096, 55 with 16,384; ~2 MB more per worker after 1,000 figures)
_MEMO_SIZE = 16_384
_MEMO_TERM_LENGTH = 200  # longer terms (captions, sentences) rarely recur: not remembered


# --- one graph, indexed ----------------------------------------------------------------------
class GraphIndex:
    """One graph's triples by subject (and by object for the predicates inverse paths use).

    For the ``watched`` predicates (those the shapes target by subject or object, the inverse
    ones, rdf:type and rdfs:subClassOf) the (subject, object) pairs are also kept, collected in
    the same pass, so focus nodes and types are found without walking every subject again.
    """

    def __init__(self, ntriples: str, inverse_predicates: frozenset = _NONE,
                 watched: frozenset | None = None):
        watched = _watched(inverse_predicates, watched)
        out: dict = {}
        pairs: dict = {p: [] for p in watched}
        last, by_p = None, _EMPTY
        for s, p, o in map(str.split, _lines(ntriples), repeat(" "), repeat(2)):
            if s != last:  # a figure's lines come sorted by subject: one lookup per subject
                last = s
                by_p = out.get(s)
                if by_p is None:
                    by_p = out[s] = {}
            _add(by_p, pairs, s, p, o)
        self._finish(out, pairs, inverse_predicates)

    @classmethod
    def of_tails(cls, items: Iterable[tuple[str, Iterable[str]]], inverse_predicates: frozenset = _NONE,
                 watched: frozenset | None = None) -> "GraphIndex":
        """From (subject, its line tails `` <p> o .\n``) as the mapper keeps a figure
        (``map.FigureLines``), distinct subjects in line order: no text to split into lines
        and subjects, and the tails of genes and mentions, which recur figure after
        figure, are split once per process (``_split_tail``)."""
        index = cls.__new__(cls)
        pairs: dict = {p: [] for p in _watched(inverse_predicates, watched)}
        out: dict = {}
        known = _TAILS.get
        for s, tails in items:
            by_p = out[s] = {}
            for tail in tails:  # the hot loop of validation: ``_split_tail``'s memo and ``_add`` inlined
                p, o = known(tail) or _split_tail(tail)
                values = by_p.get(p)
                if values is None:
                    by_p[p] = {o}
                else:
                    values.add(o)
                found = pairs.get(p)
                if found is not None:
                    found.append((s, o))
        index._finish(out, pairs, inverse_predicates)
        return index

    def _finish(self, out: dict, pairs: dict, inverse_predicates: frozenset) -> None:
        self.out, self.pairs = out, pairs
        self.inv = _by_object({p: pairs[p] for p in inverse_predicates})
        self.superclasses = _superclasses(pairs[SUBCLASS_OF])
        self._by_type: dict | None = None
        self._members: dict = {}

    @classmethod
    def of(cls, triples: Iterable, inverse_predicates: frozenset = _NONE,
           watched: frozenset | None = None) -> "GraphIndex":
        return cls(serialize_ntriples(triples), inverse_predicates, watched)

    def types(self, node: str):
        return self.out.get(node, _EMPTY).get(RDF_TYPE, _NONE)

    def is_instance(self, node: str, cls: str) -> bool:
        return node in self.members(cls)

    def members(self, cls: str) -> set:
        """``instances_of(cls)``, found once per graph: the set sh:class tests look in (read only)."""
        found = self._members.get(cls)
        if found is None:
            found = self._members[cls] = self._instances(cls)
        return found

    def instances_of(self, cls: str) -> set:
        return set(self._instances(cls))

    def _instances(self, cls: str) -> set:
        """The instances of ``cls``, read only: with no rdfs:subClassOf in the graph (a
        figure's), the set the type index holds, not a copy."""
        if self._by_type is None:
            self._by_type = {}
            for s, t in self.pairs[RDF_TYPE]:
                found = self._by_type.get(t)
                if found is None:
                    self._by_type[t] = {s}
                else:
                    found.add(s)
        found = self._by_type.get(cls, _NONE)
        for sub, supers in self.superclasses.items():
            if cls in supers:
                found = found | self._by_type.get(sub, _NONE)
        return found

    def subjects_of(self, predicate: str) -> set:
        if predicate in self.pairs:
            return {s for s, _ in self.pairs[predicate]}
        return {s for s, by_p in self.out.items() if predicate in by_p}

    def objects_of(self, predicate: str) -> set:
        if predicate in self.pairs:
            return {o for _, o in self.pairs[predicate]}
        found: set = set()
        for by_p in self.out.values():
            found |= by_p.get(predicate, _NONE)
        return found


def _watched(inverse_predicates: frozenset, watched: frozenset | None) -> frozenset:
    return inverse_predicates | {RDF_TYPE, SUBCLASS_OF} if watched is None else watched


def _add(by_p: dict, pairs: dict, s: str, p: str, o: str) -> None:
    values = by_p.get(p)
    if values is None:
        by_p[p] = {o}
    else:
        values.add(o)
    found = pairs.get(p)
    if found is not None:
        found.append((s, o))


_TAILS: dict[str, tuple[str, str]] = {}
_TAILS_KEPT = 30_000  # split tails remembered per process (then it starts again): 200,000 cost ~60 MB per worker, mostly figure-specific tails that never recur
_TAIL_LENGTH = 300  # longer tails (captions, sentences) rarely recur: not remembered


def _split_tail(tail: str) -> tuple[str, str]:
    """`` <p> o .\n`` -> (``<p>``, ``o``); a predicate is an IRI, so the first space ends it."""
    found = _TAILS.get(tail)
    if found is None:
        p, o = tail[1:-3].split(" ", 1)
        found = (p, o)
        if len(tail) <= _TAIL_LENGTH:
            if len(_TAILS) >= _TAILS_KEPT:
                _TAILS.clear()
            _TAILS[tail] = found
    return found


def _lines(ntriples: str) -> list[str]:
    """The N-Triples lines without their " ." ends. pyoxigraph ends every line with " .\\n" and
    escapes newlines inside literals, so " .\\n" only ever ends a line (splitting at "\\n" alone
    would do too; str.splitlines() would not: it also breaks at U+2028/U+0085 in literals)."""
    lines = ntriples.split(" .\n")
    last = lines.pop()
    if last:  # a last line with no newline
        lines.append(last[:-2])
    return lines


def serialize_ntriples(triples: Iterable) -> str:
    """Triples or quads (graph names dropped) as N-Triples text, by pyoxigraph."""
    triples = [t.triple if isinstance(t, ox.Quad) else t for t in triples]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode()


def _by_object(pairs: dict) -> dict:
    """object -> predicate -> subjects, from (subject, object) pairs by predicate."""
    inv: dict = {}
    for p, found in pairs.items():
        for s, o in found:
            by_p = inv.get(o)
            if by_p is None:
                inv[o] = {p: {s}}
            elif p in by_p:
                by_p[p].add(s)
            else:
                by_p[p] = {s}
    return inv


def _superclasses(pairs: list) -> dict:
    """class -> every class it is (transitively) rdfs:subClassOf, from the data graph."""
    direct: dict = {}
    for s, o in pairs:
        direct.setdefault(s, set()).add(o)
    closure = {}
    for cls in direct:
        seen, todo = set(), list(direct[cls])
        while todo:
            sup = todo.pop()
            if sup not in seen:
                seen.add(sup)
                todo.extend(direct.get(sup, ()))
        closure[cls] = seen
    return closure


# --- compiled shapes -------------------------------------------------------------------------
class _Compiled:
    """A shape with its path as N-Triples strings and constraints as check functions."""

    def __init__(self, shape: Shape):
        self.shape = shape
        path = shape.path
        self.predicate = f"<{path.predicate.value}>" if path else None
        self.inverse = bool(path and path.inverse)
        compiled = [compile_constraint(c) for c in shape.constraints]
        self.set_tests = [test for _, test, _ in compiled if test]
        self.value_tests = [(kind, test) for kind, _, test in compiled if test]
        self.graph_tests = [(kind, test) for kind, test in self.value_tests if kind not in _TERM_ONLY]
        # terms known to pass every term-only value test (None: there are none); see _test_values
        self.passed: set | None = set() if len(self.graph_tests) < len(self.value_tests) else None
        # the sh:class tests, when they are the only graph tests: values that are instances of
        # each class pass them all (None: another graph test, sh:node, must run on every value)
        kinds = {kind for kind, _ in self.graph_tests}
        self.classes = tuple(str(c.parameter) for c in shape.constraints if c.kind == "Class") \
            if kinds <= {"Class"} else None
        self.checks = bool(compiled)
        # node-level tests that set inclusion can clear (see _maybe_failing)
        self.quick_node = not self.set_tests and self.classes is not None
        self.properties = [_Compiled(p) for p in shape.properties]
        # can a property shape fail with no value at all? (else it is skipped when empty)
        self.checks_empty = bool(self.properties) or any(
            c.kind in ("MinCount", "HasValue", "QualifiedValueShape") for c in shape.constraints)
        self.quiet = _quiet_counts(shape.constraints)
        # per property: what _check_nodes reads, and the memo of values passing its term-only
        # tests when those are all it has (then ``values <= passed`` is values_pass, uncalled)
        self.plan = [(p, p.predicate, p.inverse, p.set_tests, p.quiet, p.value_tests, p.checks_empty,
                      p.passed if p.classes == () and p.passed is not None else None)
                     for p in self.properties]
        self.fast_plan = [_fast_step(step) for step in self.plan]
        self.fast_classes = any(fast[6] for fast in self.fast_plan)
        self.targets = (
            [str(n) for n in shape.target_nodes], [str(c) for c in shape.target_classes],
            [str(p) for p in shape.target_subjects_of], [str(p) for p in shape.target_objects_of])

    def values(self, focus: str, index: GraphIndex):
        if self.inverse:
            return index.inv.get(focus, _EMPTY).get(self.predicate, _NONE)
        return index.out.get(focus, _EMPTY).get(self.predicate, _NONE)

    def focus_nodes(self, index: GraphIndex) -> set:
        nodes, classes, subjects_of, objects_of = self.targets
        if len(classes) == 1 and not (nodes or subjects_of or objects_of):
            return index.members(classes[0])  # the common case, read only: no copy
        focus = set(nodes)
        for cls in classes:
            focus |= index.members(cls)
        for predicate in subjects_of:
            focus |= index.subjects_of(predicate)
        for predicate in objects_of:
            focus |= index.objects_of(predicate)
        return focus

    def values_pass(self, values, index: GraphIndex) -> bool:
        """Whether every value surely passes every value test, found with set operations
        (False: maybe not; then _test_values decides, value by value)."""
        if self.classes is None or (self.passed is not None and not values <= self.passed):
            return False
        members = index.members
        for cls in self.classes:
            if not values <= members(cls):
                return False
        return True


def _fast_step(step: tuple) -> tuple:
    """A plan step with what _check_nodes needs to clear it at once for a focus node, when
    no test can fail: (predicate, inverse, fewest and most values, the sh:hasValue term or
    None, the remembered terms or None, the sh:class or None, step). ``fewest`` is None when
    the step must run in full (sh:node, a qualified count, nested properties, two classes)."""
    prop = step[0]
    constraints = prop.shape.constraints
    kinds = [c.kind for c in constraints]
    wanted = [str(c.parameter) for c in constraints if c.kind == "HasValue"]
    simple = (not prop.properties and prop.classes is not None and len(prop.classes) <= 1
              and "QualifiedValueShape" not in kinds and len(wanted) <= 1)
    if not simple:
        return None, None, None, None, None, None, None, step
    fewest = max((c.parameter for c in constraints if c.kind == "MinCount"), default=0)
    most = min((c.parameter for c in constraints if c.kind == "MaxCount"), default=sys.maxsize)
    terms = prop.passed if len(prop.graph_tests) < len(prop.value_tests) else None
    cls = prop.classes[0] if prop.classes else None
    return prop.predicate, prop.inverse, fewest, most, wanted[0] if wanted else None, terms, cls, step


def _quiet_counts(constraints: list[Constraint]) -> tuple[int, int] | None:
    """The numbers of values no set test fails on, when the set tests are only sh:minCount and
    sh:maxCount (None: there are others, e.g. sh:hasValue, which must always run)."""
    if any(c.kind in _SET_TESTS and c.kind not in ("MinCount", "MaxCount") for c in constraints):
        return None
    low = max((c.parameter for c in constraints if c.kind == "MinCount"), default=0)
    high = min((c.parameter for c in constraints if c.kind == "MaxCount"), default=sys.maxsize)
    return low, high


class Validator:
    """Compiled shapes, ready for many graphs: ``Validator(shapes).validate(triples)``."""

    def __init__(self, shapes: ShapesGraph):
        self.shapes = [_Compiled(s) for s in shapes.shapes]
        self.inverse_predicates = frozenset(f"<{p.value}>" for p in shapes.inverse_predicates())
        targeted = {p for s in self.shapes for p in (*s.targets[2], *s.targets[3])}
        self.watched = frozenset({*targeted, *self.inverse_predicates, RDF_TYPE, SUBCLASS_OF})

    def index(self, triples: Iterable) -> GraphIndex:
        return GraphIndex.of(triples, self.inverse_predicates, self.watched)

    def validate(self, triples: Iterable, graph: ox.NamedNode | None = None) -> list[Finding]:
        """Every finding of every shape on one graph (triples or quads of one graph)."""
        return self.validate_index(self.index(triples), graph)

    def validate_ntriples(self, text: str, graph: ox.NamedNode | None = None) -> list[Finding]:
        return self.validate_index(GraphIndex(text, self.inverse_predicates, self.watched), graph)

    def index_of_tails(self, items: Iterable[tuple[str, Iterable[str]]]) -> GraphIndex:
        return GraphIndex.of_tails(items, self.inverse_predicates, self.watched)

    def validate_index(self, index: GraphIndex, graph: ox.NamedNode | None = None) -> list[Finding]:
        raw: list = []
        for shape in self.shapes:
            _check_nodes(shape, shape.focus_nodes(index), index, raw)
        return [_finding(r, graph) for r in raw]


def _check_nodes(shape: _Compiled, focus_nodes: Iterable[str], index: GraphIndex, raw: list) -> None:
    """Node-level constraints on each focus node, then each property shape's (the hot loop)."""
    if shape.predicate is not None:  # a property shape with its own targets
        for focus in focus_nodes:
            _check_values(shape, focus, shape.values(focus, index), index, raw)
        return
    out, inv = index.out, index.inv
    failing = _maybe_failing(shape, focus_nodes, index)
    plan = shape.fast_plan
    if shape.fast_classes:  # each step's class as the set of its instances in this graph
        plan = [(*fast[:6], index.members(fast[6]) if fast[6] else None, fast[7]) for fast in plan]
    quick = shape.quick_node
    for focus in focus_nodes:
        if focus in failing:  # (no set tests for a quick node: its value tests, as values_pass failed)
            if quick:
                _test_values(shape, focus, (focus,), index, raw)
            else:
                _check_values(shape, focus, {focus}, index, raw)
        by_p = out.get(focus, _EMPTY)
        for predicate, inverse, fewest, most, wanted, terms, members, step in plan:
            if fewest is not None:  # the step's tests by set operations: nothing fails?
                values = (inv.get(focus, _EMPTY) if inverse else by_p).get(predicate, _NONE)
                if fewest <= len(values) <= most and (wanted is None or wanted in values) \
                        and (terms is None or values <= terms) and (members is None or values <= members):
                    continue
            prop, predicate, inverse, set_tests, quiet, value_tests, checks_empty, passed = step
            values = (inv.get(focus, _EMPTY) if inverse else by_p).get(predicate, _NONE)
            if not values and not checks_empty:
                continue
            if set_tests and (quiet is None or not quiet[0] <= len(values) <= quiet[1]):
                for test in set_tests:
                    kind = test(values, index)
                    if kind:
                        raw.append((prop, kind, focus, None))
            if value_tests and not (passed is not None and values <= passed) \
                    and not prop.values_pass(values, index):
                _test_values(prop, focus, values, index, raw)
            if prop.properties:
                _check_values(prop, focus, values, index, raw, nested_only=True)


def _maybe_failing(shape: _Compiled, focus_nodes, index: GraphIndex):
    """The focus nodes on which ``shape``'s node-level tests must run: all of them, or those
    that set inclusion (values_pass on each node alone, done for all at once) cannot clear."""
    if not shape.checks:
        return _NONE
    if not shape.quick_node:
        return focus_nodes
    nodes = focus_nodes if isinstance(focus_nodes, (set, frozenset)) else set(focus_nodes)
    failing = set() if shape.passed is None else nodes - shape.passed  # the term-only tests
    for cls in shape.classes:
        failing |= nodes - index.members(cls)
    return failing


def _check_node(shape: _Compiled, focus: str, index: GraphIndex, raw: list) -> None:
    _check_nodes(shape, (focus,), index, raw)


def _check_values(shape: _Compiled, focus: str, values, index: GraphIndex, raw: list,
                  nested_only: bool = False) -> None:
    for test in () if nested_only else shape.set_tests:
        kind = test(values, index)
        if kind:
            raw.append((shape, kind, focus, None))
    if shape.value_tests and not nested_only and not shape.values_pass(values, index):
        _test_values(shape, focus, values, index, raw)
    if shape.properties and shape.predicate is not None:  # sh:property on a property shape
        for prop in shape.properties:
            for value in values:
                _check_values(prop, value, prop.values(value, index), index, raw)


def _test_values(shape: _Compiled, focus: str, values, index: GraphIndex, raw: list) -> None:
    """``shape``'s value tests on each value, in constraint order (the order of its results).

    A term in ``shape.passed`` passed every term-only test before, and would again (their
    verdict is a function of the term's string alone), so only the graph tests run for it.
    Terms that pass are remembered, up to _MEMO_SIZE per shape, long ones never.
    """
    passed = shape.passed
    for value in values:
        if passed is not None and value in passed:
            for kind, test in shape.graph_tests:
                if not test(value, index):
                    raw.append((shape, kind, focus, value))
            continue
        terms_pass = True
        for kind, test in shape.value_tests:
            if not test(value, index):
                raw.append((shape, kind, focus, value))
                if kind in _TERM_ONLY:
                    terms_pass = False
        if terms_pass and passed is not None and len(value) <= _MEMO_TERM_LENGTH:
            if len(passed) >= _MEMO_SIZE:
                passed.clear()
            passed.add(value)


def _conforming(shape: _Compiled, values, index: GraphIndex) -> set:
    """The values that conform to ``shape``. A shape that only asks sh:class of the node (as
    the project's "has gene products" warning does) is answered with set intersections."""
    only_classes = (shape.predicate is None and not shape.set_tests and not shape.properties
                    and shape.classes is not None and shape.passed is None)
    if not only_classes:
        return {v for v in values if conforms(shape, v, index)}
    found = set(values)
    for cls in shape.classes:
        found &= index.members(cls)
    return found


def conforms(shape: _Compiled, node: str, index: GraphIndex) -> bool:
    """Whether ``node`` conforms to ``shape`` (for sh:node and sh:qualifiedValueShape)."""
    raw: list = []
    _check_node(shape, node, index, raw)
    return not raw


def _finding(raw: tuple, graph) -> Finding:
    shape, kind, focus, value = raw
    s = shape.shape
    value_term = term(value) if value is not None else None
    return Finding(term(focus), s.path, value_term, kind + "ConstraintComponent", s.node,
                   s.severity, s.message, graph)


def term(text: str):
    """An N-Triples term string back to a pyoxigraph term."""
    if text.startswith("<"):
        return ox.NamedNode(text[1:-1])
    if text.startswith("_:"):
        return ox.BlankNode(text[2:])
    return next(iter(ox.parse(input=f"<x:s> <x:p> {text} .", format=ox.RdfFormat.N_TRIPLES))).object


# --- literals as strings -----------------------------------------------------------------------
_ECHAR = re.compile(r'\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)', re.S)
_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(match: re.Match) -> str:
    code = match.group(1)
    return chr(int(code[1:], 16)) if code[0] in "uU" else _ESCAPES.get(code, code)


def literal_parts(text: str) -> tuple[str, str, str | None]:
    """'"lex"^^<dt>' -> (lex, dt IRI, None); '"lex"@en' -> (lex, rdf:langString, 'en')."""
    end = text.rindex('"')
    lexical = text[1:end]
    if "\\" in lexical:
        lexical = _ECHAR.sub(_unescape, lexical)
    suffix = text[end + 1:]
    if not suffix:
        return lexical, XSD + "string", None
    if suffix[0] == "@":
        return lexical, RDF + "langString", suffix[1:]
    return lexical, suffix[3:-1], None


# --- the constraint components ---------------------------------------------------------------
# A set test looks at all values at once and returns the failing component (None: passes);
# its results have no sh:value. A value test says whether one value passes.
SetTest = Callable[[set, GraphIndex], "str | None"]
ValueTest = Callable[[str, GraphIndex], bool]


def compile_constraint(constraint: Constraint) -> tuple[str, SetTest | None, ValueTest | None]:
    kind, parameter = constraint.kind, constraint.parameter
    if kind in _SET_TESTS:
        return kind, _SET_TESTS[kind](kind, parameter), None
    return kind, None, _VALUE_TESTS[kind](parameter)


def _min_count(kind: str, n: int) -> SetTest:
    return lambda values, index: kind if len(values) < n else None


def _max_count(kind: str, n: int) -> SetTest:
    return lambda values, index: kind if len(values) > n else None


def _has_value(kind: str, value) -> SetTest:
    wanted = str(value)
    return lambda values, index: None if wanted in values else kind


def _qualified(kind: str, parameter) -> SetTest:
    inner, low, high = parameter
    compiled = _Compiled(inner)

    def test(values, index):
        count = len(_conforming(compiled, values, index))
        if low is not None and count < low:
            return "QualifiedMinCount"
        if high is not None and count > high:
            return "QualifiedMaxCount"
        return None
    return test


def _node(inner: Shape) -> ValueTest:
    compiled = _Compiled(inner)
    return lambda v, index: conforms(compiled, v, index)


def _class(cls) -> ValueTest:
    wanted = str(cls)
    return lambda v, index: v[0] != '"' and index.is_instance(v, wanted)


def _node_kind(kind) -> ValueTest:
    allowed = _NODE_KINDS[kind.value.replace(SH, "")]
    return lambda v, index: ("I" if v[0] == "<" else "L" if v[0] == '"' else "B") in allowed


_NODE_KINDS = {"IRI": "I", "BlankNode": "B", "Literal": "L", "BlankNodeOrIRI": "BI",
               "BlankNodeOrLiteral": "BL", "IRIOrLiteral": "IL"}


def _pattern(regex: re.Pattern) -> ValueTest:
    search = regex.search

    def test(v, index):
        if v[0] == "<":
            return search(v[1:-1]) is not None
        return v[0] == '"' and search(literal_parts(v)[0]) is not None
    return test


def _language_in(languages: frozenset) -> ValueTest:
    return lambda v, index: _language_matches(v, languages)


def _language_matches(text: str, languages: frozenset) -> bool:
    if text[0] != '"':
        return False
    lang = literal_parts(text)[2]
    if not lang:
        return False
    lang = lang.lower()
    return "*" in languages or lang in languages or lang.split("-")[0] in languages


def _in(allowed: frozenset) -> ValueTest:
    wanted = frozenset(str(v) for v in allowed)
    return lambda v, index: v in wanted


def _datatype(datatype) -> ValueTest:
    iri = datatype.value
    if iri == XSD + "string":  # the common case, without parsing the literal
        return lambda v, index: v[0] == '"' and v[-1] == '"'
    return lambda v, index: _has_datatype(v, iri)
def _has_datatype(text: str, datatype: str) -> bool:
    if text[0] != '"':
        return False
    if datatype == RDFS + "Literal":
        return True
    lexical, actual, _ = literal_parts(text)
    if actual != datatype:
        return False
    return datatype == RDF + "langString" or well_typed(lexical, datatype)


@lru_cache(maxsize=65536)
def well_typed(lexical: str, datatype: str) -> bool:
    """As pySHACL decides: rdflib parses the lexical form, then the Python type is checked."""
    import datetime
    from decimal import Decimal

    literal = _rdflib_literal(lexical, datatype, None)
    if getattr(literal, "ill_typed", None) is True:
        return False
    expected = {XSD + "integer": int, XSD + "float": float, XSD + "decimal": Decimal,
                XSD + "boolean": bool, XSD + "date": datetime.date, XSD + "time": datetime.time,
                XSD + "dateTime": datetime.datetime}.get(datatype)
    return expected is None or isinstance(literal.value, expected)


def _range(test: Callable[[int], bool]) -> Callable:
    def compile_range(bound) -> ValueTest:
        limit = _rdflib_literal(bound.value, bound.datatype.value, bound.language)
        return lambda v, index: _in_range(v, limit, test)
    return compile_range


def _in_range(text: str, limit, test) -> bool:
    """pySHACL's comparison: literals only, strings only with strings, rdflib ordering."""
    if text[0] != '"':
        return False
    value = _rdflib_literal(*literal_parts(text))
    if isinstance(value.value, str) != isinstance(limit.value, str):
        return False
    from pyshacl.rdfutil.compare import compare_literal

    try:
        return test(compare_literal(value, limit))
    except (TypeError, NotImplementedError):
        return False


@lru_cache(maxsize=65536)
def _rdflib_literal(lexical: str, datatype: str, language: str | None):
    import rdflib

    if language:
        return rdflib.Literal(lexical, lang=language, normalize=False)
    return rdflib.Literal(lexical, datatype=rdflib.URIRef(datatype), normalize=False)


_SET_TESTS = {"MinCount": _min_count, "MaxCount": _max_count, "HasValue": _has_value,
              "QualifiedValueShape": _qualified}
_VALUE_TESTS: dict[str, Callable[[object], ValueTest]] = {
    "Class": _class, "Datatype": _datatype, "NodeKind": _node_kind, "Pattern": _pattern,
    "LanguageIn": _language_in, "In": _in, "Node": _node,
    "MinInclusive": _range(lambda c: c >= 0), "MaxInclusive": _range(lambda c: c <= 0),
    "MinExclusive": _range(lambda c: c > 0), "MaxExclusive": _range(lambda c: c < 0),
}
