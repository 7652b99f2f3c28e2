"""``convert --jobs N``: same bytes and same summary for any N, in every format."""

from __future__ import annotations

import importlib.util
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Triple, serialize

from rdfexport import parallel, read
from rdfexport.pipeline import convert
from rdfexport.writers import FORMATS

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
HOSTILE = ROOT / "tests" / "hostile"


def load_make_corpus():
    module = sys.modules.get("make_corpus")  # loaded once per session: its workers pickle by name
    if module is None:
        spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "bench" / "make_corpus.py")
        module = sys.modules["make_corpus"] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    """A small generated corpus, plus the shared sample and the hostile records when present."""
    if not SHARED.is_dir():
        pytest.skip("../shared/corpus is not here (the generator draws from it)")
    corpus = tmp_path_factory.mktemp("corpus") / "site"
    load_make_corpus().make_corpus(12, corpus, SHARED)
    found = [str(corpus), str(SHARED)]
    return found + ([str(HOSTILE)] if HOSTILE.is_dir() else [])


def _run(inputs, out: Path, fmt: str, jobs: int, per_figure: bool = False) -> dict:
    summary = convert(inputs, str(out), FORMATS[fmt], per_figure=per_figure, jobs=jobs)
    data = summary.as_dict()
    data.pop("outputs")
    return data


@pytest.mark.parametrize("fmt", ["nq", "ttl", "nt", "trig", "jsonld"])
def test_jobs_give_identical_output_and_summary(inputs, tmp_path, fmt):
    one = _run(inputs, tmp_path / f"1.{fmt}", fmt, jobs=1)
    two = _run(inputs, tmp_path / f"2.{fmt}", fmt, jobs=2)
    assert (tmp_path / f"1.{fmt}").read_bytes() == (tmp_path / f"2.{fmt}").read_bytes()
    assert one == two
    assert one["converted"] > 12 + 30


@pytest.mark.parametrize("fmt", ["nq"])
def test_per_figure_folders_are_identical(inputs, tmp_path, fmt):
    _run(inputs, tmp_path / "one", fmt, jobs=1, per_figure=True)
    _run(inputs, tmp_path / "two", fmt, jobs=3, per_figure=True)
    one = {p.name: p.read_bytes() for p in (tmp_path / "one").iterdir()}
    two = {p.name: p.read_bytes() for p in (tmp_path / "two").iterdir()}
    assert one == two and len(one) > 12 + 30


def test_nquads_lines_equal_pyoxigraph_serialising_the_quads():
    s, p = NamedNode("http://example.org/s"), NamedNode("http://example.org/p")
    tricky = ["a .\nb", "line\r\nbreak .", 'quote " .', "tab\there", "ünï ☃", " . ", ".\n"]
    triples = [Triple(s, p, Literal(v)) for v in tricky] + [Triple(s, p, Literal("x", language="en"))]
    graph = NamedNode("https://pfocr.wikipathways.org/graph/figures/PMC1__f%20.1")
    expected = serialize([Quad(t.subject, t.predicate, t.object, graph) for t in triples], format=RdfFormat.N_QUADS)
    assert parallel.nquads_of(parallel.ntriples(triples), "PMC1__f .1") == expected


def test_worker_is_a_pure_function_of_its_batch(inputs):
    sources = list(read.discover(inputs[1:2]))[:5]
    task = parallel.Task(tuple(sorted(read.read_organism_pages(read.site_roots(inputs[1:2])).items())), nquads=True)
    first, again = parallel.convert_batch(sources, task), parallel.convert_batch(sources, task)
    assert first == again
    assert [o.source_path for o in first] == [s.path for s in sources]
    assert all(o.rdf.endswith(b" .\n") and o.triples == o.rdf.count(b"\n") for o in first if not o.refusal)


def test_ordered_map_keeps_task_order_with_a_bounded_window():
    import random
    import time

    def slow(i: int) -> int:
        time.sleep(random.random() / 200)
        return i

    with ThreadPoolExecutor(4) as pool:
        assert list(parallel.ordered_map(slow, range(50), pool, window=6)) == list(range(50))


def test_batches_cover_every_item_in_order():
    assert [len(b) for b in parallel.batches(range(10), 4)] == [4, 4, 2]
    assert [x for b in parallel.batches(range(10), 4) for x in b] == list(range(10))


def test_cli_defaults_to_all_cores():
    from rdfexport.cli import build_parser

    args = build_parser().parse_args(["convert", "x"])
    assert args.jobs == parallel.default_jobs() >= 1


def test_validation_in_workers_gives_the_sequential_report(inputs, tmp_path):
    from rdfexport.validate import load_validator

    validator = load_validator()
    clean = inputs[:2]  # generated + shared records (the hostile ones test refusals above)
    reports = []
    for jobs in (1, 2):
        summary = convert(clean, str(tmp_path / f"{jobs}.nq"), FORMATS["nq"], jobs=jobs, validator=validator)
        report = summary.validation
        reports.append(([(r.figure, r.finding.key()) for r in report.results], report.figures, report.sources,
                        report.triples, summary.converted))
    assert reports[0] == reports[1]
    assert reports[0][3] > 0 and len(reports[0][1]) == reports[0][4]
