"""find_mentions' pruned scan gives what trying every window gives.

``mentions._Atoms`` skips windows whose look-up key cannot ground (``_may_match``) and
stops widening a window once its key starts no lexicon key. That is only an optimisation:
here a brute-force scan (every window of up to ``MAX_ATOMS`` joined atoms, longest first,
through ``match_form``, as the scan was first written) must agree on generated texts full
of Greek letters, miRNAs, affixes, plurals and possessives, and on corpus captions.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rdfexport.ground import GroundingContext, find_mentions
from rdfexport.ground.mentions import ATOM, JOINERS, MAX_ATOMS, match_form
from rdfexport.lexicon import load_lexicon
from rdfexport.lexicon.textnorm import clean_text

CAPTIONS = Path(__file__).parents[1] / ".." / "shared" / "corpus" / "tables" / "pfocr_curated_captions_2020.tsv"

WORDS = """IL 6 IL-6 TNFα TNF alpha beta β NF κB NF-κB p65 p STAT3 Stat3 miR 21 mir-155 hsa
microRNA let 7 mediated dependent C N MAPKs TLRs cells s 's the of and gamma g secretase
Gamma_secretase kinase protein ROS ATP SET II III NLRP3 inflammasome IKKβ IKKbeta Akt АКТ
phospho total cleaved ERK1 2 ERK Jnk Map3k7 TGF TGF-β1 Wnt catenin GSK-3β PI3K mTOR
insulin vimentin gp130 IL-1R8 RAGE TAZ ZEB1 exo lncRNA H19 KO si sh like ICD NICD
receptor tyrosine kinase orphan ROR1 ROR 1 B cell BCR fascin homologue ubiquitin
proteasome system PCP planar polarity Notch DLL1 JAG1 theta sigma kappa iota zeta""".split()
JOINS = [" ", "-", "  ", "/", ", ", "\n", " -", "- ", " (", ") ", ".", "'s ", "’s "]


def brute_force(text: str, context=None) -> list[tuple]:
    lex = load_lexicon()
    cleaned = clean_text(text)
    atoms = [m.span() for m in ATOM.finditer(cleaned)]
    found, i = [], 0
    while i < len(atoms):
        hit = None
        for j in range(min(len(atoms), i + MAX_ATOMS) - 1, i - 1, -1):
            if not all(JOINERS.match(cleaned[atoms[k][1]:atoms[k + 1][0]]) for k in range(i, j)):
                continue
            start, end = atoms[i][0], atoms[j][1]
            form = match_form(cleaned[start:end], context, lex)
            if form:
                hit = j, start + form.start, start + form.end, form.choice
                break
        if not hit:
            i += 1
            continue
        j, start, end, choice = hit
        if choice.match != "chemical":
            found.append((start, end, choice.target, choice.match, choice.candidates))
        i = j + 1
    return found


def scanned(text: str, context=None) -> list[tuple]:
    return [(m.start, m.end, m.symbol, m.match, m.candidates) for m in find_mentions(text, context)]


texts = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(JOINS)), min_size=1, max_size=14).map(
    lambda pairs: "".join(w + j for w, j in pairs))


@settings(max_examples=300, deadline=None)
@given(texts)
def test_pruned_scan_equals_brute_force(text):
    assert scanned(text) == brute_force(text)


@settings(max_examples=100, deadline=None)
@given(texts, st.sets(st.sampled_from(["SET", "IL6ST", "LRPPRC", "MAPK1", "RELA", "STAT3", "ROR1"])))
def test_pruned_scan_equals_brute_force_with_context(text, symbols):
    context = GroundingContext(frozenset(symbols))
    assert scanned(text, context) == brute_force(text, context)


@pytest.mark.skipif(not CAPTIONS.is_file(), reason="../shared/corpus is not checked out beside the repo")
def test_pruned_scan_equals_brute_force_on_captions():
    with CAPTIONS.open(encoding="utf-8", newline="") as handle:
        captions = [row["caption"] or "" for row in csv.DictReader(handle, delimiter="\t")]
    for caption in captions[::40]:  # 61 captions, a few seconds of brute force
        assert scanned(caption) == brute_force(caption), caption[:80]
