"""ground_figure on corpus records: keyword genes with species-aware ids, table genes kept."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from rdfexport.ground import TaxonTable, ground_figure
from rdfexport.records import Figure, Gene, Paper

SHARED = Path(__file__).parents[1] / ".." / "shared"
CORPUS = SHARED / "corpus"
SEED = "PMC7048131__12964_2020_527_Fig4_HTML"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not checked out beside the repo")


def load(figid: str, with_tables: bool) -> Figure:
    from rdfexport.normalise import normalise_record
    from rdfexport.read import Source, read_record

    tables = (CORPUS / "_data",) if with_tables else ()
    return normalise_record(read_record(Source(str(CORPUS / "_figures" / f"{figid}.md"), tables)))


def table_human_ids(figid: str) -> set[str]:
    path = CORPUS / "_data" / f"{figid}-genes.tsv"
    with path.open(encoding="utf-8") as handle:
        return {r["ncbigene_id"] for r in csv.DictReader(handle, delimiter="\t") if r["organism_id"] == "9606"}


def figures_with_tables() -> list[str]:
    if not CORPUS.is_dir():
        return []
    return sorted(p.name.removesuffix("-genes.tsv") for p in (CORPUS / "_data").glob("*-genes.tsv"))


@needs_corpus
def test_keywords_recover_the_withheld_tables_human_ids():
    found = expected = 0
    for figid in figures_with_tables():
        grounded = ground_figure(load(figid, with_tables=False), TaxonTable())
        ids = {g.ncbigene_id for g in grounded.genes if g.taxid == "9606"}
        table = table_human_ids(figid)
        missing = table - ids
        print(f"{figid}: {len(table & ids)}/{len(table)} missing {sorted(missing)}")
        found, expected = found + len(table & ids), expected + len(table)
        assert all(g.source == "keyword" and g.match for g in grounded.genes), "unreported additions"
    print(f"recovered {found}/{expected} = {found / expected:.1%}")
    assert found / expected >= 0.90


@needs_corpus
def test_seed_figure_has_human_mouse_and_zebrafish_genes():
    grounded = ground_figure(load(SEED, with_tables=False), TaxonTable())
    human = {g.ncbigene_id for g in grounded.genes if g.taxid == "9606" and not g.orthologue_for_taxid}
    assert {"3569", "3570", "3572", "6774", "7291"} <= human  # IL6 IL6R IL6ST STAT3 TWIST1
    fish = {g.word: g for g in grounded.genes if g.taxid == "7955"}
    assert fish["stat3"].ncbigene_id == "30767" and fish["stat3"].hgnc_symbol == "STAT3"
    assert fish["smad3a"].ncbigene_id == "58092"
    mouse = [g for g in grounded.genes if g.orthologue_for_taxid == "10090"]
    assert mouse and all(g.taxid == "9606" for g in mouse)  # no mouse ids shipped: human stands in
    assert "Breast cancer" in {d.word for d in grounded.diseases}
    assert grounded.keywords == load(SEED, with_tables=False).keywords


@needs_corpus
def test_table_genes_are_kept_and_given_human_symbols():
    figure = load(SEED, with_tables=True)
    grounded = ground_figure(figure, TaxonTable())
    kept = grounded.genes[: len(figure.genes)]
    assert [g.ncbigene_id for g in kept] == [g.ncbigene_id for g in figure.genes]
    mouse_stat3 = [g for g in grounded.genes if g.ncbigene_id == "20848"]
    assert mouse_stat3 and mouse_stat3[0].hgnc_symbol == "STAT3"


def test_ground_figure_keeps_organism_resolution():
    from rdfexport.records import Organism

    figure = Figure("PMC1__f1", "x.md", "current", "t", "c", Paper("PMC1"),
                    organisms=(Organism("Homo sapiens"), Organism("herbal medicine")),
                    keywords=("IL6", "Il6", "glucose", "Breast cancer", "xyzzy"))
    grounded = ground_figure(figure, TaxonTable())
    assert grounded.organisms[0].taxid == "9606" and grounded.organisms[1].taxid is None
    assert {g.ncbigene_id for g in grounded.genes} == {"3569"}
    mouse = [g for g in grounded.genes if g.word == "Il6"]
    assert mouse[0].orthologue_for_taxid == "10090" and mouse[0].taxid == "9606"
    assert [c.word for c in grounded.chemicals] == ["glucose"]
    assert grounded.keywords == figure.keywords
