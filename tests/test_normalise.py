"""Odd values of the real corpus become clean records; unusable fields are reported."""

from __future__ import annotations

import pytest

from rdfexport.errors import RecordError
from rdfexport.normalise import normalise_record
from rdfexport.read import Source, read_record
from conftest import write_record

BASE = """
figid: PMC1__F1
pmcid: PMC1
figtitle: A title
caption: A caption
"""


def figure_from(tmp_path, extra: str = "", base: str = BASE):
    path = write_record(tmp_path, "rec.md", base + extra)
    return normalise_record(read_record(Source(str(path))))


@pytest.mark.parametrize("na", [".na.character", "NA", "''", "[NA]", "[]", "", "null"])
def test_every_spelling_of_no_value_is_no_value(tmp_path, na):
    fig = figure_from(tmp_path, f"doi: {na}\njournal_title: {na}\norganisms: {na}\n")
    assert fig.paper.doi is None and fig.paper.journal_title is None and fig.organisms == ()


def test_na_inside_a_list_is_dropped_and_plain_string_is_a_list(tmp_path):
    fig = figure_from(tmp_path, "organisms:\n- NA\n- Homo sapiens\norganisms_ner: Mus musculus\n")
    assert [o.name for o in fig.organisms] == ["Homo sapiens"]
    assert [o.name for o in fig.organisms_ner] == ["Mus musculus"]


@pytest.mark.parametrize("link", ["/pmc/articles/PMC1/figure/F1/", "pmc/articles/PMC1/figure/F1/"])
def test_figlink_with_or_without_leading_slash(tmp_path, link):
    assert figure_from(tmp_path, f"figlink: {link}\n").figlink == "pmc/articles/PMC1/figure/F1/"


@pytest.mark.parametrize("number,expected", [("F4", "F4"), ("Figure 4", "F4"), ("Fig. 12", "F12"), ("S3", "S3")])
def test_figure_number_forms(tmp_path, number, expected):
    assert figure_from(tmp_path, f"number: {number}\n").number == expected


def test_pipe_joined_keywords_are_split(tmp_path):
    fig = figure_from(tmp_path, "keywords: osteoblasts | metabolism |  glutamine\n")
    assert fig.paper.keywords == ("osteoblasts", "metabolism", "glutamine")


def test_yaml_scalars_stay_strings(tmp_path):
    fig = figure_from(tmp_path, "journal_nlm_ta: NO\npublisher_name: ON\nfigid_alias: 1e5\n")
    assert (fig.paper.journal_nlm_ta, fig.paper.publisher, fig.figid_alias) == ("NO", "ON", "1e5")


def test_title_that_yaml_would_read_as_boolean_stays_text(tmp_path):
    base = BASE.replace("figtitle: A title", "figtitle: yes")
    assert figure_from(tmp_path, base=base).title == "yes"


@pytest.mark.parametrize("field,value", [("automl_pathway", "1.7"), ("automl_pathway", "abc"),
                                         ("year", "2020a"), ("year", "20")])
def test_unusable_optional_field_is_left_out_and_noted(tmp_path, field, value):
    fig = figure_from(tmp_path, f"{field}: '{value}'\n")
    assert fig.automl_score is None and fig.paper.year is None
    assert any(note.startswith(field) for note in fig.notes)


def test_nan_score_is_no_score(tmp_path):
    assert figure_from(tmp_path, "automl_pathway: NaN\n").automl_score is None


def test_score_from_either_layout(tmp_path):
    assert figure_from(tmp_path, "automl_pathway: 0.96\n").automl_score == pytest.approx(0.96)
    assert figure_from(tmp_path, "pathway_score: 0.9\n").automl_score == pytest.approx(0.9)


def test_missing_figid_refuses_the_record_naming_file_and_field(tmp_path):
    with pytest.raises(RecordError) as err:
        figure_from(tmp_path, base="pmcid: PMC1\n")
    assert err.value.field == "figid" and "rec.md" in err.value.path


def test_pmcid_falls_back_to_the_figid_prefix_and_bad_pmcid_refuses(tmp_path):
    assert figure_from(tmp_path, base="figid: PMC77__F1\n").paper.pmcid == "PMC77"
    with pytest.raises(RecordError) as err:
        figure_from(tmp_path, base="figid: X__F1\npmcid: 12345\n")
    assert err.value.field == "pmcid"


def test_2021_inline_gene_list_gives_human_genes_and_families(tmp_path):
    fig = figure_from(tmp_path, """
genes:
- word: Akt
  symbol: AKT
  source: bioentities_symbol
  hgnc_symbol: AKT1
  entrez: '207'
- word: MurF
""")
    assert fig.layout == "2021"
    (gene,) = fig.genes
    assert (gene.ncbigene_id, gene.symbol, gene.taxid, gene.word) == ("207", "AKT1", "9606", "Akt")
    assert fig.gene_words == ("MurF",)


def test_current_layout_gene_table_keeps_each_species(corpus):
    from rdfexport.read import discover

    (source,) = discover([str(corpus / "_figures" / "PMC7048131__12964_2020_527_Fig4_HTML.md")])
    fig = normalise_record(read_record(source))
    by_taxon = {g.taxid for g in fig.genes}
    assert {"9606", "10090", "7955"} <= by_taxon
    assert ("3569", "IL6") in {(g.ncbigene_id, g.symbol) for g in fig.genes if g.taxid == "9606"}
