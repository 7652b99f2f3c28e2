"""Issue #8, property tests: arbitrary strings in every field never break the output.

Every IRI the exporter mints is an RFC 3987 IRI made only of RFC 3986 characters (so it
is safe inside ``<...>`` in N-Triples, Turtle and SPARQL), every literal round-trips, and
a record of arbitrary field values is converted or refused — accounted for either way —
with output that rdflib and pyoxigraph both parse. ``bench/fuzz_records.py`` runs the
same properties with many more examples.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox
import pytest
import rdflib
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rdfexport import iris, normalise, read
from rdfexport.errors import RecordError
from rdfexport.pipeline import Summary, figures, mapped, write_single
from rdfexport.writers import FORMATS

# scheme ":" then only unreserved, reserved and %HH: what survives any embedding unescaped
SAFE_IRI = re.compile(r"[a-z][a-z0-9+.-]*:(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-F]{2})+")
FORBIDDEN_IN_IRIREF = set('<>"{}|^`\\ ') | {chr(c) for c in range(0x21)}

MINTERS = [
    iris.figure, iris.figure_page, iris.figure_graph, iris.hgnc_symbol, iris.famplex,
    iris.pmc_figure_page, iris.doi, iris.paper, iris.pmc_article_page, iris.taxon, iris.ncbigene,
    iris.chebi, iris.mesh, iris.doid, iris.wikipathways, iris.ndex,
    lambda v: iris.gene_mention(v, "5594"), lambda v: iris.gene_mention("PMC1__f", v),
    lambda v: iris.interaction(v, "A-Binding-B"), lambda v: iris.interaction("PMC1__f", v),
    lambda v: iris.pmc_image("PMC1", v), lambda v: iris.pmc_image(v, "f.jpg"),
]
# text with the characters that break things over-represented
nasty = st.text(alphabet=st.sampled_from(list('<>"{}|\\^` \t\n\r%/.:#?&;\'\x00\x1b\u2028\u00e9\u0661\uff12\ufeff'
                                              "PMC0123456789abcWDCM-_")) | st.characters(), max_size=40)
# bench/fuzz_records.py raises the count through RDFEXPORT_FUZZ_EXAMPLES for a long run
FAST = settings(max_examples=int(os.environ.get("RDFEXPORT_FUZZ_EXAMPLES", "150")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def assert_safe_iri(value: str) -> None:
    assert SAFE_IRI.fullmatch(value), value
    assert not set(value) & FORBIDDEN_IN_IRIREF
    ox.NamedNode(value)  # oxiri: RFC 3987 validation
    line = f"<{value}> <http://example.org/p> \"x\" .\n"
    assert [t.subject.value for t in ox.parse(line.encode(), format=ox.RdfFormat.N_TRIPLES)] == [value]
    assert [str(s) for s in rdflib.Graph().parse(data=line, format="nt").subjects()] == [value]
    query = f"SELECT ?o WHERE {{ <{value}> ?p ?o }}"  # parses as one IRI: no way out of <...>
    assert list(ox.Store().query(query)) == []


@FAST
@given(value=nasty, minter=st.sampled_from(MINTERS))
def test_every_minted_iri_is_safe_or_refused(value, minter):
    try:
        result = minter(value)
    except iris.IriError:
        return
    assert_safe_iri(result)


@FAST
@given(value=nasty)
def test_segment_round_trips(value):
    try:
        encoded = iris.segment(value)
    except iris.IriError:
        assert value in {"", ".", ".."} or any("\ud800" <= c <= "\udfff" for c in value)
        return
    assert unquote(encoded, errors="strict") == value and "/" not in encoded


# --- whole records --------------------------------------------------------------------------
TEXT_FIELDS = ["figtitle", "caption", "papertitle", "reftext", "journal_title", "journal_nlm_ta",
               "publisher_name", "figtype", "filename", "figlink", "number", "figid_alias", "ndex",
               "year", "doi", "automl_pathway"]
LIST_FIELDS = ["organisms", "organisms_ner", "keywords", "wpid"]
value = nasty | st.integers().map(str) | st.sampled_from(["NA", "", ".na.character", "NaN", "inf", "1e5"])
structure = st.recursive(value, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(nasty, inner, max_size=2),
                         max_leaves=6)
figid = st.one_of(nasty, st.builds(lambda n, s: f"PMC{n}__{s}", st.integers(0, 10**8), nasty))
records = st.fixed_dictionaries(
    {"figid": figid},
    optional={"pmcid": st.one_of(nasty, st.integers(0, 10**8).map(lambda n: f"PMC{n}")),
              **{f: value | structure for f in TEXT_FIELDS},
              **{f: st.lists(value, max_size=5) | structure for f in LIST_FIELDS},
              "genes": st.lists(st.fixed_dictionaries({}, optional={"word": value, "ncbigene_id": value,
                                                                   "symbol": value, "organism_id": value}), max_size=3),
              "chemicals": st.lists(st.fixed_dictionaries({"word": value}, optional={"chebi": value, "mesh": value}),
                                    max_size=2),
              "diseases": st.lists(st.fixed_dictionaries({"word": value}, optional={"doid": value, "mesh": value}),
                                   max_size=2),
              "schema-jsonld": st.fixed_dictionaries({"keywords": st.lists(value, max_size=3) | structure})},
)
RDF_FORMATS = [("nt", "nt", ox.RdfFormat.N_TRIPLES), ("ttl", "turtle", ox.RdfFormat.TURTLE),
               ("trig", "trig", ox.RdfFormat.TRIG), ("nq", "nquads", ox.RdfFormat.N_QUADS)]


def convert_front_matter(tmp: Path, front_matter: dict) -> tuple[Summary, list]:
    path = tmp / "_figures" / "record.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + yaml.safe_dump(front_matter, allow_unicode=True) + "---\n", encoding="utf-8")
    summary = Summary()
    return summary, list(mapped(figures([str(path)], summary), summary))


def check_output(items, tmp: Path) -> None:
    for ext, rdflib_name, ox_format in RDF_FORMATS:
        out = tmp / f"out.{ext}"
        write_single(items, str(out), FORMATS[ext])
        data = out.read_bytes()
        parsed = list(ox.parse(data, format=ox_format))
        graph = rdflib.Dataset() if ext in {"trig", "nq"} else rdflib.Graph()
        graph.parse(data=data.decode(), format=rdflib_name)
        assert len(parsed) == len(graph) if ext in {"nt", "ttl"} else len(parsed) >= 1
        for term in (t for q in parsed for t in (q.subject, q.predicate, q.object)):
            if isinstance(term, ox.NamedNode):
                assert_safe_iri(term.value)
    out = tmp / "out.jsonld"
    write_single(items, str(out), FORMATS["jsonld"])
    rdflib.Graph().parse(data=out.read_text(encoding="utf-8"), format="json-ld")


@FAST
@given(front_matter=records)
def test_any_record_is_accounted_for_and_its_output_parses(tmp_path_factory, front_matter):
    tmp = tmp_path_factory.mktemp("rec")
    summary, items = convert_front_matter(tmp, front_matter)
    assert summary.read == 1 == summary.converted + len(summary.refused)
    for refusal in summary.refused:
        assert refusal.path.endswith("record.md") and refusal.field != "record", refusal  # no unexpected errors
    if not items:
        return
    check_output(items, tmp)
    [(fig, triples)] = items
    literals = {t.object.value for t in triples if isinstance(t.object, ox.Literal)}
    assert fig.figid in literals  # dcterms:identifier, verbatim
    caption = normalise.text(front_matter.get("caption"))
    if fig.caption:
        assert fig.caption == caption and caption in literals


@FAST
@given(data=st.binary(max_size=300) | st.builds(lambda b: b"---\n" + b + b"\n---\n", st.binary(max_size=200)))
def test_arbitrary_bytes_are_refused_with_a_record_error_or_parsed(data):
    try:
        fm = read.parse_front_matter(data, "f.md")
    except RecordError as exc:
        assert exc.path == "f.md" and exc.field
        return
    assert isinstance(fm, dict)


def test_surrogate_escape_is_refused_by_any_yaml_loader(monkeypatch):
    data = b'---\nfigid: PMC1__f\ncaption: "a \\ud800 b"\n---\n'
    with pytest.raises(RecordError, match="Unicode"):
        read.parse_front_matter(data, "f.md")
    pure = type("PureStringLoader", (yaml.SafeLoader,), {"yaml_implicit_resolvers": {}})
    monkeypatch.setattr(read, "StringLoader", pure)  # as when PyYAML has no libyaml
    with pytest.raises(RecordError, match="Unicode"):
        read.parse_front_matter(data, "f.md")


@pytest.mark.parametrize("figid", ["PMC1__" + "\u00e9" * 90, "PMC1__" + "%" * 100])
def test_figid_that_would_make_too_long_a_file_name_is_refused(figid):
    with pytest.raises(RecordError, match="percent-encoded"):
        normalise.figid_of({"figid": figid}, "f.md")


def test_unicode_digits_never_pass_as_identifiers():
    for value in ["\u0661\u0662", "\uff11\uff12", "\u00b2"]:
        for minter in (iris.ncbigene, iris.taxon, iris.chebi, iris.doid):
            with pytest.raises(iris.IriError):
                minter(value)
        with pytest.raises(iris.IriError):
            iris.paper("PMC" + value)
    assert normalise.year_of({"year": "\uff12\uff10\uff12\uff10"}, normalise.Notes()) is None


def test_doi_keeps_slashes_and_neutralises_dot_segments():
    assert iris.doi("10.1000/a%b/<c>") == "https://doi.org/10.1000/a%25b/%3Cc%3E"
    assert iris.doi("10.1000/../x") == "https://doi.org/10.1000/%2E%2E/x"
