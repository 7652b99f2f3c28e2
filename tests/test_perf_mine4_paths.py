"""The miner's fourth-pass fast paths give exactly what the code they replaced gave.

Each is compared with a copy of the replaced code (kept here as the reference), on
generated odd input and on the shared corpus captions:
- ``mine_text`` takes each sentence's mentions by bisection, makes a ``Sentence`` only for
  a sentence that may relate two participants, and splits nothing when none can; a
  sentence whose mentions all name one gene (no family, no slash) relates none;
- ``sentence_spans`` trims the cuts as ``split_sentences`` did; the glued-opener regex
  starts at the opener's capital, the boundary regex at one character class;
- ``tokenise_around`` tokenises a sentence with its mentions cut out in one split, as
  ``tokenise`` did gap by gap; ``WORD_SPLIT`` (possessive) splits as ``WORD`` does;
- the notation steps jump from mark to mark instead of walking every item;
- ``mine_figure`` returns the figure itself when there is nothing to add.
"""

from __future__ import annotations

import csv
import random
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rdfexport.mine as mine
from rdfexport.ground import GroundingContext
from rdfexport.mine import entities
from rdfexport.mine.entities import JOINTS, SUFFIX_DASHES, gene_group
from rdfexport.mine.sentences import BOUNDARY, GLUED_OPENER, numbered, sentence_spans, split_sentences
from rdfexport.mine.tokens import HOLE, WORD, WORD_SPLIT, Group, Participant, Token, tokenise, tokenise_around
from rdfexport.records import Figure, Paper

from test_ground_scan import JOINS, WORDS
from test_perf_mine_paths import reference_mine_sentence  # every step and pattern, no sentence skipped

CAPTIONS = Path(__file__).parents[1] / ".." / "shared" / "corpus" / "tables" / "pfocr_curated_captions_2020.tsv"
needs_captions = pytest.mark.skipif(not CAPTIONS.is_file(), reason="../shared/corpus is not checked out beside the repo")


def corpus_captions(step: int = 1) -> list[str]:
    with CAPTIONS.open(encoding="utf-8", newline="") as handle:
        return [row["caption"] or "" for row in csv.DictReader(handle, delimiter="\t")][::step]


RELATION_WORDS = """activates inhibits binds phosphorylates induced by mediated - / ( ) , and of the
    activation expression complex pathway required for containing itself via through 1 2 -C -A . ;
    The These nephropathyThe e.g. Fig. NOD1/2 IL-6R/gp130 Abbreviations: AKT,""".split()
captions_like = st.lists(st.tuples(st.sampled_from(WORDS + RELATION_WORDS), st.sampled_from(JOINS + [". ", "; "])),
                         min_size=1, max_size=24).map(lambda pairs: "".join(w + j for w, j in pairs))
contexts = st.sets(st.sampled_from(["SET", "IL6ST", "MAPK1", "RELA", "STAT3", "NOD2", "VEGFA", "AKT1"])).map(
    lambda symbols: GroundingContext(frozenset(symbols)))


# --- mine_text -----------------------------------------------------------------------------

def reference_mine_text(text: str, context, mentions, name) -> list:
    """``mine_text`` as it was: every sentence made and numbered, each tested on all mentions."""
    namer = mine._namer(name, context)
    grounded = [m for m in mentions if m.symbol]
    found = []
    for sentence in numbered(split_sentences(text)):
        if mine._may_relate(sentence, grounded) and not mine._is_glossary(sentence.text):
            found += mine._mine_sentence(sentence, grounded, namer)
    return mine._distinct(found)


def both_mine_texts(text: str, context, shuffle: random.Random | None = None) -> tuple[list, list]:
    find, name = mine._grounding()
    mentions = find(text, context)
    if shuffle:  # a caller's mentions in any order: ties keep that order in both
        shuffle.shuffle(mentions)
    fast = mine.mine_text(text, context, mentions=list(mentions), finder=(None, name))
    return fast, reference_mine_text(text, context, mentions, name)


@settings(max_examples=300, deadline=None)
@given(captions_like, contexts, st.randoms(use_true_random=False))
def test_mine_text_equals_the_sentence_by_sentence_loop(text, context, rnd):
    fast, reference = both_mine_texts(text, context)
    assert fast == reference
    fast, reference = both_mine_texts(text, context, rnd)
    assert fast == reference


@pytest.mark.parametrize("text", [
    "", "IL-6", "IL-6 activates STAT3.", "NOD1/2 senses it.", "IL-6 and STAT3 / here. MAPK1 binds RELA; x",
    "See Fig. 2. IL-6 (see e.g. STAT3) activates STAT3. The end", "  IL-6 activates STAT3  ;  ; MAPK1 binds RELA.  ",
])
def test_mine_text_on_edge_texts(text):
    fast, reference = both_mine_texts(text, None)
    assert fast == reference


def test_mine_text_keeps_the_callers_order_of_mentions_on_one_span():
    """Two readings of one span: ``_usable`` keeps the first given, in either order."""
    from rdfexport.records import Mention

    name = mine._grounding()[1]
    text = "IL-6 activates STAT3 and RELA."
    readings = [Mention(0, 4, "IL-6", "IL6", "3569"), Mention(0, 4, "IL-6", "MAPK1", "5594"),
                Mention(15, 20, "STAT3", "STAT3", "6774"), Mention(25, 29, "RELA", "RELA", "5970")]
    sources = set()
    for order in (readings, readings[::-1], readings[1:] + readings[:1]):
        fast = mine.mine_text(text, None, mentions=list(order), finder=(None, name))
        assert fast == reference_mine_text(text, None, order, name)
        sources |= {i.source_symbol for i in fast}
    assert sources == {"IL6", "MAPK1"}  # the order decided, and decided alike


@needs_captions
def test_mine_text_on_captions():
    rnd = random.Random(4)
    mined = 0
    for caption in corpus_captions(4):
        fast, reference = both_mine_texts(caption, None, rnd)
        assert fast == reference, caption[:80]
        mined += len(fast)
    assert mined > 50  # the captions do state interactions: the comparison is not of empties


def a_figure(caption: str) -> Figure:
    return Figure("PMC1__F1", "x.md", "current", None, caption, Paper("PMC1"))


ONE_GENE_WORDS = """IL-6 IL6 interleukin-6 IL-6R AKT Akt AKT1 VEGF (VEGF) -A -1 - A 1 activates induces
    binds inhibits itself expression complex pathway mediated -mediated and , ( ) of the by via""".split()
one_gene_sentences = st.lists(st.sampled_from(ONE_GENE_WORDS), min_size=2, max_size=10).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(one_gene_sentences, one_gene_sentences.map(lambda t: t.replace(" ", ""))))
def test_sentences_of_one_gene_skipped_would_mine_nothing(text):
    """Two mentions of one gene (not a family), no slash: every interaction would be the
    gene acting on itself, which is dropped."""
    find, name = mine._grounding()
    mentions = find(text, None)
    namer = mine._namer(name, None)
    for sentence in numbered(split_sentences(text)):
        if not mine._may_relate(sentence, mentions):
            assert reference_mine_sentence(sentence, mentions, namer) == []


def test_one_gene_sentences_are_skipped_and_two_genes_are_not():
    find = mine._grounding()[0]
    for text, relates in (("IL-6 induces IL6 expression.", False), ("IL-6 induces IL6R expression.", True),
                          ("AKT activates AKT.", True), ("IL-6 induces IL-6/STAT3.", True)):
        sentence = numbered(split_sentences(text))[0]
        assert mine._may_relate(sentence, find(text, None)) is relates, text


def test_mine_figure_without_interactions_is_the_figure():
    figure = a_figure("Nothing to mine here. Really.")
    assert mine.mine_figure(figure) is figure
    assert mine.mine_figure(figure) == replace(figure, interactions=())
    mined = mine.mine_figure(a_figure("IL-6 activates STAT3."))
    assert [(i.source_symbol, i.target_symbol) for i in mined.interactions] == [("IL6", "STAT3")]


# --- sentences -----------------------------------------------------------------------------

def reference_spans(text: str) -> list[tuple[int, int, str]]:
    """The trimming ``split_sentences`` did over the cuts, before ``sentence_spans``."""
    cuts = sorted(set(__import__("rdfexport.mine.sentences", fromlist=["_boundaries"])._boundaries(text)))
    out, begin = [], 0
    for cut in cuts + [len(text)]:
        chunk = text[begin:cut]
        lead = len(chunk) - len(chunk.lstrip())
        if chunk.strip():
            out.append((begin + lead, begin + lead + len(chunk.strip()), chunk.strip()))
        begin = cut
    return out


@settings(max_examples=300, deadline=None)
@given(st.one_of(captions_like, st.text(alphabet=st.sampled_from(list("aA1.;!? \n\t\u00a0\u2003()ß\"'")), max_size=50)))
def test_sentence_spans_trim_as_split_sentences_did(text):
    assert [(a, b, text[a:b]) for a, b in sentence_spans(text)] == reference_spans(text)
    assert [(s.start, s.end, s.text) for s in split_sentences(text)] == reference_spans(text)


REFERENCE_GLUED = re.compile(r"(?=(?:The|This|These|In|Upon|When|After|Under)\s)(?<=[a-z]{3})")
GLUED_PIECES = ["abc", "ab", "x", "The", "This", "These", "In", "Upon", "When", "After", "Under", "Then", "Int",
                "T", "U", " ", "\n", "\u00a0", ".", "é", "K", "\u212a", "Theseus", "Unders", "ABC", "Thex"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(GLUED_PIECES), max_size=20).map("".join))
def test_glued_opener_finds_what_the_zero_width_regex_found(text):
    assert [m.start() for m in GLUED_OPENER.finditer(text)] == [m.start() for m in REFERENCE_GLUED.finditer(text)]


REFERENCE_BOUNDARY = re.compile(r"[.;?!](?=\s+\S)|\.(?=[A-Z][a-z])")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(".;?!. \n\t\u00a0aAzZ1(É")), max_size=40))
def test_boundary_regex_matches_where_the_two_branch_one_did(text):
    assert [m.span() for m in BOUNDARY.finditer(text)] == [m.span() for m in REFERENCE_BOUNDARY.finditer(text)]


@needs_captions
def test_boundary_regex_on_captions():
    for caption in corpus_captions(2):
        assert [m.span() for m in BOUNDARY.finditer(caption)] == \
            [m.span() for m in REFERENCE_BOUNDARY.finditer(caption)], caption[:80]


# --- tokens --------------------------------------------------------------------------------

def as_tuples(items) -> list:
    return [(t.text, t.start, t.end, t.space_before, t.low) if isinstance(t, Token) else t for t in items]


def reference_around(text: str, offset: int, cuts: list[tuple[int, int]]) -> list:
    """``tokenise`` gap by gap, a marker in each cut's place."""
    out, at = [], 0
    for number, (start, end) in enumerate(cuts):
        out += as_tuples(tokenise(text, offset, at, start))
        out.append(("cut", number))
        at = end
    return out + as_tuples(tokenise(text, offset, at))


def around(text: str, offset: int, cuts: list[tuple[int, int]]) -> list:
    tokens, holes = tokenise_around(text, offset, cuts)
    out = as_tuples(tokens)
    assert all(out[k][0] == HOLE for k in holes)
    for number, k in enumerate(holes):
        out[k] = ("cut", number)
    return out


ODD = list("ab AZ09_-‐‑'’′ \t\n\u00a0\u2009.,;()/İßﬁΣσκβα\u0301xАКТ\u212a")
odd_texts = st.one_of(st.text(alphabet=st.sampled_from(ODD), max_size=40), captions_like)


@settings(max_examples=500, deadline=None)
@given(odd_texts, st.data())
def test_tokenise_around_equals_tokenise_gap_by_gap(text, data):
    points = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=8)))
    cuts = list(zip(points[0::2], points[1::2]))  # sorted, disjoint, possibly empty or adjacent
    offset = data.draw(st.integers(0, 500))
    assert around(text, offset, cuts) == reference_around(text, offset, cuts)


def test_tokenise_around_declines_a_text_holding_its_placeholder():
    assert tokenise_around(f"IL-6{HOLE}activates STAT3", 0, [(0, 4)]) is None
    assert tokenise_around("", 3, []) == ([], [])


def reference_raw_items(text, offset, mentions) -> list:
    items, at = [], 0
    for m in mentions:
        items += tokenise(text, offset, at, m.start - offset)
        items.append(gene_group(m, m.start == offset or text[m.start - offset - 1].isspace()))
        at = m.end - offset
    return items + tokenise(text, offset, at)


@needs_captions
def test_tokenise_around_on_captions_cut_at_mentions():
    find = mine._grounding()[0]
    for caption in corpus_captions(5) + [f"IL-6 and{HOLE}STAT3 bind."]:
        mentions = find(caption, None)
        for s in split_sentences(caption):
            usable = entities._usable(mentions, s.start, s.end)
            assert entities._raw_items(s.text, s.start, usable) == reference_raw_items(s.text, s.start, usable)


@settings(max_examples=300, deadline=None)
@given(odd_texts)
def test_possessive_word_split_splits_as_word(text):
    assert WORD_SPLIT.split(text) == re.split(f"({WORD.pattern})", text)


@needs_captions
def test_possessive_word_split_on_captions():
    for caption in corpus_captions(3):
        assert WORD_SPLIT.split(caption) == re.split(f"({WORD.pattern})", caption), caption[:80]


# --- notation steps: the item-by-item walks they replaced ---------------------------------

def walk_numbered_lists(items, namer):
    out, i = [], 0
    while i < len(items):
        item = items[i]
        if isinstance(item, Group) and item.kind == "gene":
            group, i = entities._extend_numbered(items, i, namer)
            out.append(group)
        else:
            out.append(item)
            i += 1
    return out


def walk_suffixes(items, namer=None):
    out, i = [], 0
    while i < len(items):
        item = items[i]
        if (isinstance(item, Group) and i + 2 < len(items) and items[i + 1].low in SUFFIX_DASHES
                and not items[i + 1].space_before and isinstance(items[i + 2], Token)
                and not items[i + 2].space_before and entities.SHORT_SUFFIX.match(items[i + 2].text)
                and not (i + 3 < len(items) and items[i + 3].low in ("/", "-") and not items[i + 3].space_before)):
            out.append(entities._suffixed(item, items[i + 2], namer))
            i += 3
        else:
            out.append(item)
            i += 1
    return out


def walk_parentheses(items):
    out, i = [], 0
    while i < len(items):
        if (i + 2 < len(items) and items[i].low == "(" and isinstance(items[i + 1], Group)
                and items[i + 2].low == ")"):
            inner = items[i + 1]
            if len(out) > 1 and entities._bare_number(out[-1]) and isinstance(out[-2], Group):
                out.pop()
                out[-1] = entities._spanned(inner, out[-1].start, items[i + 2].end, out[-1].space_before)
            elif out and isinstance(out[-1], Group):
                out[-1] = entities._merged(out[-1], inner, items[i + 2].end)
            else:
                out.append(entities._absorb_name(out, inner, items[i + 2].end))
            i += 3
        else:
            out.append(items[i])
            i += 1
    return out


def walk_compounds(items):
    out, i = [], 0
    while i < len(items):
        cls = entities._compound_class(items, i)
        if cls:
            agent, word, theme = items[i], items[i + 2], items[i + 3]
            edges = tuple(entities.Edge(a, b, cls, f"{agent.text}-{word.text}") for a in agent.sources
                          for b in theme.targets if a.symbol != b.symbol)
            out.append(Group(agent.start, theme.end, f"{agent.text}-{word.text} {theme.text}",
                             theme.members, theme.sources, theme.targets, theme.kind,
                             agent.space_before, agent.edges + theme.edges + edges))
            i += 4
        else:
            out.append(items[i])
            i += 1
    return out


def namer(text: str):
    """A stand-in grounder: short names ground to themselves, 'F…' ones to a family."""
    if len(text) > 8 or not text[:1].isalnum():
        return None
    return Participant(text, ("FPLX:" if text.startswith("F") else "") + text.upper().replace("-", ""), None)


STEP_PAIRS = [
    (lambda items: entities._numbered_lists(items, namer), lambda items: walk_numbered_lists(items, namer)),
    (lambda items: entities._suffixes(items, namer), lambda items: walk_suffixes(items, namer)),
    (entities._parentheses, walk_parentheses),
    (entities._compounds, walk_compounds),
]
ITEM_WORDS = ["/", "-", "–", "‐", "—", "(", ")", "[", "1", "2", "12", "A", "C", "β", "mediated", "induced",
              "inhibited", "regulated", "activation", "complex", "pathway", "and", "receptor", "orphan", ","]
GENES = ["IL6", "STAT3", "NOD1", "FAKT", "FPLX", "MUC1", "VEGF"]


@st.composite
def item_lists(draw):
    items, at = [], 0
    for _ in range(draw(st.integers(0, 16))):
        at += draw(st.integers(0, 1))  # a space before, or none
        spaced = not items or items[-1].end < at
        if draw(st.booleans()):
            word = draw(st.sampled_from(ITEM_WORDS))
            items.append(Token(word, at, at + len(word), spaced, word.lower()))
        else:
            name = draw(st.sampled_from(GENES))
            p = Participant(name, ("FPLX:" if name.startswith("F") else "") + name, None)
            items.append(Group(at, at + len(name), name, (p,), (p,), (p,), "gene", spaced))
        at = items[-1].end
    return items


@settings(max_examples=500, deadline=None)
@given(item_lists())
def test_steps_jumping_between_marks_equal_the_item_walks(items):
    for fast, walk in STEP_PAIRS:
        assert fast(items) == walk(items)
        assert fast(fast(items)) == walk(walk(items))  # on their own output too (steps run twice)


@needs_captions
def test_steps_on_caption_items():
    find, name = mine._grounding()
    real_namer = mine._namer(name, None)
    for caption in corpus_captions(6):
        mentions = find(caption, None)
        for s in split_sentences(caption):
            items = entities._raw_items(s.text, s.start, entities._usable(mentions, s.start, s.end))
            assert entities._numbered_lists(items, real_namer) == walk_numbered_lists(items, real_namer)
            for fast, walk in ((entities._suffixes, walk_suffixes), (entities._parentheses, walk_parentheses),
                               (entities._compounds, walk_compounds)):
                args = (real_namer,) if fast is entities._suffixes else ()
                assert fast(items, *args) == walk(items, *args), s.text[:80]
