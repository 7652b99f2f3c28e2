"""VoID / HCLS dataset description of an export, in its own named graph.

``describe_dataset`` returns pyoxigraph quads in ``iris.dataset_graph()``: the dataset
(``void:Dataset``, ``dcat:Dataset``) with licence, version, creation time and counts; one
``dcat:Distribution`` per file written; and PROV of how it was made (tool version, inputs).
``write_description`` puts it beside the export as TriG, so ``rdfexport load`` sends it to
its own graph. ``created_on`` is a parameter (or ``SOURCE_DATE_EPOCH``) so that two runs on
the same input can be byte-identical.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox

from . import __version__, iris
from .vocab import PFOCR_BASE, PREFIXES, Ox
from .writers.atomic import atomic_output

DCAT = Ox.DCAT

TITLE = "PFOCR pathway figures as WikiPathways-style RDF"
DESCRIPTION = ("Pathway figures from PubMed Central mined by Pathway Figure OCR (PFOCR): "
               "figure metadata, genes, citations and interactions, modelled like WikiPathways.")
SOURCE = PFOCR_BASE  # the site the records come from


@dataclass(frozen=True)
class DatasetStats:
    triples: int  # statements per named graph, as the N-Quads file holds and a server counts them
    entities: int  # distinct IRI subjects
    classes: int
    properties: int
    graphs: int


@dataclass(frozen=True)
class Distribution:
    """One file of the export."""

    name: str  # file name as published, e.g. "pfocr.nq"
    media_type: str
    byte_size: int | None = None
    download_url: str | None = None


def compute_stats(quads: Iterable[ox.Quad]) -> DatasetStats:
    """Counts in one streaming pass, with memory bounded by the shared nodes, not the figures.

    rdfexport's writers emit each figure's triples together and no triple twice in a graph,
    so a figure's own nodes (the figure, its mentions, its interactions) are counted per
    figure and forgotten; only shared subjects (genes, papers, taxa) are remembered.
    """
    triples = local_total = 0
    shared, local, classes, properties, graphs = set(), set(), set(), set(), set()
    current = None
    rdf_type = Ox.RDF.type
    for quad in quads:
        triples += 1
        subject = quad.subject
        if isinstance(subject, ox.NamedNode):
            figid = _figure_of(subject.value)
            if figid is None:
                shared.add(subject.value)
            else:
                if figid != current:
                    local_total, current = local_total + len(local), figid
                    local.clear()
                local.add(subject.value)
        properties.add(quad.predicate)
        graphs.add(quad.graph_name)
        if quad.predicate == rdf_type:
            classes.add(quad.object)
    return DatasetStats(triples=triples, entities=len(shared) + local_total + len(local),
                        classes=len(classes), properties=len(properties), graphs=len(graphs))


_FIGURES = iris.figure("x")[:-1]  # the figures' IRI base


def _figure_of(iri: str) -> str | None:
    """The figid whose own node ``iri`` is (figure, mention, interaction), else None."""
    if not iri.startswith(_FIGURES):
        return None
    return iri[len(_FIGURES):].split("/", 1)[0]


def stats_of_file(path: str | Path) -> DatasetStats:
    fmt = ox.RdfFormat.from_extension(Path(path).suffix.lstrip("."))
    if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES):
        return stats_of_lines(path, quads=fmt == ox.RdfFormat.N_QUADS)
    return compute_stats(ox.parse(path=str(path)))


_TYPE = b"<" + Ox.RDF.type.value.encode() + b">"
_FIGURE_PREFIX = b"<" + _FIGURES.encode()


def stats_of_lines(path: str | Path, *, quads: bool) -> DatasetStats:
    """``compute_stats`` for N-Triples/N-Quads written by rdfexport, on bytes.

    Each line is one statement with IRI subjects and graph names (no spaces inside), so
    subject, predicate and graph are found by splitting, ten times faster than building
    terms for every quad of a corpus-sized export. Same counting rules as ``compute_stats``.
    """
    triples = local_total = 0
    shared, local, classes, properties, graphs = set(), set(), set(), set(), set()
    current = None
    with open(path, "rb") as handle:
        for line in handle:  # binary iteration splits on b"\n" only
            if not line.strip() or line.startswith(b"#"):
                continue
            triples += 1
            subject, predicate, rest = line.split(b" ", 2)
            properties.add(predicate)
            if quads:
                graphs.add(rest.rstrip()[:-1].rstrip().rsplit(b" ", 1)[-1])
            if predicate == _TYPE:
                classes.add(rest.split(b" ", 1)[0])
            if not subject.startswith(b"<"):
                continue
            if subject.startswith(_FIGURE_PREFIX):
                figid = subject[len(_FIGURE_PREFIX):].split(b"/", 1)[0].rstrip(b">")
                if figid != current:
                    local_total, current = local_total + len(local), figid
                    local.clear()
                local.add(subject)
            else:
                shared.add(subject)
    return DatasetStats(triples=triples, entities=len(shared) + local_total + len(local),
                        classes=len(classes), properties=len(properties), graphs=len(graphs) or 1)


@dataclass(frozen=True)
class FigureCounts:
    """One figure's share of the dataset counts, taken from its N-Triples lines where they
    are made (the parallel workers), so the export need not be read back to describe it."""

    own_subjects: int  # distinct subjects minted under the figure's IRI
    shared_subjects: frozenset[str]  # genes, papers, taxa: may recur in other figures
    classes: frozenset[str]
    properties: frozenset[str]


_TYPE_NT = Ox.RDF.type.value.join("<>")
_FIGURE_PREFIX_NT = "<" + _FIGURES


def figure_counts(by_subject: Mapping[str, Mapping[str, Collection[str]]]) -> FigureCounts:
    """``stats_of_lines``'s counting rules applied to one figure's triples, given as N-Triples
    terms by subject and predicate (``validate.engine.GraphIndex.out``: the worker has it)."""
    own, shared = 0, set()
    for subject in by_subject:
        if subject.startswith(_FIGURE_PREFIX_NT):
            own += 1
        elif subject.startswith("<"):
            shared.add(subject)
    properties = frozenset().union(*by_subject.values())
    classes = frozenset().union(*(by_p.get(_TYPE_NT, ()) for by_p in by_subject.values()))
    return FigureCounts(own, frozenset(shared), classes, properties)


@dataclass
class DatasetCounter:
    """``FigureCounts`` summed over an export, in memory bounded by the shared nodes."""

    own_subjects: int = 0
    shared_subjects: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    properties: set[str] = field(default_factory=set)

    def add(self, counts: FigureCounts) -> None:
        self.own_subjects += counts.own_subjects
        self.shared_subjects |= counts.shared_subjects
        self.classes |= counts.classes
        self.properties |= counts.properties

    def stats(self, *, triples: int, graphs: int) -> DatasetStats:
        """``triples`` as written (after shared nodes' repeats are dropped, for one graph)."""
        return DatasetStats(triples=triples, entities=self.own_subjects + len(self.shared_subjects),
                            classes=len(self.classes), properties=len(self.properties), graphs=graphs)


def distribution_of(path: str | Path, download_base: str | None = None) -> Distribution:
    """A distribution for an export file: media type from its extension, size from disk."""
    path = Path(path)
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
    media_type = fmt.media_type if fmt else "application/octet-stream"
    url = download_base.rstrip("/") + "/" + iris.segment(path.name) if download_base else None
    return Distribution(path.name, media_type, path.stat().st_size, url)


def created_now() -> datetime:
    """Now, unless ``SOURCE_DATE_EPOCH`` pins it (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(timezone.utc).replace(microsecond=0)


def describe_dataset(stats: DatasetStats, *, version: str, created_on: datetime | None = None,
                     distributions: Sequence[Distribution] = (), inputs: Sequence[str] = (),
                     tool_version: str = __version__) -> list[ox.Quad]:
    """The dataset description as quads in ``iris.dataset_graph()``."""
    when = _datetime_literal(created_on or created_now())
    triples = [*_dataset_triples(stats, version, when),
               *_provenance_triples(when, inputs, tool_version)]
    for dist in distributions:
        triples += _distribution_triples(dist, stats)
    graph = ox.NamedNode(iris.dataset_graph())
    return [ox.Quad(s, p, o, graph) for s, p, o in _grouped_by_subject(triples)]


def write_description(quads: list[ox.Quad], path: str | Path) -> Path:
    """Write the description (TriG/N-Quads keep its graph; Turtle/N-Triples drop it)."""
    path = Path(path)
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) or ox.RdfFormat.TRIG
    data = quads if fmt.supports_datasets else [q.triple for q in quads]
    prefixes = _PREFIXES if fmt in _PREFIXED else None
    with atomic_output(path) as handle:
        ox.serialize(data, handle, fmt, prefixes=prefixes)
    return path


def describe_export(export_path: str | Path, *, version: str, created_on: datetime | None = None,
                    inputs: Sequence[str] = (), download_base: str | None = None,
                    stats: DatasetStats | None = None) -> Path:
    """Describe the export file at ``export_path`` and write it beside it (``*.void.trig``).

    ``stats`` counted while the export was made; without them the file is read back.
    """
    stats = stats or stats_of_file(export_path)
    quads = describe_dataset(stats, version=version, created_on=created_on,
                             distributions=[distribution_of(export_path, download_base)],
                             inputs=inputs)
    return write_description(quads, description_path(export_path))


def description_path(export_path: str | Path) -> Path:
    """``output/pfocr.nq`` -> ``output/pfocr.void.trig``."""
    export_path = Path(export_path)
    return export_path.with_name(export_path.name.split(".")[0] + ".void.trig")


# --- the parts -----------------------------------------------------------------------------
def _dataset_triples(stats: DatasetStats, version: str, when: ox.Literal):
    ds = ox.NamedNode(iris.dataset())
    yield from _types(ds, Ox.VOID.Dataset, DCAT.Dataset)
    yield ds, Ox.DCTERMS.title, ox.Literal(TITLE, language="en")
    yield ds, Ox.DCTERMS.description, ox.Literal(DESCRIPTION, language="en")
    yield ds, Ox.DCTERMS.license, ox.NamedNode(iris.CC0)
    yield ds, Ox.DCTERMS.source, ox.NamedNode(SOURCE)
    yield ds, Ox.FOAF.homepage, ox.NamedNode(SOURCE)
    yield ds, Ox.PAV.version, ox.Literal(version)
    yield ds, Ox.PAV.createdOn, when
    yield ds, Ox.DCTERMS.issued, when
    yield from _count_triples(ds, stats)


def _count_triples(node: ox.NamedNode, stats: DatasetStats):
    for prop, value in (("triples", stats.triples), ("entities", stats.entities),
                        ("distinctSubjects", stats.entities), ("classes", stats.classes),
                        ("properties", stats.properties)):
        yield node, Ox.VOID[prop], _integer(value)


def _distribution_triples(dist: Distribution, stats: DatasetStats):
    node = ox.NamedNode(iris.dataset_part("distribution", dist.name))
    ds = ox.NamedNode(iris.dataset())
    yield ds, DCAT.distribution, node
    yield from _types(node, Ox.VOID.Dataset, DCAT.Distribution)
    yield node, Ox.DCTERMS.title, ox.Literal(dist.name)
    yield node, Ox.DCTERMS.format, ox.Literal(dist.media_type)
    yield node, DCAT.mediaType, ox.NamedNode(_IANA + dist.media_type)
    yield node, Ox.DCTERMS.license, ox.NamedNode(iris.CC0)
    yield node, Ox.VOID.triples, _integer(stats.triples)
    if dist.byte_size is not None:
        yield node, DCAT.byteSize, _integer(dist.byte_size)
    if dist.download_url:
        yield node, DCAT.downloadURL, ox.NamedNode(dist.download_url)
        yield ds, Ox.VOID.dataDump, ox.NamedNode(dist.download_url)


def _provenance_triples(when: ox.Literal, inputs: Sequence[str], tool_version: str):
    ds, activity = ox.NamedNode(iris.dataset()), ox.NamedNode(iris.dataset_part("activity", "export"))
    tool = ox.NamedNode(iris.dataset_part("tool", f"rdfexport-{tool_version}"))
    yield ds, Ox.PROV.wasGeneratedBy, activity
    yield ds, Ox.PAV.createdWith, tool
    yield ds, Ox.PROV.wasDerivedFrom, ox.NamedNode(SOURCE)
    yield from _types(activity, Ox.PROV.Activity)
    yield activity, Ox.PROV.wasAssociatedWith, tool
    yield activity, Ox.PROV.endedAtTime, when
    yield from _types(tool, Ox.PROV.SoftwareAgent)
    yield tool, Ox.RDFS.label, ox.Literal("rdfexport")
    yield tool, Ox.PAV.version, ox.Literal(tool_version)
    for name in inputs:
        entity = ox.NamedNode(iris.dataset_part("input", name))
        yield activity, Ox.PROV.used, entity
        yield from _types(entity, Ox.PROV.Entity)
        yield entity, Ox.RDFS.label, ox.Literal(name)


def _grouped_by_subject(triples: list[tuple]) -> list[tuple]:
    """Keep each subject's triples together (Turtle/TriG then write each node once)."""
    first_seen: dict = {}
    for index, (subject, _, _) in enumerate(triples):
        first_seen.setdefault(subject, index)
    return sorted(triples, key=lambda t: first_seen[t[0]])


def _types(node, *classes):
    for cls in classes:
        yield node, Ox.RDF.type, cls


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=Ox.XSD.integer)


def _datetime_literal(when: datetime) -> ox.Literal:
    if when.tzinfo is None:
        raise ValueError("created_on must be timezone-aware")
    text = when.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
    return ox.Literal(text, datatype=Ox.XSD.dateTime)


_IANA = "https://www.iana.org/assignments/media-types/"
_PREFIXES = {**{k: PREFIXES[k] for k in ("void", "dcterms", "pav", "prov", "xsd", "foaf", "rdfs")},
             "dcat": PREFIXES["dcat"]}
_PREFIXED = (ox.RdfFormat.TRIG, ox.RdfFormat.TURTLE)
