"""Chemical and disease rows remembered across figures give what the plain passes gave.

The plain versions are kept here as the specification: a Chemical or Disease built per row
and de-duplicated with ``dict.fromkeys``, every note in row order.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rdfexport import iris, normalise
from rdfexport.normalise import Notes, _id, iri_part, text
from rdfexport.records import Chemical, Disease


def plain_chemicals_of(rows, notes):
    chems = (
        Chemical(word=text(r.get("word")) or "", name=text(r.get("name")),
                 mesh=iri_part(_id(r.get("mesh"), "mesh:"), "chemicals mesh", iris.mesh, notes),
                 chebi=iri_part(_id(r.get("chebi"), "chebi:"), "chemicals chebi", iris.chebi, notes),
                 match=text(r.get("match")))
        for r in rows if isinstance(r, dict)
    )
    return tuple(dict.fromkeys(c for c in chems if c.word))


def plain_diseases_of(rows, notes):
    diseases = (
        Disease(word=text(r.get("word")) or "", name=text(r.get("name")),
                mesh=iri_part(_id(r.get("mesh"), "mesh:"), "diseases mesh", iris.mesh, notes),
                doid=iri_part(_id(r.get("doid"), "doid:"), "diseases doid", iris.doid, notes))
        for r in rows if isinstance(r, dict)
    )
    return tuple(dict.fromkeys(d for d in diseases if d.word))


@pytest.fixture(autouse=True)
def _fresh_memory():
    normalise._CHEMICAL_ROWS.clear()
    normalise._DISEASE_ROWS.clear()
    yield
    normalise._CHEMICAL_ROWS.clear()
    normalise._DISEASE_ROWS.clear()


CELLS = st.one_of(st.sampled_from(["", "NA", " glucose ", "Glucose", "D005947", "mesh:D005947", "MESH:D1", "chebi:17234",
                                   "17234", "DOID:9352", "doid:9352", "..", "a b", "a/b", "x\ny", "exact", "NaN"]),
                  st.text(max_size=5), st.sampled_from([1, 1.0, True, 0, None, [], ["a"], {}]))
COLUMNS = ["word", "name", "mesh", "chebi", "doid", "match"]
ROW = st.dictionaries(st.sampled_from(COLUMNS), CELLS, max_size=6)
ROWS = st.lists(st.one_of(ROW, ROW, st.just("not a row")), max_size=8)


@settings(max_examples=600, deadline=None)
@given(st.lists(ROWS, min_size=1, max_size=4))
def test_remembered_term_rows_give_the_plain_terms(figures):
    # several figures in a row, then again backwards: later ones meet rows the first ones left
    for rows in figures + figures[::-1]:
        for fast, plain in ((normalise.chemicals_of, plain_chemicals_of), (normalise.diseases_of, plain_diseases_of)):
            notes, plain_notes = Notes(), Notes()
            assert fast(rows, notes) == plain(rows, plain_notes)
            assert notes == plain_notes


def test_notes_come_again_when_a_term_row_is_remembered():
    rows = [{"word": "x", "mesh": ".."}, {"word": "", "chebi": "a/b"}, {"word": "y", "mesh": "D1"}]
    for _ in range(3):
        notes = Notes()
        assert [c.word for c in normalise.chemicals_of(rows, notes)] == ["x", "y"]
        assert len(notes) == 2
    assert len(normalise._CHEMICAL_ROWS) == 3


def test_equal_numbers_of_other_types_are_not_remembered():
    for cell in (1, 1.0, True, "1", 1, True):
        notes = Notes()
        assert normalise.diseases_of([{"word": cell, "doid": cell}], notes) == plain_diseases_of([{"word": cell, "doid": cell}], Notes())
    assert all(all(c is None or c.__class__ is str for c in key) for key in normalise._DISEASE_ROWS)


def test_term_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(normalise, "_TERM_ROWS_MAX", 3)
    rows = [{"word": f"w{n}", "mesh": f"D{n}"} for n in range(10)]
    for _ in range(2):
        assert normalise.chemicals_of(rows, Notes()) == plain_chemicals_of(rows, Notes())
        assert len(normalise._CHEMICAL_ROWS) <= 3
