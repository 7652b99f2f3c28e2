"""A validation ``Report`` and its three forms: text grouped by figure, and the standard
``sh:ValidationReport`` as Turtle or JSON-LD (what other SHACL tools read)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import groupby

import pyoxigraph as ox

from ..vocab import PREFIXES
from .findings import SEVERITIES, SH, Finding

NO_FIGURE = "(not part of a figure)"
SHAPES = "https://pfocr.wikipathways.org/shapes#"
_SH = {name: ox.NamedNode(SH + name) for name in (
    "ValidationReport", "ValidationResult", "conforms", "result", "focusNode", "resultPath",
    "value", "sourceConstraintComponent", "sourceShape", "resultSeverity", "resultMessage",
    "inversePath")}
_RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
_BOOLEAN = ox.NamedNode(PREFIXES["xsd"] + "boolean")


@dataclass(frozen=True)
class Located:
    """A finding and the figure it belongs to (figure IRI, or None)."""

    finding: Finding
    figure: str | None


@dataclass
class Report:
    """Everything one validation run found, over one or more graphs or files."""

    results: list[Located] = field(default_factory=list)
    figures: set[str] = field(default_factory=set)  # figure IRIs validated
    sources: dict[str, str] = field(default_factory=dict)  # figure IRI -> record file
    triples: int = 0

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.finding.severity == severity)

    @property
    def violations(self) -> int:
        return self.count("Violation")

    @property
    def warnings(self) -> int:
        return self.count("Warning")

    @property
    def conforms(self) -> bool:
        """SHACL's sh:conforms: no result of any severity."""
        return not self.results

    def failed(self, fail_on: str = "violation") -> bool:
        """Whether the run should exit 1: violations, or warnings too with 'warning'."""
        return bool(self.violations or (fail_on == "warning" and self.warnings))

    def conforming_figures(self) -> int:
        bad = {r.figure for r in self.results if r.finding.severity == "Violation"}
        return len(self.figures - bad)

    def summary_line(self) -> str:
        return (f"figures: {self.conforming_figures()} of {len(self.figures)} conform; "
                f"violations: {self.violations}; warnings: {self.warnings}; "
                f"infos: {self.count('Info')}")


# --- text ----------------------------------------------------------------------------------------
def _short(term, limit: int = 100) -> str:
    if term is None:
        return "-"
    text = str(term)
    for prefix, base in [*PREFIXES.items(), ("pfs", SHAPES)]:
        if isinstance(term, ox.NamedNode) and term.value.startswith(base) and len(term.value) > len(base):
            local = term.value[len(base):]
            if all(c.isalnum() or c in "_-." for c in local):
                text = f"{prefix}:{local}"
                break
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _path_text(path) -> str:
    if path is None:
        return "-"
    text = _short(path.predicate)
    return f"^{text}" if path.inverse else text


def _order(result: Located) -> tuple:
    f = result.finding
    return (result.figure or "~", SEVERITIES.index(f.severity), str(f.shape), str(f.focus), str(f.value))


def format_text(report: Report) -> str:
    """Grouped by figure, then by shape: focus node, path, value, message, record file."""
    lines: list[str] = []
    ordered = sorted(report.results, key=_order)
    for figure, in_figure in groupby(ordered, key=lambda r: r.figure):
        source = report.sources.get(figure or "")
        lines.append(f"figure {figure or NO_FIGURE}" + (f"  (record: {source})" if source else ""))
        for (shape, severity), in_shape in groupby(in_figure, key=lambda r: (r.finding.shape, r.finding.severity)):
            in_shape = list(in_shape)
            lines.append(f"  {severity.upper()} {_short(shape)}: {in_shape[0].finding.message or '(no message)'}")
            for r in in_shape:
                f = r.finding
                lines.append(f"    focus {_short(f.focus)}  path {_path_text(f.path)}  value {_short(f.value)}"
                             f"  [{f.component.replace('ConstraintComponent', '')}]")
    lines.append(report.summary_line())
    return "\n".join(lines) + "\n"


# --- the standard report ---------------------------------------------------------------------
def report_triples(report: Report) -> list[ox.Triple]:
    """The sh:ValidationReport graph (W3C SHACL §3.6)."""
    node = ox.BlankNode("report")
    triples = [ox.Triple(node, _RDF_TYPE, _SH["ValidationReport"]),
               ox.Triple(node, _SH["conforms"], ox.Literal(str(report.conforms).lower(), datatype=_BOOLEAN))]
    for number, located in enumerate(sorted(report.results, key=_order)):
        triples += _result_triples(node, ox.BlankNode(f"r{number}"), located.finding)
    return triples


def _result_triples(report_node, node, f: Finding) -> list[ox.Triple]:
    triples = [ox.Triple(report_node, _SH["result"], node),
               ox.Triple(node, _RDF_TYPE, _SH["ValidationResult"]),
               ox.Triple(node, _SH["focusNode"], f.focus),
               ox.Triple(node, _SH["sourceConstraintComponent"], ox.NamedNode(SH + f.component)),
               ox.Triple(node, _SH["sourceShape"], f.shape),
               ox.Triple(node, _SH["resultSeverity"], ox.NamedNode(SH + f.severity))]
    if f.path is not None and f.path.inverse:
        path = ox.BlankNode(f"{node.value}p")
        triples += [ox.Triple(node, _SH["resultPath"], path),
                    ox.Triple(path, _SH["inversePath"], f.path.predicate)]
    elif f.path is not None:
        triples.append(ox.Triple(node, _SH["resultPath"], f.path.predicate))
    if f.value is not None:
        triples.append(ox.Triple(node, _SH["value"], f.value))
    if f.message:
        triples.append(ox.Triple(node, _SH["resultMessage"], ox.Literal(f.message)))
    return triples


def format_turtle(report: Report) -> str:
    prefixes = {k: PREFIXES[k] for k in ("sh", "xsd", "rdf", "wp", "dcterms", "dc", "schema", "pfocr", "obo")}
    prefixes["pfs"] = SHAPES
    return ox.serialize(report_triples(report), format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode()


def format_json(report: Report) -> str:
    """The same report as (expanded) JSON-LD, indented."""
    data = json.loads(ox.serialize(report_triples(report), format=ox.RdfFormat.JSON_LD))
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


FORMATTERS = {"text": format_text, "ttl": format_turtle, "json": format_json}
