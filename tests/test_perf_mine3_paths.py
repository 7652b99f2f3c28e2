"""The third pass's fast paths give exactly what the code they replaced gave.

Each is compared with a copy of the replaced code (kept here as the reference), on
generated odd texts and on the shared corpus captions:
- ``mentions._Atoms``: atoms, keys and offsets from one split and bulk upper-casing,
  instead of a Python step per atom;
- ``tokens.tokenise``: tokens from one split of the span;
- ``Lexicon.starts_key``: a stem table before (and around) the bisection;
- ``patterns.events_in``: words that are no cue skipped before ``trigger``;
- ``mine_text``: sentences with fewer than two grounded mentions (and no slash) skipped,
  the mention test before the glossary test;
- ``sentences.GLUED_OPENER``: its two look-arounds in the other order;
- lexicon sections parsed with the garbage collector paused, and resumed after.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rdfexport.mine as mine
from rdfexport.ground import mentions as M
from rdfexport.lexicon import STEM, load_lexicon, parse_lexicon
from rdfexport.lexicon.textnorm import clean_text, lookup_keys
from rdfexport.mine import entities, patterns
from rdfexport.mine.patterns import events_in
from rdfexport.mine.sentences import GLUED_OPENER, numbered, split_sentences
from rdfexport.mine.tokens import WORD, Token, tokenise
from rdfexport.mine.triggers import trigger

from test_ground_scan import JOINS, WORDS
from test_perf_mine_paths import reference_mine_sentence  # every step and pattern, no sentence skipped

CAPTIONS = Path(__file__).parents[1] / ".." / "shared" / "corpus" / "tables" / "pfocr_curated_captions_2020.tsv"
needs_captions = pytest.mark.skipif(not CAPTIONS.is_file(), reason="../shared/corpus is not checked out beside the repo")


def corpus_captions(step: int = 1) -> list[str]:
    with CAPTIONS.open(encoding="utf-8", newline="") as handle:
        return [row["caption"] or "" for row in csv.DictReader(handle, delimiter="\t")][::step]


# Odd characters: Greek (letters and capitals), curly and straight apostrophes, dashes,
# a non-breaking and a thin space, line breaks, underscores, a combining accent, letters
# whose case mapping changes length ('ß', 'İ', 'ﬁ'), Cyrillic homoglyphs.
ODD = list("ab AZ09_-‐‑'’′ \t\n\u00a0\u2009.,;()/İßﬁΣσκβα\u0301xАКТ")
odd_texts = st.text(alphabet=st.sampled_from(ODD), max_size=40)
word_texts = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(JOINS)), min_size=1, max_size=14).map(
    lambda pairs: "".join(w + j for w, j in pairs))
any_text = st.one_of(odd_texts, word_texts)


# --- atoms ---------------------------------------------------------------------------------

def reference_atoms(text: str) -> tuple[list, list, list, list]:
    """(spans, keys, offsets, reach) as ``_Atoms.__init__`` built them, an atom at a time."""
    spans = [m.span() for m in M.ATOM.finditer(text)]
    if text.isascii():
        upper = text.upper()
        keys = [upper[a:b] if text[b - 1] != "s" or text[b - 2] != "'" else lookup_keys(text[a:b])[0]
                for a, b in spans]
    else:
        words = [text[a:b] for a, b in spans]
        keys = [w.upper() if w.isascii() and w.isalnum() else lookup_keys(w)[0] for w in words]
    offsets = [0]
    for key in keys:
        offsets.append(offsets[-1] + len(key))
    reach = M._reach([text[a[1]:b[0]] in M.JOINER_GAPS for a, b in zip(spans, spans[1:])])
    return spans, keys, offsets, reach


def atoms_of(text: str) -> tuple[list, list, list, list]:
    atoms = M._Atoms(text, load_lexicon())
    assert atoms.joined == "".join(atoms.keys)
    return atoms.spans, atoms.keys, atoms.offsets, atoms.reach


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_atoms_equal_the_atom_at_a_time_build(text):
    cleaned = clean_text(text)
    assert atoms_of(cleaned) == reference_atoms(cleaned)


@pytest.mark.parametrize("text", ["", " ", "'s", "x 's", "AKT's IKK’s p65's", "a\nb\n", "TNFα-induced NF-κB",
                                  "İstanbul ß ﬁ", "miR-21 let-7 MIR155HG", "IL-6  /  JAK\n-STAT3"])
def test_atoms_on_edge_texts(text):
    cleaned = clean_text(text)
    assert atoms_of(cleaned) == reference_atoms(cleaned)


@needs_captions
def test_atoms_on_captions():
    for caption in corpus_captions(5):
        cleaned = clean_text(caption)
        assert atoms_of(cleaned) == reference_atoms(cleaned), caption[:80]


# --- tokens --------------------------------------------------------------------------------

def reference_tokenise(text: str, offset: int, begin: int = 0, end: int | None = None) -> list[tuple]:
    out = []
    for m in WORD.finditer(text, begin, len(text) if end is None else end):
        start, stop = m.span()
        out.append((m.group(), offset + start, offset + stop, start == 0 or text[start - 1].isspace(),
                    m.group().lower()))
    return out


def as_tuples(tokens: list[Token]) -> list[tuple]:
    return [(t.text, t.start, t.end, t.space_before, t.low) for t in tokens]


@settings(max_examples=400, deadline=None)
@given(any_text, st.data())
def test_tokenise_equals_finditer(text, data):
    begin = data.draw(st.integers(0, len(text)))
    end = data.draw(st.one_of(st.none(), st.integers(0, len(text))))
    offset = data.draw(st.integers(0, 500))
    assert as_tuples(tokenise(text, offset, begin, end)) == reference_tokenise(text, offset, begin, end)


@needs_captions
def test_tokenise_on_captions_cut_at_mentions():
    """Sentences cut where the miner cuts them: around each mention."""
    for caption in corpus_captions(7):
        found = mine._grounding()[0](caption, None)
        for s in split_sentences(caption):
            at = 0
            for m in entities._usable(found, s.start, s.end):
                cut = m.start - s.start
                assert as_tuples(tokenise(s.text, s.start, at, cut)) == reference_tokenise(s.text, s.start, at, cut)
                at = m.end - s.start
            assert as_tuples(tokenise(s.text, s.start, at)) == reference_tokenise(s.text, s.start, at)


# --- lexicon prefixes ----------------------------------------------------------------------

def bisected(keys: list[str], prefix: str) -> bool:
    at = bisect_left(keys, prefix)
    return at < len(keys) and keys[at].startswith(prefix)


def test_starts_key_equals_bisection_of_every_key():
    lex = load_lexicon()
    keys = sorted(set(lex.long_index) | set(lex.short_index))
    probes = [k[:n] for k in keys[::211] for n in range(1, len(k) + 1)]
    probes += [k + tail for k in keys[::977] for tail in ("", "A", "Z", "0", "ALPHA")]
    probes += [k[:STEM - 1] + "Z" for k in keys[::1009]] + [k[:STEM] + "\x00" for k in keys[::1009]]
    probes += ["", "A", "ZZZZZZZZ", "THECELLS", "OFTHE", "PROTEIN", "PROTEINKINASEC"]
    fresh = type(lex)()  # no memo filled by other tests
    fresh.long_index, fresh.short_index = lex.long_index, lex.short_index
    for prefix in probes:
        assert fresh.starts_key(prefix) == bisected(keys, prefix), prefix


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ABCDEF12", min_size=1, max_size=9), max_size=30),
       st.text(alphabet="ABCDEF12", max_size=10))
def test_starts_key_on_small_lexicons(names, prefix):
    """Stems shared by many keys, keys shorter than a stem, keys that are a stem."""
    lex = parse_lexicon("".join(f"T\t{name}\tX{i}\tx\n" for i, name in enumerate(names)))
    keys = sorted(set(lex.long_index) | set(lex.short_index))
    assert lex.starts_key(prefix) == bisected(keys, prefix)
    for key in keys:
        assert lex.starts_key(key) and lex.starts_key(key[:STEM])


# --- the miner -----------------------------------------------------------------------------

def reference_events_in(items):
    """``events_in`` as it was: ``trigger`` asked of every token."""
    events = []
    for i, item in enumerate(items):
        if not isinstance(item, Token):
            continue
        trig = trigger(item.low)
        if trig:
            events += patterns._respectively(items, patterns._dispatch(items, i, trig, events))
        elif item.low in patterns.W.REQUIRED and patterns._next_is(items, i, "for"):
            events += patterns._required(items, i, events)
        elif item.low in patterns.W.CONTAINING:
            events += patterns._complex_members(items, i)
    return events


SENTENCES = [
    "IL-6 up-regulates STAT3 and down-regulates SOCS3 via JAK2. AKT is required for mTOR activation.",
    "A complex containing BRCA1, BARD1 and RAD51 binds DNA; NF-κB-dependent TNF-α trans-activates IL8.",
    "MUC1-C binds EGFR, leading to ERK1/2 phosphorylation, which is required for MYC expression.",
    "Abbreviations: AKT, protein kinase B; TNF, tumour necrosis factor. TNF activates NF-κB.",
]


def items_of(text: str):
    find, name = mine._grounding()
    found = find(text, None)
    namer = mine._namer(name, None)
    return [entities.sentence_items(s.text, s.start, found, namer) for s in split_sentences(text)]


@pytest.mark.parametrize("text", SENTENCES)
def test_events_in_skips_only_words_that_cue_nothing(text):
    for items in items_of(text):
        assert events_in(items) == reference_events_in(items)


@needs_captions
def test_events_in_on_captions():
    for caption in corpus_captions(9):
        for items in items_of(caption):
            assert events_in(items) == reference_events_in(items), caption[:80]


def reference_mine_text(text: str) -> list:
    """``mine_text`` as it was: the glossary test on every sentence, then the mention test."""
    find, name = mine._grounding()
    found = find(text, None)
    namer = mine._namer(name, None)
    out = []
    for sentence in numbered(split_sentences(text)):
        if not mine._is_glossary(sentence.text):
            out += mine._mine_sentence(sentence, found, namer)
    return mine._distinct(out)


@pytest.mark.parametrize("text", SENTENCES)
def test_mine_text_tests_mentions_first_alike(text):
    assert mine.mine_text(text) == reference_mine_text(text)


@needs_captions
def test_mine_text_on_captions():
    for caption in corpus_captions(9):
        assert mine.mine_text(caption) == reference_mine_text(caption), caption[:80]


# --- sentences -----------------------------------------------------------------------------

REFERENCE_GLUED = re.compile(r"(?<=[a-z]{3})(?=(?:The|This|These|In|Upon|When|After|Under)\s)")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["nephropathy", "The", "This", "In", "Upon", "When", "After", "Under", "abc",
                                 "ab", " ", "\n", ".", "These", "Then", "Ink", "Aft"]), max_size=20).map("".join))
def test_glued_opener_finds_what_the_lookbehind_first_regex_found(text):
    assert [m.start() for m in GLUED_OPENER.finditer(text)] == [m.start() for m in REFERENCE_GLUED.finditer(text)]


@needs_captions
def test_glued_opener_on_captions():
    for caption in corpus_captions(3):
        assert [m.start() for m in GLUED_OPENER.finditer(caption)] == \
            [m.start() for m in REFERENCE_GLUED.finditer(caption)]


# --- lexicon sections parsed with the collector paused -------------------------------------

def test_collector_paused_restores_the_collector_state():
    import gc

    from rdfexport.lexicon import _collector_paused

    was = gc.isenabled()
    try:
        gc.enable()
        with pytest.raises(ValueError):
            with _collector_paused():
                assert not gc.isenabled()
                raise ValueError("a bad row")
        assert gc.isenabled()
        gc.disable()  # a caller that runs without the collector keeps it off
        with _collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()


# --- sentences that cannot relate two participants -----------------------------------------

RELATION_WORDS = """activates inhibits binds phosphorylates induced by mediated - / ( ) , and of the
    activation expression complex pathway required for containing itself via through 1 2 -C -A""".split()
sentences = st.lists(st.sampled_from(WORDS + RELATION_WORDS), min_size=1, max_size=12).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(sentences, st.sets(st.sampled_from(["SET", "IL6ST", "MAPK1", "RELA", "STAT3", "NOD2", "VEGFA"])))
def test_sentences_skipped_for_fewer_than_two_participants_mine_nothing(text, symbols):
    from rdfexport.ground import GroundingContext

    context = GroundingContext(frozenset(symbols))
    find, name = mine._grounding()
    found = find(text, context)
    namer = mine._namer(name, context)
    for sentence in numbered(split_sentences(text)):
        if not mine._may_relate(sentence, found):
            assert reference_mine_sentence(sentence, found, namer) == []
            assert mine._mine_sentence(sentence, found, namer) == []

