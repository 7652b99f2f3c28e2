"""Gene rows remembered across figures give what reading each row afresh gives.

``plain_genes_of`` (tests/test_perf_read_normalise.py) is the specification: a Gene per row,
de-duplicated with ``dict.fromkeys``, every note in row order.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rdfexport import normalise
from rdfexport.normalise import Notes

from test_perf_read_normalise import CELLS, COLUMNS, plain_genes_of

# cells of every type an inline (2021) row or a hand-made RawRecord may hold; 1, 1.0 and True
# are equal keys with different texts, '1' is not equal to any of them
ODD_CELLS = st.one_of(CELLS, st.sampled_from([1, 1.0, True, 0, False, None, 7157, 7157.0, [], ["7157"], {}]))
ROW = st.dictionaries(st.sampled_from(COLUMNS), ODD_CELLS, max_size=8)
ROWS = st.lists(st.one_of(ROW, st.just("not a row")), max_size=10)


@pytest.fixture(autouse=True)
def _fresh_memory():
    normalise._GENE_ROWS.clear()
    yield
    normalise._GENE_ROWS.clear()


def _check(rows, default_taxid):
    notes, plain_notes = Notes(), Notes()
    assert normalise.genes_of(rows, default_taxid, notes) == plain_genes_of(rows, default_taxid, plain_notes)
    assert notes == plain_notes


@settings(max_examples=600, deadline=None)
@given(st.lists(ROWS, min_size=1, max_size=4), st.sampled_from([None, "9606"]))
def test_remembered_rows_give_the_plain_genes_of(figures, default_taxid):
    # several figures in a row: later ones meet rows (or equal-looking rows) the first ones left
    for rows in figures + figures[::-1]:
        _check(rows, default_taxid)


def test_the_default_taxon_is_part_of_what_is_remembered():
    rows = [{"word": "p53", "ncbigene_id": "7157", "ncbigene_symbol": "TP53"}]
    for default_taxid in (None, "9606", None):
        genes, _ = normalise.genes_of(rows, default_taxid, Notes())
        assert genes[0].taxid == default_taxid and genes[0].hgnc_symbol == ("TP53" if default_taxid else None)


def test_notes_come_again_when_a_row_is_remembered():
    rows = [{"word": "x", "ncbigene_id": "x12"}, {"word": "y", "ncbigene_id": "1", "hgnc_symbol": ".."}]
    for _ in range(3):
        _check(rows, None)
    assert len(normalise._GENE_ROWS) == 2


def test_numbers_equal_to_each_other_are_not_confused():
    for cell in (1, 1.0, True, "1", 1, True):
        _check([{"word": "w", "ncbigene_id": cell, "organism_id": cell}], None)
    assert all(all(c is None or c.__class__ is str for c in key) for key in normalise._GENE_ROWS)


def test_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(normalise, "_GENE_ROWS_MAX", 3)
    rows = [{"word": f"w{n}", "ncbigene_id": str(n), "organism_id": "9606"} for n in range(10)]
    for _ in range(2):
        _check(rows, None)
        assert len(normalise._GENE_ROWS) <= 3
