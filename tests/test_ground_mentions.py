"""find_mentions / ground_name on strings: normalisations, ambiguity, false positives."""

from __future__ import annotations

import pytest

from rdfexport.cli import main
from rdfexport.ground import GroundingContext, find_mentions, ground_name


def symbols(text: str, context=None) -> list[tuple[str, str | None]]:
    return [(m.text, m.symbol) for m in find_mentions(text, context)]


@pytest.mark.parametrize("text, symbol", [
    ("IL-6", "IL6"), ("IL6", "IL6"), ("KLF-11", "KLF11"), ("TNFα", "TNF"), ("TNF-alpha", "TNF"),
    ("IKKβ", "IKBKB"), ("ERR-α", "ESRRA"), ("IL-1β", "IL1B"), ("NF-κB", "FPLX:NFkappaB"),
    ("NF‐κB", "FPLX:NFkappaB"), ("TGF–β", "FPLX:TGFB"), ("g-secretase", "FPLX:Gamma_secretase"),
    ("АКТ", "FPLX:AKT"), ("Stat3", "STAT3"), ("stat3", "STAT3"), ("p-STAT3", "STAT3"),
    ("MUC1-C", "MUC1"), ("NICD", "FPLX:Notch"), ("MAPKs", "FPLX:MAPK"), ("vimentin", "VIM"),
    ("NF-κB p65", "RELA"), ("IL-1R8", "SIGIRR"), ("IL1R8", "IL1RAPL1"), ("RAGE", "AGER"),
    ("TAZ", "WWTR1"), ("hsa‐miR‐145", "MIR145"), ("exo-miR-15b-3p", "MIR15B"),
])
def test_normalised_forms_ground(text, symbol):
    assert ground_name(text).symbol == symbol


def test_offsets_index_the_callers_string():
    text = "Phosphorylated STAT3 induces VASP; OSM-mediated SMAD3 and p-STAT3 via АКТ."
    found = find_mentions(text)
    assert [(m.text, m.symbol) for m in found] == [
        ("STAT3", "STAT3"), ("VASP", "VASP"), ("OSM", "OSM"), ("SMAD3", "SMAD3"),
        ("p-STAT3", "STAT3"), ("АКТ", "FPLX:AKT")]
    assert all(text[m.start:m.end] == m.text for m in found)
    assert found[0].ncbigene_id == "6774"


def test_longest_match_and_hyphen_chains():
    assert symbols("Map3k7-Jnk and NF-κB p65") == [("Map3k7", "MAP3K7"), ("Jnk", "FPLX:JNK"), ("NF-κB p65", "RELA")]


@pytest.mark.parametrize("text", [
    "The cells CAN AND SET MAY ACT in phase II of type I and III disease.",
    "ROS and ATP and NO are made; a cat sat on the mat at 5 min.",
    "We can set it up so it may act as a key role in cell death.",
])
def test_english_words_chemicals_and_numerals_are_no_genes(text):
    assert symbols(text) == []


def test_ambiguous_alias_is_reported_then_resolved_by_context():
    alone = ground_name("gp130")
    assert alone.symbol is None and set(alone.candidates) == {"IL6ST", "LRPPRC"}
    both = GroundingContext(frozenset({"IL6", "IL6R", "IL6ST", "LRPPRC"}))
    assert ground_name("gp130", both).symbol == "IL6ST"  # stem shared with IL6/IL6R
    only = GroundingContext(frozenset({"LRPPRC"}))
    resolved = ground_name("gp130", only)
    assert resolved.symbol == "LRPPRC" and resolved.match == "context"


def test_stopword_grounds_only_when_the_record_names_the_gene():
    assert ground_name("SET").symbol is None
    assert ground_name("SET", GroundingContext(frozenset({"SET"}))).symbol == "SET"


@pytest.mark.parametrize("text, kind, members", [
    ("ZEB1/2", "list", ("ZEB1", "ZEB2")), ("LRP-5/6", "list", ("LRP5", "LRP6")),
    ("IL-6/JAK/STAT3 pathways", "chain", ("IL6", "FPLX:JAK", "STAT3")),
])
def test_lists_and_chains(text, kind, members):
    result = ground_name(text)
    assert (result.kind, result.members) == (kind, members)


def test_species_aware_ids():
    fish = ground_name("smad3a", organism="7955")
    assert (fish.symbol, fish.ncbigene_ids, fish.taxid) == ("SMAD3", ("58092",), "7955")
    mouse = ground_name("Il6", organism="10090")
    assert (mouse.ncbigene_ids, mouse.taxid, mouse.orthologue_for_taxid) == (("3569",), "9606", "10090")


def test_keywords_classify():
    from rdfexport.ground import classify_keywords

    kinds = {c.keyword: (c.kind, c.taxid) for c in classify_keywords(["IL6", "Il6", "smad3a", "AKT", "glucose", "Breast cancer", "xyzzy"])}
    assert kinds == {"IL6": ("gene", "9606"), "Il6": ("gene", "10090"), "smad3a": ("gene", "7955"),
                     "AKT": ("family", None), "glucose": ("chemical", None),
                     "Breast cancer": ("disease", None), "xyzzy": ("unknown", None)}


def test_cli_ground_prints_tsv(capsys):
    assert main(["ground", "IL-6", "gp130", "--format", "tsv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("name\tnormalised\tsymbol")
    assert lines[1].split("\t")[:5] == ["IL-6", "IL6", "IL6", "gene", "3569"]
    assert "IL6ST,LRPPRC" in lines[2]


def test_cli_ground_rejects_a_bad_organism(capsys):
    assert main(["ground", "IL6", "--organism", "mouse"]) == 2
