"""The worker's bytes made straight from the mapper's lines are the bytes of the old way.

``FigureLines.ntriples_bytes`` encodes a subject at a time and ``FigureLines.nquads`` puts
the figure's graph into those bytes; the old way made the whole N-Triples text, encoded it
and cut it (``parallel.nquads_of``). Compared on generated lines (literals with line
breaks, quotes, dots and non-ASCII text, subjects and objects that are prefixes of one
another), on mapped figures, and through the worker (``parallel.convert_record``) with
each validation engine.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, serialize

from rdfexport import iris, parallel, read
from rdfexport import map as mapper
from rdfexport.validate import Report, load_validator, validate_ntriples

from test_validate import sample_figure

GRAPH = "https://pfocr.wikipathways.org/graph/figures/PMC1__f%20.1"

# objects whose text holds what the cutting looks for (' .', escaped line breaks) and
# non-ASCII characters (wider strings), as pyoxigraph prints them
VALUES = st.text(alphabet="a .\n\r\"\\\tüé☃\U0001f600<>", max_size=8)
objects = st.one_of(VALUES.map(lambda v: str(Literal(v))), VALUES.map(lambda v: str(Literal(v, language="en"))),
                    st.sampled_from(["<http://x/o>", "<http://x/o/1>", '"x"^^<http://www.w3.org/2001/XMLSchema#integer>']))
predicates = st.sampled_from(["<http://x/p>", "<http://x/p2>", "<http://x/a>", "<http://x/a/b>"])
subjects = st.sampled_from(["<http://x/s>", "<http://x/s/1>", "<http://x/s1>", "<https://x/é>"])
additions = st.lists(st.tuples(subjects, st.lists(st.builds(mapper.says, predicates, objects), min_size=1, max_size=5),
                               st.booleans()), max_size=10)


def old_way(lines: mapper.FigureLines, graph: str | None) -> bytes:
    """What the worker did: the whole text, encoded, then cut at every line's end."""
    text, _ = lines.ntriples()
    nt = text.encode()
    return nt if graph is None else f" <{graph}> .\n".encode().join(nt.split(b" .\n"))


def lines_of(added) -> mapper.FigureLines:
    lines = mapper.FigureLines()
    for subject, tails, as_block in added:
        if as_block:
            lines.add_sorted(subject, tuple(sorted(set(tails))))
        else:
            lines.add(subject, tails)
    return lines


@settings(max_examples=400, deadline=None)
@given(added=additions)
def test_bytes_from_the_lines_are_the_old_bytes(added):
    lines = lines_of(added)
    assert lines.ntriples_bytes() == old_way(lines, None)
    assert lines.nquads(GRAPH) == old_way(lines, GRAPH)
    assert lines.count() == lines.ntriples()[1] == sum(len(tails) for _, tails in lines.items())


@settings(max_examples=200, deadline=None)
@given(added=additions)
def test_nquads_are_what_pyoxigraph_writes_for_the_quads(added):
    from pyoxigraph import parse

    lines = lines_of(added)
    triples = [q.triple for q in parse(lines.ntriples()[0].encode(), format=RdfFormat.N_TRIPLES)]
    graph = NamedNode(GRAPH)
    expected = serialize([Quad(t.subject, t.predicate, t.object, graph) for t in triples], format=RdfFormat.N_QUADS)
    assert lines.nquads(GRAPH) == (expected or b"")


def test_items_are_sorted_by_subject_then_tail():
    lines = mapper.FigureLines()
    lines.add("<b>", [mapper.says("<p>", '"z"'), mapper.says("<p>", '"a"')])
    lines.add_sorted("<a/1>", (mapper.says("<p>", '"y"'),))
    lines.add_sorted("<a>", (mapper.says("<p>", '"x"'), mapper.says("<q>", '"x"')))
    assert [s for s, _ in lines.items()] == ["<a/1>", "<a>", "<b>"]  # as strings: '/' before '>'
    assert list(dict(lines.items())["<b>"]) == [mapper.says("<p>", '"a"'), mapper.says("<p>", '"z"')]


def test_a_mapped_figure_gives_the_old_bytes():
    fig = sample_figure()
    for figure in (fig, replace(fig, caption="Ünïcode ☃ caption .\nwith a break", title="τίτλος")):
        lines = mapper.map_figure_lines(figure)
        graph = iris.figure_graph(figure.figid)
        assert lines.nquads(graph) == old_way(lines, graph)
        assert lines.ntriples_bytes() == old_way(lines, None) == mapper.map_figure_ntriples(figure)[0].encode()


@pytest.fixture(scope="module")
def shared_sources(corpus):
    return list(read.discover([str(corpus)]))


def old_outcome_bytes(source, task) -> tuple[bytes, int]:
    from rdfexport import pipeline

    data, fm = read.read_front_matter(source)
    fig = pipeline.enriched(pipeline.normalised(source, data, fm), parallel._taxa(task.organism_pages))
    text, count = mapper.map_figure_lines(fig).ntriples()
    rdf = text.encode()
    return (parallel.nquads_of(rdf, fig.figid) if task.nquads else rdf), count


@pytest.mark.parametrize("nquads", [True, False])
def test_the_worker_sends_the_old_bytes(corpus, shared_sources, nquads):
    task = parallel.Task(tuple(sorted(read.read_organism_pages(read.site_roots([str(corpus)])).items())), nquads=nquads)
    converted = 0
    for source, outcome in zip(shared_sources, parallel.convert_batch(shared_sources, task, load_validator())):
        if outcome.refusal is None:
            converted += 1
            assert (outcome.rdf, outcome.triples) == old_outcome_bytes(source, task), source.path
    assert converted > 20


def test_pyshacl_still_gets_the_text(corpus, shared_sources):
    """The fast engine reads the lines only; pySHACL is handed the N-Triples text, as before."""
    reference = load_validator(engine="pyshacl")
    task = parallel.Task(tuple(sorted(read.read_organism_pages(read.site_roots([str(corpus)])).items())), nquads=True)
    for source in shared_sources[:2]:
        outcome = parallel.convert_record(source, task, reference)
        assert outcome.refusal is None
        from rdfexport import pipeline

        data, fm = read.read_front_matter(source)
        fig = pipeline.enriched(pipeline.normalised(source, data, fm), parallel._taxa(task.organism_pages))
        text, count = mapper.map_figure_lines(fig).ntriples()
        expected = Report()
        validate_ntriples(reference, text, expected, NamedNode(iris.figure_graph(fig.figid)), fig.source_path, count)
        assert repr(outcome.validation) == repr(expected)
        assert outcome.validation.triples == count > 0
