"""What a validation finds: ``Finding`` (one SHACL validation result) and ``PropertyPath``.

Both engines (the compiled fast path and pySHACL) return these, with pyoxigraph terms, so
their results compare with ``==`` and one report writer serves both.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

SH = "http://www.w3.org/ns/shacl#"
SEVERITIES = ("Violation", "Warning", "Info")  # most severe first


@dataclass(frozen=True)
class PropertyPath:
    """A predicate path, or its inverse (``sh:inversePath``)."""

    predicate: ox.NamedNode
    inverse: bool = False

    def __str__(self) -> str:
        return f"^<{self.predicate.value}>" if self.inverse else f"<{self.predicate.value}>"


@dataclass(frozen=True)
class Finding:
    """One validation result: focus node, path, value, constraint component, shape, severity."""

    focus: ox.NamedNode | ox.BlankNode | ox.Literal
    path: PropertyPath | None
    value: ox.NamedNode | ox.BlankNode | ox.Literal | None
    component: str  # local name in sh:, e.g. "MinCountConstraintComponent"
    shape: ox.NamedNode | ox.BlankNode  # sh:sourceShape
    severity: str  # "Violation", "Warning" or "Info"
    message: str = ""
    graph: ox.NamedNode | None = None  # named graph it was found in (datasets)

    def key(self) -> tuple:
        """What two engines must agree on (messages and graphs aside)."""
        return (self.focus, self.path, self.value, self.component, self.shape, self.severity)
