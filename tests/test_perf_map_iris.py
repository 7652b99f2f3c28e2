"""``map.node`` writes an IRI from ``iris`` as ``<iri>`` without building a ``NamedNode``.

That is only right if every IRI ``iris`` mints is printed by pyoxigraph exactly as it is
(no escaping, no normalisation) and is one pyoxigraph accepts (``NamedNode`` validates it;
the line text skips that check). Both are checked here on hostile values for every minter
the mapper calls, and on every IRI the mapper writes for real, generated and hostile records.
"""

from __future__ import annotations

import functools

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rdfexport import iris
from rdfexport import map as mapper

from test_perf_map_oracle import HOSTILE, record_figures, writable_figures  # noqa: F401 - a fixture

values = st.text(alphabet=st.sampled_from(HOSTILE + list("PMC0123456789abcdefWDCM-_ ")), max_size=20) | st.text(max_size=12)
MINTERS = {
    "figure": iris.figure, "figure_page": iris.figure_page, "pmc_image name": lambda v: iris.pmc_image("PMC1", v),
    "pmc_image pmcid": lambda v: iris.pmc_image(v, "f.jpg"), "pmc_figure_page": iris.pmc_figure_page,
    "paper": iris.paper, "pmc_article_page": iris.pmc_article_page, "doi": iris.doi,
    "doi suffix": lambda v: iris.doi("10.1000/" + v), "taxon": iris.taxon, "ncbigene": iris.ncbigene,
    "hgnc_symbol": iris.hgnc_symbol, "famplex": iris.famplex, "chebi": iris.chebi, "mesh": iris.mesh,
    "doid": iris.doid, "wikipathways": iris.wikipathways, "ndex": iris.ndex,
    "gene_mention figid": lambda v: iris.gene_mention(v, "7124", "TNF"),
    "gene_mention id": lambda v: iris.gene_mention("PMC1__F1", v, "TNF"),
    "gene_mention word": lambda v: iris.gene_mention("PMC1__F1", "7124", v),
    "interaction figid": lambda v: iris.interaction(v, "TNF-Binding-IL6"),
    "interaction key": lambda v: iris.interaction("PMC1__F1", v),
}


def assert_printed_as_is(iri: str) -> None:
    assert mapper.node(iri) == str(ox.NamedNode(iri)) == f"<{ox.NamedNode(iri).value}>"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=values, minter=st.sampled_from(sorted(MINTERS)))
def test_minted_iris_are_printed_as_they_are(value, minter):
    try:
        iri = MINTERS[minter](value)
    except iris.IriError:
        return
    assert_printed_as_is(iri)


def test_the_check_fails_on_an_iri_pyoxigraph_would_refuse():
    with pytest.raises(ValueError):
        assert_printed_as_is("http://example.org/a b")


def _recording_nodes(monkeypatch) -> list[str]:
    seen: list[str] = []
    original = mapper.node

    def node(iri: str) -> str:
        seen.append(iri)
        return original(iri)

    monkeypatch.setattr(mapper, "node", node)
    for cached in vars(mapper).values():  # so cached gene nodes are minted (and recorded) again
        if isinstance(cached, functools._lru_cache_wrapper):
            cached.cache_clear()
    return seen


def test_every_iri_written_for_records_is_printed_as_is(record_figures, monkeypatch):
    seen = _recording_nodes(monkeypatch)
    for fig in record_figures:
        mapper.map_figure_ntriples(fig)
    assert len(set(seen)) > 1000
    for iri in set(seen):
        assert_printed_as_is(iri)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(fig=writable_figures)
def test_every_iri_written_for_hostile_figures_is_printed_as_is(fig, monkeypatch):
    seen = _recording_nodes(monkeypatch)
    try:
        mapper.map_figure_ntriples(fig)
    except iris.IriError:  # e.g. a figlink of '/': the figure is refused, nothing is written
        return
    for iri in set(seen):
        assert_printed_as_is(iri)
