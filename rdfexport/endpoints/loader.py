"""Count-verified loading of export files into a SPARQL server or the embedded store.

A load is three steps: **stage** the files in an in-memory pyoxigraph store (this fixes the
graph of every triple and removes duplicates, so "sent" is exactly what a server should
hold), **send** each graph in batches (PUT for the first batch of a graph, so a re-run
replaces rather than adds: loads are idempotent per graph), then **count** each graph on the
server with a SPARQL ``COUNT`` and compare. A mismatch is never a warning.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import EndpointError, InputError, UsageError
from .gsp import GraphStoreClient, count_query, sparql_iri
from .kind import EndpointKind
from ..progress import Progress



@dataclass(frozen=True)
class GraphCount:
    graph: str
    sent: int
    stored: int

    @property
    def ok(self) -> bool:
        return self.sent == self.stored


@dataclass
class LoadReport:
    """What was sent and what the target holds afterwards, graph by graph."""

    target: str
    kind: str
    seconds: float
    counts: list[GraphCount] = field(default_factory=list)

    @property
    def triples_sent(self) -> int:
        return sum(c.sent for c in self.counts)

    @property
    def triples_stored(self) -> int:
        return sum(c.stored for c in self.counts)

    @property
    def mismatches(self) -> list[GraphCount]:
        return [c for c in self.counts if not c.ok]

    def to_dict(self) -> dict:
        """JSON-ready summary for scripts (``rdfexport load --json``)."""
        return {"target": self.target, "kind": self.kind, "graphs": len(self.counts),
                "triples_sent": self.triples_sent, "triples_stored": self.triples_stored,
                "seconds": round(self.seconds, 3),
                "triples_per_second": round(self.triples_sent / self.seconds) if self.seconds else None,
                "ok": not self.mismatches,
                "mismatches": [asdict(c) for c in self.mismatches]}

    def check(self) -> None:
        """Raise :class:`CountMismatchError` if any graph holds other than what was sent."""
        if self.mismatches:
            raise CountMismatchError(self.mismatches)


class CountMismatchError(EndpointError):
    """The target holds a different number of triples than was sent."""

    hint = ("the server dropped or added triples; see its log, lower --batch-triples, "
            "and load again (loads are idempotent)")

    def __init__(self, mismatches: list[GraphCount]):
        self.mismatches = mismatches
        shown = "; ".join(f"graph <{c.graph}>: sent {c.sent} triples, target holds {c.stored}"
                          for c in mismatches[:5])
        more = f"; and {len(mismatches) - 5} more graphs" if len(mismatches) > 5 else ""
        super().__init__(f"{len(mismatches)} graph(s) differ after loading: {shown}{more}")


@dataclass(frozen=True)
class Batch:
    graph: str
    body: bytes  # N-Triples
    size: int  # triples in body
    replace: bool  # the graph's first batch: PUT replaces whatever the graph held


# --- stage ---------------------------------------------------------------------------------
def rdf_format(path: Path) -> ox.RdfFormat:
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
    if fmt is None:
        raise InputError(f"{path}: unknown RDF file extension {path.suffix!r}",
                         hint="give .nq, .trig, .nt or .ttl files as written by 'rdfexport convert'")
    return fmt


def stage_files(paths: Iterable[str | Path], *, graph: str | None = None) -> ox.Store:
    """Parse ``paths`` into an in-memory store. With ``graph`` every triple goes into that
    graph; otherwise each keeps the named graph the file gives it (one per figure)."""
    stage = ox.Store()
    for path in map(Path, paths):
        try:  # parsed and stored inside pyoxigraph: no Python object per triple
            stage.load(path=path, format=rdf_format(path))
        except (SyntaxError, OSError) as exc:
            raise InputError(f"{path}: {exc}") from None
    if graph:
        _merge_into(stage, ox.NamedNode(graph))
    _refuse_unnamed(stage)
    return stage


def _merge_into(stage: ox.Store, target: ox.NamedNode) -> None:
    """Move every triple, from whatever graph, into ``target`` (inside pyoxigraph)."""
    stage.update("INSERT { GRAPH %s { ?s ?p ?o } } WHERE { { ?s ?p ?o } UNION "
                 "{ GRAPH ?g { ?s ?p ?o } } }" % sparql_iri(target.value))
    stage.clear_graph(ox.DefaultGraph())
    for name in list(stage.named_graphs()):
        if name != target:
            stage.remove_graph(name)


def _refuse_unnamed(stage: ox.Store) -> None:
    if next(stage.quads_for_pattern(None, None, None, ox.DefaultGraph()), None) is not None:
        raise UsageError("the input has triples outside any named graph",
                         hint="give --graph IRI to load them into one graph, or load the "
                              "N-Quads/TriG export, which has one graph per figure")
    if any(isinstance(g, ox.BlankNode) for g in stage.named_graphs()):
        raise UsageError("the input names a graph by a blank node, which a server cannot address")


def graph_names(stage: ox.Store) -> list[str]:
    return sorted(g.value for g in stage.named_graphs())


def graph_sizes(stage: ox.Store) -> dict[str, int]:
    """Triples per named graph, counted inside pyoxigraph."""
    rows = stage.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row["g"].value: int(row["n"].value) for row in rows}


def plan_batches(stage: ox.Store, batch_triples: int) -> Iterator[Batch]:
    """Each graph in batches of at most ``batch_triples``; a graph with blank nodes is sent
    whole, because a blank node split across two requests would become two nodes."""
    if batch_triples < 1:
        raise UsageError("--batch-triples must be at least 1")
    for name, size in sorted(graph_sizes(stage).items()):
        graph = ox.NamedNode(name)
        if size <= batch_triples:  # the usual figure graph: serialised whole, in Rust
            yield Batch(name, stage.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph), size, True)
            continue
        yield from _split_graph(stage, graph, batch_triples)


def _split_graph(stage: ox.Store, graph: ox.NamedNode, batch_triples: int) -> Iterator[Batch]:
    triples = [q.triple for q in stage.quads_for_pattern(None, None, None, graph)]
    step = len(triples) if _has_blank_nodes(triples) else batch_triples
    for start in range(0, len(triples), step):
        part = triples[start:start + step]
        body = ox.serialize(part, format=ox.RdfFormat.N_TRIPLES)
        yield Batch(graph.value, body, len(part), replace=start == 0)


def _has_blank_nodes(triples: list[ox.Triple]) -> bool:
    return any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)
               for t in triples)


# --- send + count --------------------------------------------------------------------------
def load_endpoint(stage: ox.Store, client: GraphStoreClient, kind: EndpointKind, *,
                  batch_triples: int | None = None, progress: Progress | None = None) -> LoadReport:
    """Send every graph of ``stage`` to the server, then COUNT each graph there."""
    progress = progress or Progress(enabled=False)
    sent: dict[str, int] = {}
    started = time.perf_counter()
    for batch in plan_batches(stage, batch_triples or kind.batch_triples):
        send = client.put_graph if batch.replace else client.post_graph
        send(batch.graph, batch.body, kind.content_type)
        sent[batch.graph] = sent.get(batch.graph, 0) + batch.size
        progress.step(batch.size)
    seconds = time.perf_counter() - started
    progress.done()
    stored = client.count_graphs(list(sent))
    counts = [GraphCount(g, n, stored[g]) for g, n in sent.items()]
    return LoadReport(target=client.urls.store, kind=kind.name, seconds=seconds, counts=counts)


def load_store(stage: ox.Store, store: ox.Store, *, target: str = "embedded store") -> LoadReport:
    """Replace each of the stage's graphs in the embedded ``store``; counted like a server."""
    names = graph_names(stage)
    started = time.perf_counter()
    for name in names:
        store.remove_graph(ox.NamedNode(name))
    store.bulk_extend(stage.quads_for_pattern(None, None, None, None))
    store.flush()
    seconds = time.perf_counter() - started
    sent = {name: _count_in(stage, [name])[name] for name in names}
    stored = _count_in(store, names)
    counts = [GraphCount(g, sent[g], stored.get(g, 0)) for g in names]
    return LoadReport(target=target, kind="embedded", seconds=seconds, counts=counts)


def _count_in(store: ox.Store, names: list[str], chunk: int = 500) -> dict[str, int]:
    counts: dict[str, int] = {}
    for start in range(0, len(names), chunk):
        for row in store.query(count_query(names[start:start + chunk])):
            counts[row["g"].value] = int(row["n"].value)
    return counts
