"""The lexicon loader's bulk key folding agrees with ``lookup_keys`` name by name, and its
index, memo and lazy sections behave as the one-name API says."""

from __future__ import annotations

import re

from rdfexport.lexicon import Lexicon, load_lexicon, parse_lexicon
from rdfexport.lexicon.textnorm import _SPELLED, long_keys, lookup_keys, short_key, spelled_greek

NAMES = ["IL-6", "TNFα", "TNF-alpha", "IKKβ", "IKK beta", "Alzheimer's", "NF‐κB", "p38 MAPK",
         "alphabet", "ALPHA", "", "-", "g-secretase", "Müller", "β-catenin", "kappa", "Rho’s"]


def test_bulk_keys_equal_one_by_one():
    assert long_keys(NAMES) == [lookup_keys(n)[0] for n in NAMES]
    assert [short_key(k) for k in long_keys(NAMES)] == [lookup_keys(n)[1] for n in NAMES]


def test_spelled_greek_finds_every_key_with_a_short_form():
    keys = long_keys(NAMES) + ["AL", "PHA", "XKAP", "PAY"]  # no word across two keys
    assert spelled_greek(keys) == [i for i, k in enumerate(keys) if _SPELLED.search(k)]


def test_every_shipped_name_is_indexed_under_its_keys():
    lex = load_lexicon()
    for key, entries in list(lex.long_index.items())[::97]:
        assert all(lookup_keys(surface)[0] == key for _, _, surface in entries)
    for key, entries in lex.short_index.items():
        assert all(lookup_keys(surface)[1] == key != lookup_keys(surface)[0] for _, _, surface in entries)


def test_index_keeps_file_order_and_add_name_appends():
    lex = parse_lexicon("T\tGAP\tFPLX:GAP\tfamplex\nT\tgap\tCHEBI:1\tx\nT\tIL-6\tIL6\tx\n")
    assert [e.target for e in lex.entries("GAP")] == ["FPLX:GAP", "CHEBI:1"]
    lex.add_name("GAP", "RASA1", 2)
    assert [e.target for e in lex.entries("Gap")] == ["FPLX:GAP", "CHEBI:1", "RASA1"]
    assert lex.has_key("IL6") and not lex.has_key("IL7")
    assert lex.starts_key("IL") and not lex.starts_key("IL7")


def test_sections_are_parsed_on_first_use():
    lex = parse_lexicon("G\t1\tSTAT3\t6774\tsignal\t\t\t\tp\t\t\nM\tMGI:1\tStat3\t\tSTAT3\n"
                        "Z\tstat3\t30767\t6774\nC\tD1\tglucose\tdextrose\n")
    assert lex._term_lines and lex._terms is None
    assert lex.terms["dextrose"].ident == "MESH:D1" and not lex._term_lines
    assert set(lex.model) == {"10090", "7955"}
    assert lex.model["7955"]["stat3"][0].human == ("STAT3",)
    assert lex.model.get("10116") is None


def test_empty_lexicon():
    lex = parse_lexicon("")
    assert isinstance(lex, Lexicon) and not lex.entries("IL6") and not lex.starts_key("I")
