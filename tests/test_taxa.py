"""The shipped organism-name -> NCBI Taxonomy table (rdfexport/data/taxa.tsv).

(a) every data line parses as ``name<TAB>digits[<TAB>note]``;
(b) every name in the ``organisms`` field of the shared corpus's figure records resolves,
    except the explicit lists below (non-taxa, and real taxa left out until their id is verified);
(c) spot checks of well-known and source-verified ids.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest
import yaml

from rdfexport.ground.organisms import TaxonTable, fold_name

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FIGURES = SHARED / "corpus" / "_figures"

# Not taxa: vernacular groups, sample types, placeholders. They must stay out of the table.
NON_TAXA = {
    "herbal medicine",
    "clinical samples",
    "Plant",
    "Plants",
    "Microbes",
    "Yeast",
    "Virus",
    "Dinoflagellates",
    "Metazoans",
    "Sugarcane",
}

# Real taxa (or strain placeholders) in the corpus's `organisms` field whose id was not verified
# from a source; the table leaves them out rather than guess (see the comment block in taxa.tsv).
UNVERIFIED_TAXA = {
    "Acidihalobacter sp.",
    "Aquitalea denitrificans",
    "Bacillus sp. BY",
    "Betapolyomavirus macacae",
    "Eupatorium lindleyanum",
    "Inula helenium",
    "Mus poschiavinus",
    "Paracentrotus lividus",
    "Paracoccaceae bacterium",
    "Paraechinus aethiopicus",
    "Sulfitobacter delicatus",
}

EXEMPT = {fold_name(n) for n in NON_TAXA | UNVERIFIED_TAXA}


def table_lines() -> list[str]:
    text = resources.files("rdfexport").joinpath("data/taxa.tsv").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def figure_organisms() -> set[str]:
    """Names in the `organisms` field (YAML list or plain string) of every figure record; 'NA' skipped."""
    names: set[str] = set()
    for path in sorted(FIGURES.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        match = re.match(r"---\s*\n(.*?)\n---", text, re.S)
        if not match:
            continue
        value = (yaml.safe_load(match.group(1)) or {}).get("organisms")
        if value is None:
            continue
        for name in [value] if isinstance(value, str) else value:
            name = str(name).strip()
            if name and name != "NA":
                names.add(name)
    return names


def test_every_line_parses():
    lines = table_lines()
    assert len(lines) > 100
    seen: dict[str, str] = {}
    for line in lines:
        fields = line.split("\t")
        assert len(fields) in (2, 3), f"expected name<TAB>taxid[<TAB>note]: {line!r}"
        name, taxid = fields[0], fields[1]
        assert name.strip() == name and name, f"bad name in {line!r}"
        assert re.fullmatch(r"[0-9]+", taxid), f"taxid is not digits-only in {line!r}"
        if len(fields) == 3:
            assert fields[2].strip(), f"empty note column in {line!r}"
        key = fold_name(name)
        assert key not in seen or seen[key] == taxid, f"{name!r} listed twice with different ids"
        seen[key] = taxid


def test_non_taxa_stay_out():
    table = TaxonTable()
    for name in NON_TAXA:
        assert table.taxid(name) is None, f"non-taxon {name!r} must not get a taxid"


@pytest.mark.skipif(not FIGURES.is_dir(), reason="../shared/corpus is not checked out beside the repo")
def test_corpus_organisms_resolve():
    names = figure_organisms()
    assert names, "no organisms found in the corpus figure records"
    table = TaxonTable()
    missing = sorted(n for n in names if fold_name(n) not in EXEMPT and table.taxid(n) is None)
    assert not missing, f"organisms without a taxid in taxa.tsv: {missing}"


@pytest.mark.parametrize(
    ("name", "taxid"),
    [
        ("Homo sapiens", "9606"),
        ("homo  SAPIENS", "9606"),  # case and whitespace folded
        ("Mus musculus", "10090"),
        ("Danio rerio", "7955"),
        ("Drosophila melanogaster", "7227"),
        ("Drosophlia melanogaster", "7227"),  # spelling as in the curated captions table
        ("Caenorhabditis elegans", "6239"),
        ("Saccharomyces cerevisiae", "4932"),
        ("Arabidopsis thaliana", "3702"),
        ("Escherichia coli", "562"),
        ("Escherichia coli BL21DE3", "469008"),
        ("Salmonella typhimurium", "90371"),
        ("Canis familiaris", "9615"),
        ("Bos taurus", "9913"),
        ("Hordeum vulgare L.", "4513"),
        ("Candida lusitaniae", "36911"),
        ("Pennisetum glaucum", "4543"),
        ("Cynoglossus semilaevis", "244447"),
        ("Carassius gibelio", "101364"),
        ("Eutheria", "9347"),
        ("Flaviviridae", "11050"),
        ("SARS-CoV-2", "2697049"),
    ],
)
def test_spot_checks(name, taxid):
    assert TaxonTable().taxid(name) == taxid
