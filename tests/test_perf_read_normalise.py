"""The cheaper normalise passes give what the plain ones gave.

The plain versions are kept here as the specification: ``text`` without its shortcuts, the
character-by-character control and space checks, and ``genes_of`` building a Gene per row
and de-duplicating with ``dict.fromkeys``.
"""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from rdfexport import iris, normalise
from rdfexport.normalise import NA_VALUES, Notes, iri_part, is_number, shown
from rdfexport.records import Gene


def plain_text(value):
    if value is None or isinstance(value, (dict, list)):
        return None
    value = str(value).strip()
    return None if value.casefold() in NA_VALUES else value


def plain_has_control_chars(value: str) -> bool:
    return any(unicodedata.category(c) in {"Cc", "Cf", "Zl", "Zp", "Cs"} for c in value)


def plain_genes_of(rows, default_taxid, notes):
    genes, words = [], []
    for row in rows:
        if not isinstance(row, dict):
            continue
        word = plain_text(row.get("word")) or ""
        gene_id = plain_text(row.get("ncbigene_id")) or plain_text(row.get("entrez"))
        symbol = plain_text(row.get("ncbigene_symbol")) or plain_text(row.get("hgnc_symbol")) or plain_text(row.get("symbol"))
        if gene_id is None:
            if word:
                words.append(word)
            continue
        if not is_number(gene_id):
            notes.drop("genes", gene_id, f"NCBI Gene id of {shown(word)} is not numeric")
            continue
        taxid = plain_text(row.get("organism_id")) or default_taxid
        genes.append(Gene(
            ncbigene_id=gene_id, symbol=symbol or gene_id, word=word,
            taxid=taxid if taxid and is_number(taxid) else None,
            match=plain_text(row.get("source")) or "", source="table",
            hgnc_symbol=iri_part(plain_text(row.get("hgnc_symbol")) or (symbol if taxid == "9606" else None),
                                 "genes hgnc_symbol", iris.hgnc_symbol, notes),
        ))
    return tuple(dict.fromkeys(genes)), tuple(dict.fromkeys(words))


# NA spellings in odd cases and look-alikes (casefold maps the Kelvin sign to 'k', 'ß' to 'ss')
ODD = ["NA", "nA", " na ", "N/A", ".NA.character", "NaN", "NULL", "None", "ＮＡ", "\u212a", "ß", "ﬁ",
       "\xa0NA\xa0", "\u2003", "\x85na", "", " ", "n a", "nan" * 5, ".na.characters", "\u0130"]
VALUES = st.one_of(st.sampled_from(ODD), st.text(max_size=16), st.none(), st.integers(),
                   st.floats(allow_nan=True), st.booleans(), st.just([]), st.just({}))


@settings(max_examples=1000, deadline=None)
@given(VALUES)
def test_text_is_the_plain_text(value):
    assert normalise.text(value) == plain_text(value)


def test_control_and_space_checks_on_every_ascii_character():
    for code in range(128):
        for value in (chr(code), f"a{chr(code)}b"):
            assert normalise.has_control_chars(value) == plain_has_control_chars(value), code
            expected = plain_has_control_chars(value) or any(c.isspace() for c in value)
            assert normalise.has_space_or_control(value) == expected, code


@settings(max_examples=800, deadline=None)
@given(st.text(max_size=12))
def test_control_and_space_checks_on_any_text(value):
    assert normalise.has_control_chars(value) == plain_has_control_chars(value)
    assert normalise.has_space_or_control(value) == (plain_has_control_chars(value) or any(c.isspace() for c in value))


CELLS = st.one_of(st.sampled_from(["", "NA", " 7157 ", "7157", "672", "x12", "９", "9606", "10090", "TP53", "BRCA1",
                                   ".", "..", "a b", "hgnc_symbol", "bioentities_symbol"]), st.text(max_size=6))
COLUMNS = ["word", "ncbigene_id", "entrez", "ncbigene_symbol", "hgnc_symbol", "symbol", "organism_id", "source"]
ROWS = st.lists(st.one_of(st.dictionaries(st.sampled_from(COLUMNS), CELLS, max_size=8), st.just("not a row")), max_size=12)


@settings(max_examples=800, deadline=None)
@given(st.one_of(ROWS, ROWS.map(lambda rows: rows + rows)), st.sampled_from([None, "9606"]))
def test_genes_of_is_the_plain_genes_of(rows, default_taxid):
    notes, plain_notes = Notes(), Notes()
    assert normalise.genes_of(rows, default_taxid, notes) == plain_genes_of(rows, default_taxid, plain_notes)
    assert notes == plain_notes


def test_iri_part_notes_every_time_even_when_remembered():
    for _ in range(2):
        notes = Notes()
        assert iri_part("..", "genes hgnc_symbol", iris.hgnc_symbol, notes) is None
        assert iri_part("TP53", "genes hgnc_symbol", iris.hgnc_symbol, notes) == "TP53"
        assert len(notes) == 1 and "relative path step" in notes[0]
