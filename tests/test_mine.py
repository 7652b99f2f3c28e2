"""Caption miner: sentence splitting, notation, relation patterns, scoring, CLI, dev gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rdfexport.cli import main as cli_main
from rdfexport.mine import mine_text
from rdfexport.mine.score import key, mine_gold_figures, read_gold, score
from rdfexport.mine.sentences import numbered, split_sentences
from rdfexport.records import Interaction, Mention

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLD = SHARED / "eval" / "captions_gold_dev.tsv"
FIGURES = SHARED / "corpus" / "_figures"
SEED = FIGURES / "PMC7048131__12964_2020_527_Fig4_HTML.md"
needs_shared = pytest.mark.skipif(not GOLD.exists(), reason="shared/ eval material not present")

# A hand-made lexicon, so pattern tests do not depend on grounding.
LEXICON = {
    "STAT3": "STAT3", "MMP2": "MMP2", "MMP9": "MMP9", "Twist": "TWIST1", "IL-6": "IL6", "JAK": "FPLX:JAK",
    "IL-6R": "IL6R", "gp130": "IL6ST", "Wwox": "WWOX", "ERR-α": "ESRRA", "TFEB": "TFEB", "AKT": "FPLX:AKT",
    "OSM": "OSM", "SMAD3": "SMAD3", "NOD1": "NOD1", "NOD2": "NOD2", "NF-κB": "FPLX:NFkappaB", "TLR4": "TLR4",
    "MyD88": "MYD88", "Rheb": "RHEB", "mTORC1": "FPLX:mTORC1", "GSK3": "FPLX:GSK3", "Wnt": "FPLX:Wnt",
    "SYK": "SYK", "BTK": "BTK", "PI3K": "FPLX:PI3K", "IL-37": "IL37", "BACE1": "BACE1", "NRG3": "NRG3",
    "APP": "APP", "TNFα": "TNF", "IKKβ": "IKBKB", "HMGB1": "HMGB1", "VEGF-A": "VEGFA", "JNK": "FPLX:JNK",
    "PIM1": "PIM1", "MEST": "MEST", "NLRC5": "NLRC5", "TGF-β": "FPLX:TGFB", "Smad": "FPLX:SMAD",
}


def find(text: str, context=None) -> list[Mention]:
    """Longest-first exact look-up of LEXICON names at word boundaries."""
    found, taken = [], set()
    for name in sorted(LEXICON, key=len, reverse=True):
        at = text.find(name)
        while at >= 0:
            end = at + len(name)
            bounded = (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum())
            if bounded and not taken & set(range(at, end)):
                found.append(Mention(at, end, name, LEXICON[name]))
                taken |= set(range(at, end))
            at = text.find(name, at + 1)
    return sorted(found, key=lambda m: m.start)


def name(text: str, context=None):
    return LEXICON.get(text)


def edges(text: str, **flags) -> set[tuple[str, str, str]]:
    found = mine_text(text, finder=(find, name))
    return {(i.source_symbol, i.target_symbol, i.wp_class) for i in found
            if all(getattr(i, f) == v for f, v in flags.items())}


# --- sentences ---------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Infection by H. pylori (e.g. strain 26695, see Fig. 2) activates NF-κB. TLR4 binds MyD88.", 2),
    ("Abbreviations: AKT, kinase; JAK, Janus kinase. STAT3 binds.", 3),
    ("Signalling in nephropathyThe NLRP3 inflammasome is shown. Kim et al. found it", 3),
    ("The pathway (see text. And more) ends here. Next one", 2),
])
def test_sentence_split_survives_abbreviations_and_parentheses(text, expected):
    sentences = numbered(split_sentences(text))
    assert len(sentences) == expected
    assert all(text[s.start:s.end] == s.text for s in sentences)


# --- relation patterns -------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("STAT3 activates the transcription of MMP2, MMP9 and Twist.",
     {("STAT3", s, "TranscriptionTranslation") for s in ("MMP2", "MMP9", "TWIST1")}),
    ("ERR-α can be transcriptionally activated by STAT3.", {("STAT3", "ESRRA", "TranscriptionTranslation")}),
    ("TFEB can activate the phosphorylation of STAT3 and AKT.",
     {("TFEB", "STAT3", "Stimulation"), ("TFEB", "FPLX:AKT", "Stimulation")}),
    ("PIM1 induced by STAT3 is shown.", {("STAT3", "PIM1", "Stimulation")}),
    ("BACE1 directly cleaves NRG3.", {("BACE1", "NRG3", "Conversion")}),
    ("APP is cleaved by BACE1.", {("BACE1", "APP", "Conversion")}),
    ("TLR4 promotes activation of MyD88, leading to NF-κB activation.",
     {("TLR4", "MYD88", "Stimulation"), ("MYD88", "FPLX:NFkappaB", "Stimulation")}),
    ("Rheb, a potent mTORC1 activator, is shown.", {("RHEB", "FPLX:mTORC1", "Stimulation")}),
    ("mTORC1 is controlled by Wnt signaling (through GSK3) and by TNFα (through IKKβ).",
     {("FPLX:Wnt", "FPLX:mTORC1", "DirectedInteraction"), ("FPLX:Wnt", "FPLX:GSK3", "DirectedInteraction"),
      ("FPLX:GSK3", "FPLX:mTORC1", "DirectedInteraction"), ("TNF", "FPLX:mTORC1", "DirectedInteraction"),
      ("TNF", "IKBKB", "DirectedInteraction"), ("IKBKB", "FPLX:mTORC1", "DirectedInteraction")}),
    ("HMGB1 mediates secretion of VEGF-A through the JNK signaling pathway.",
     {("HMGB1", "VEGFA", "Translocation"), ("HMGB1", "FPLX:JNK", "Stimulation"),
      ("FPLX:JNK", "VEGFA", "Translocation")}),
    ("NOD1/2 can activate NF-κB.", {("NOD1", "FPLX:NFkappaB", "Stimulation"), ("NOD2", "FPLX:NFkappaB", "Stimulation")}),
    ("MEST and NLRC5 affect the JNK and TGF-β/Smad pathways, respectively.",
     {("MEST", "FPLX:JNK", "DirectedInteraction"), ("NLRC5", "FPLX:TGFB", "DirectedInteraction"),
      ("FPLX:TGFB", "FPLX:SMAD", "Stimulation")}),
    ("BCR signaling causes a signalosome containing SYK, BTK and PI3K to form.",
     {("BTK", "SYK", "ComplexBinding"), ("FPLX:PI3K", "SYK", "ComplexBinding"),
      ("BTK", "FPLX:PI3K", "ComplexBinding")}),
])
def test_relation_patterns(text, expected):
    assert {_unordered(e) for e in edges(text)} == {_unordered(e) for e in expected}


def _unordered(edge):
    s, t, c = edge
    return (*sorted((s, t)), c) if c in ("Binding", "ComplexBinding") else edge


def test_slash_chain_and_regulated_binding_and_mediated():
    found = edges("Classical IL-6/JAK/STAT3 pathways activate MMP9. Wwox can inhibit the binding of IL-6 and "
                  "IL-6R/gp130. OSM-mediated SMAD3 upregulates STAT3.")
    assert {("IL6", "FPLX:JAK", "Stimulation"), ("FPLX:JAK", "STAT3", "Stimulation"),
            ("STAT3", "MMP9", "Stimulation")} <= found  # a pathway acts through its end point
    assert {("WWOX", t, "Inhibition") for t in ("IL6", "IL6R", "IL6ST")} <= found
    assert {("IL6", "IL6R", "Binding"), ("IL6", "IL6ST", "Binding"), ("IL6R", "IL6ST", "ComplexBinding")} <= found
    assert {("OSM", "SMAD3", "Stimulation"), ("SMAD3", "STAT3", "Stimulation")} <= found
    assert ("IL6", "MMP9", "Stimulation") not in found


def test_negation_and_hedging_are_flagged():
    assert edges("STAT3 does not activate MMP9.", negated=True) == {("STAT3", "MMP9", "Stimulation")}
    assert edges("MMP2 is not induced by STAT3.", negated=True) == {("STAT3", "MMP2", "Stimulation")}
    assert edges("STAT3 may activate MMP9.", hedged=True, negated=False) == {("STAT3", "MMP9", "Stimulation")}
    assert edges("STAT3 can activate MMP9.", hedged=False) == {("STAT3", "MMP9", "Stimulation")}
    assert edges("A proposed model: HMGB1 induces VEGF-A.", hedged=True) == {("HMGB1", "VEGFA", "Stimulation")}


def test_no_invented_edges():
    assert edges("AKT, protein kinase B; JAK, Janus kinase; STAT3, a transcription factor.") == set()
    assert edges("STAT3 and MMP9 are shown in red, whereas TFEB is in blue.") == set()
    assert edges("The HMGB1 inhibitor glycyrrhizin blocks JNK.") == set()
    assert edges("Metastasis can be suppressed by MEST.") == set()


# --- scoring -----------------------------------------------------------------------------
def test_score_collapses_repeats_and_ignores_ambiguous(tmp_path):
    gold = tmp_path / "gold.tsv"
    head = "figid\tsent\tsrc_text\tsrc_symbol\ttgt_text\ttgt_symbol\twp_class\tnegated\thedged\ttier\ttrigger\tnote\n"
    rows = ["F\t1\ta\tA\tb\tB\tStimulation\tno\tno\tcore\t\t", "F\t2\ta\tA\tb\tB\tStimulation\tno\tno\tcore\t\t",
            "F\t1\tc\tC\ta\tA\tComplexBinding\tno\tno\timplicit\t\t", "F\t1\ta\tA\td\tD\tInhibition\tno\tno\tambiguous\t\t",
            "F\t1\ta\tA\te\tE\tInhibition\tyes\tno\tcore\t\t"]
    gold.write_text("# comment\n# none: G\n" + head + "\n".join(rows) + "\n")
    g = read_gold(gold)
    assert g.figures == {"F", "G"}

    def ia(s, t, c, negated=False):
        return Interaction(c, s, t, s, t, 1, "", 0, 0, negated=negated)
    predicted = {"F": [ia("A", "B", "Stimulation"), ia("A", "B", "Stimulation"), ia("A", "C", "Binding"),
                       ia("A", "D", "Inhibition"), ia("A", "E", "Inhibition"), ia("A", "F", "Stimulation", True)],
                 "G": [ia("X", "Y", "Stimulation")]}
    result = score(g, predicted)
    assert (result.overall.tp, result.overall.fp, result.overall.fn) == (2, 2, 0)
    assert key("B", "A", "ComplexBinding") == key("A", "B", "Binding")


# --- command line ------------------------------------------------------------------------
def test_cli_text_tsv_and_json(capsys):
    assert cli_main(["interactions", "--text", "STAT3 activates the transcription of MMP9."]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t") == ["figid", "sentence", "source_text", "source_symbol", "target_text",
                                    "target_symbol", "wp_class", "negated", "hedged", "evidence"]
    assert lines[1].split("\t")[3:7] == ["STAT3", "MMP9", "MMP9", "TranscriptionTranslation"]
    assert cli_main(["interactions", "--format", "json", "--text", "STAT3 does not activate MMP9."]) == 0
    assert json.loads(capsys.readouterr().out)[0]["negated"] == "yes"


def test_cli_needs_input(capsys):
    assert cli_main(["interactions"]) == 2


# --- the seed figure and the dev gold ------------------------------------------------------
@needs_shared
def test_seed_figure_graph(capsys):
    assert cli_main(["interactions", str(SEED)]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()[1:]]
    found = {(r[3], r[5], r[6]) for r in rows if r[7] == "no"}
    assert {("STAT3", t, "TranscriptionTranslation") for t in ("MMP2", "MMP9", "TWIST1", "SNAI1", "SNAI2", "VIM")} <= found
    assert {("IL11", "STAT3", "Stimulation"), ("KLF11", "STAT3", "Stimulation"),
            ("STAT3", "ESRRA", "TranscriptionTranslation"), ("TFEB", "STAT3", "Stimulation")} <= found
    assert any(s == "WWOX" and c == "Inhibition" for s, _, c in found)


@needs_shared
def test_dev_gold_precision_and_recall():
    gold = read_gold(GOLD)
    result = score(gold, mine_gold_figures(gold, FIGURES))
    assert result.overall.precision >= 0.85, result.overall
    assert result.overall.recall >= 0.70, result.overall
