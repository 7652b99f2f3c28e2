"""The embedded SPARQL store: a pyoxigraph store on disk (default ``output/store``).

``convert --store DIR`` and ``load --store DIR`` fill it (one named graph per figure);
``rdfexport query`` reads it. Queries see the union of all graphs as their default graph,
as on Virtuoso and on ``oxigraph serve --union-default-graph``, so WikiPathways' example
queries (which use no ``GRAPH``) run unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError, UsageError
from ..vocab import PREFIXES

DEFAULT_STORE = Path("output/store")
RESULT_FORMATS = ("table", "csv", "tsv", "json")
_SERIALIZED = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
               "json": ox.QueryResultsFormat.JSON}


def open_store(path: str | Path = DEFAULT_STORE) -> ox.Store:
    """Open (creating if needed) the on-disk store at ``path`` for writing."""
    Path(path).mkdir(parents=True, exist_ok=True)
    try:
        return ox.Store(str(path))
    except OSError as exc:
        raise InputError(f"cannot open store {path}: {exc}",
                         hint="is another rdfexport process using it?") from None


def open_store_read_only(path: str | Path = DEFAULT_STORE) -> ox.Store:
    """Open an existing store for queries; a missing one is a usage error with the fix."""
    if not Path(path, "CURRENT").is_file():  # RocksDB's marker file
        raise InputError(f"no store at {path}",
                         hint="fill it with 'rdfexport convert INPUT --store DIR' or "
                              "'rdfexport load FILE.nq --store DIR'")
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise InputError(f"cannot open store {path}: {exc}") from None


def add_quads(store: ox.Store, quads: Iterable[ox.Quad]) -> None:
    """Bulk-add quads (as the converter produces them) and make them durable."""
    store.bulk_extend(quads)
    store.flush()


def run_query(store: ox.Store, sparql: str):
    """Run ``sparql`` over the union of all graphs; the usual prefixes are predeclared."""
    try:
        return store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise UsageError(f"SPARQL syntax error: {exc}") from None


def read_query(text_or_path: str) -> str:
    """A query given inline, or the text of a ``.rq`` file."""
    if text_or_path.endswith((".rq", ".sparql")):
        try:
            return Path(text_or_path).read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot read query file {text_or_path}: {exc}") from None
    return text_or_path


# --- result formatting -----------------------------------------------------------------------
def format_results(results, fmt: str = "table") -> bytes:
    """Serialise SELECT/ASK/CONSTRUCT results; pyoxigraph writes every standard format."""
    if fmt not in RESULT_FORMATS:
        raise UsageError(f"unknown result format {fmt!r}", hint=f"use one of {RESULT_FORMATS}")
    if isinstance(results, ox.QueryTriples):  # CONSTRUCT/DESCRIBE: RDF, not a table
        return results.serialize(format=ox.RdfFormat.N_TRIPLES)
    if fmt != "table":
        return results.serialize(format=_SERIALIZED[fmt])
    if isinstance(results, ox.QueryBoolean):
        return b"true\n" if bool(results) else b"false\n"
    return render_table(results).encode("utf-8")


def render_table(solutions: ox.QuerySolutions) -> str:
    """Aligned text table for people: IRIs shortened with the usual prefixes."""
    names = [v.value for v in solutions.variables]
    rows = [[display_term(row[name]) for name in names] for row in solutions]
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    lines = [_table_line(names, widths), _table_line(["-" * w for w in widths], widths)]
    lines += [_table_line(r, widths) for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _table_line(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()


def display_term(term) -> str:
    """A term as a person reads it: ``wp:Pathway``, ``<https://…>``, ``Homo sapiens``."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact_iri(term.value)
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)  # blank nodes and quoted triples: pyoxigraph's own syntax


def compact_iri(iri: str) -> str:
    for prefix, base in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        local = iri[len(base):]
        if iri.startswith(base) and local and all(c.isalnum() or c in "_-." for c in local):
            return f"{prefix}:{local}"
    return str(ox.NamedNode(iri))


def results_as_rows(results) -> list[tuple]:
    """Comparable rows (term kind, value, datatype/language) — for tests and checks."""
    if isinstance(results, ox.QueryBoolean):
        return [(bool(results),)]
    names = [v.value for v in results.variables]
    return [tuple(term_key(row[n]) for n in names) for row in results]


def term_key(term) -> tuple:
    if term is None:
        return ("unbound",)
    if isinstance(term, ox.Literal):
        return ("literal", term.value, term.language or term.datatype.value)
    return (type(term).__name__, term.value if hasattr(term, "value") else str(term))


def summary_json(data: dict) -> str:
    return json.dumps(data, indent=2, sort_keys=True)
