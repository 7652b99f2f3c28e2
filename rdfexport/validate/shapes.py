"""Read SHACL shapes (``shapes/*.ttl``) into plain ``Shape`` records the fast engine runs.

Only the part of SHACL Core the project's shapes use is compiled; anything else is refused
with a ``ShapesError`` naming the shape and the feature, so the fast path never silently
skips a constraint (``--engine pyshacl`` runs any SHACL).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from ..errors import RdfexportError
from .findings import SH, PropertyPath

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDF_FIRST = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#first")
RDF_REST = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#rest")
RDF_NIL = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#nil")
DEFAULT_SHAPES_DIR = Path(__file__).resolve().parents[2] / "shapes"

# sh: predicates the compiler understands; any other sh: predicate on a shape is refused
_TARGETS = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")
_VALUE = ("class", "datatype", "nodeKind", "pattern", "languageIn", "in", "minInclusive",
          "maxInclusive", "minExclusive", "maxExclusive", "node")
_COUNT = ("minCount", "maxCount", "hasValue", "qualifiedValueShape")
_PARAMETERS = ("flags", "qualifiedMinCount", "qualifiedMaxCount", "qualifiedValueShapesDisjoint")
_DESCRIPTIVE = ("message", "severity", "name", "description", "order", "group", "deactivated",
                "property", "path", "defaultValue")
_CLASSES = ("http://www.w3.org/2000/01/rdf-schema#Class", "http://www.w3.org/2002/07/owl#Class")
KNOWN = {SH + n for n in (*_TARGETS, *_VALUE, *_COUNT, *_PARAMETERS, *_DESCRIPTIVE)}


class ShapesError(RdfexportError):
    """The shapes cannot be read, or use SHACL the fast engine does not run."""


@dataclass(frozen=True)
class Constraint:
    """One constraint component with its parameter, e.g. ('MinCount', 1) or ('Pattern', regex)."""

    kind: str  # component local name without "ConstraintComponent"
    parameter: object  # int, NamedNode, compiled regex, frozenset, Literal or Shape


@dataclass
class Shape:
    """A node shape (``path`` None) or property shape, with its targets and constraints."""

    node: ox.NamedNode | ox.BlankNode
    path: PropertyPath | None = None
    severity: str = "Violation"
    message: str = ""
    label: str = ""
    constraints: list[Constraint] = field(default_factory=list)
    properties: list["Shape"] = field(default_factory=list)
    target_classes: list[ox.NamedNode] = field(default_factory=list)
    target_nodes: list = field(default_factory=list)
    target_subjects_of: list[ox.NamedNode] = field(default_factory=list)
    target_objects_of: list[ox.NamedNode] = field(default_factory=list)

    @property
    def has_targets(self) -> bool:
        return bool(self.target_classes or self.target_nodes or self.target_subjects_of
                    or self.target_objects_of)


@dataclass
class ShapesGraph:
    """The compiled shapes: the targeted node shapes, and the files they came from."""

    shapes: list[Shape]
    files: list[str]
    triples: list[ox.Triple]  # the shapes graph itself, for pySHACL and reports

    def inverse_predicates(self) -> set[ox.NamedNode]:
        return {s.path.predicate for s in _all_shapes(self.shapes) if s.path and s.path.inverse}

    def find(self, node) -> Shape | None:
        return next((s for s in _all_shapes(self.shapes) if s.node == node), None)


def _all_shapes(shapes: Iterable[Shape]):
    for shape in shapes:
        yield shape
        yield from _all_shapes(shape.properties)


def shape_files(location: str | Path | None = None) -> list[Path]:
    """``shapes/*.ttl`` (sorted) in a folder, or the one file named."""
    path = Path(location) if location else DEFAULT_SHAPES_DIR
    if path.is_file():
        return [path]
    files = sorted(path.glob("*.ttl"))
    if not files:
        raise ShapesError(f"no shapes (*.ttl) in {path}; pass --shapes DIR or FILE")
    return files


def load_shapes(location: str | Path | None = None) -> ShapesGraph:
    """Parse and compile the shapes in ``location`` (default: the project's ``shapes/``)."""
    files = shape_files(location)
    triples: list[ox.Triple] = []
    for file in files:
        try:
            triples.extend(ox.parse(path=str(file), format=ox.RdfFormat.TURTLE, base_iri=file.resolve().as_uri()))
        except (SyntaxError, ValueError, OSError) as exc:
            raise ShapesError(f"{file}: cannot read shapes: {exc}") from exc
    return ShapesGraph(_Compiler(triples).compile(), [str(f) for f in files], triples)


class _Compiler:
    def __init__(self, triples: list[ox.Triple]):
        self.out: dict = {}
        for t in triples:
            self.out.setdefault(t.subject, {}).setdefault(t.predicate, []).append(t.object)
        self.cache: dict = {}

    def values(self, node, name: str) -> list:
        return self.out.get(node, {}).get(ox.NamedNode(SH + name), [])

    def one(self, node, name: str):
        found = self.values(node, name)
        if len(found) > 1:
            raise ShapesError(f"shape {node}: more than one sh:{name}")
        return found[0] if found else None

    def compile(self) -> list[Shape]:
        node_shapes = [n for n in self.out if self._is_targeted(n)]
        shapes = [self.shape(n) for n in node_shapes]
        return [s for s in shapes if s is not None]

    def _is_targeted(self, node) -> bool:
        return self._implicit_class(node) or any(self.values(node, t) for t in _TARGETS)

    def _implicit_class(self, node) -> bool:
        """A shape that is also a class targets its instances (SHACL §2.1.3.3)."""
        types = self.out.get(node, {}).get(RDF_TYPE, [])
        return any(t.value in _CLASSES for t in types) and any(t.value.startswith(SH) for t in types)

    def shape(self, node, path: PropertyPath | None = None) -> Shape | None:
        if node in self.cache:
            return self.cache[node]
        if self._deactivated(node):
            return None
        self._refuse_unknown(node)
        shape = self.cache[node] = Shape(node=node, path=path if path else self._path(node))
        shape.severity = self._severity(node)
        message = self.one(node, "message")
        shape.message = message.value if isinstance(message, ox.Literal) else ""
        label = self.out.get(node, {}).get(ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), [])
        shape.label = label[0].value if label else ""
        shape.target_classes = self.values(node, "targetClass") + ([node] if self._implicit_class(node) else [])
        shape.target_nodes = self.values(node, "targetNode")
        shape.target_subjects_of = self.values(node, "targetSubjectsOf")
        shape.target_objects_of = self.values(node, "targetObjectsOf")
        shape.constraints = self._constraints(node)
        shape.properties = [p for p in (self.shape(n) for n in self.values(node, "property")) if p]
        return shape

    def _deactivated(self, node) -> bool:
        flag = self.one(node, "deactivated")
        return isinstance(flag, ox.Literal) and flag.value == "true"

    def _refuse_unknown(self, node) -> None:
        for predicate in self.out.get(node, {}):
            if predicate.value.startswith(SH) and predicate.value not in KNOWN:
                raise ShapesError(
                    f"shape {node} uses {predicate.value.replace(SH, 'sh:')}, which the fast "
                    "validator does not run; use --engine pyshacl, or express it with the "
                    "components listed in docs/validation.md")

    def _path(self, node) -> PropertyPath | None:
        path = self.one(node, "path")
        if path is None:
            return None
        if isinstance(path, ox.NamedNode):
            return PropertyPath(path)
        inverse = self.one(path, "inversePath")
        if isinstance(inverse, ox.NamedNode) and len(self.out.get(path, {})) == 1:
            return PropertyPath(inverse, inverse=True)
        raise ShapesError(f"shape {node}: only IRI paths and [ sh:inversePath IRI ] are supported")

    def _severity(self, node) -> str:
        severity = self.one(node, "severity")
        if severity is None:
            return "Violation"
        name = severity.value.replace(SH, "")
        if name not in ("Violation", "Warning", "Info"):
            raise ShapesError(f"shape {node}: unknown sh:severity {severity}")
        return name

    def _constraints(self, node) -> list[Constraint]:
        found: list[Constraint] = []
        for name in (*_COUNT, *_VALUE):
            for value in self.values(node, name):
                found.append(self._constraint(node, name, value))
        return found

    def _constraint(self, node, name: str, value) -> Constraint:
        kind = name[0].upper() + name[1:]
        if name in ("minCount", "maxCount"):
            return Constraint(kind, int(value.value))
        if name == "pattern":
            return Constraint(kind, re.compile(value.value, _flags(self.one(node, "flags"))))
        if name == "languageIn":
            return Constraint(kind, frozenset(v.value.lower() for v in self.rdf_list(value)))
        if name == "in":
            return Constraint(kind, frozenset(self.rdf_list(value)))
        if name == "qualifiedValueShape":
            return Constraint(kind, self._qualified(node, value))
        if name == "node":
            return Constraint(kind, self.shape(value))
        return Constraint(kind, value)  # class, datatype, nodeKind, hasValue, ranges

    def _qualified(self, node, value) -> tuple:
        inner = self.shape(value)
        low, high = self.one(node, "qualifiedMinCount"), self.one(node, "qualifiedMaxCount")
        if self.one(node, "qualifiedValueShapesDisjoint") is not None:
            raise ShapesError(f"shape {node}: sh:qualifiedValueShapesDisjoint is not supported")
        return inner, int(low.value) if low else None, int(high.value) if high else None

    def rdf_list(self, head) -> list:
        items = []
        while head != RDF_NIL:
            items.append(self.out[head][RDF_FIRST][0])
            head = self.out[head][RDF_REST][0]
        return items


def _flags(flags) -> int:
    """As pySHACL reads sh:flags: only 'i' and 'm' change the match."""
    text = flags.value.lower() if flags is not None else ""
    return (re.I if "i" in text else 0) | (re.M if "m" in text else 0)
