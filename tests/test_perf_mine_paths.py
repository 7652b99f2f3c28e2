"""The miner's and lexicon's fast paths give exactly what the straightforward code gives.

Each fast path is compared with a copy of the code it replaced (kept here as the
reference), on generated odd texts and on the shared corpus captions:
- sentence splitting: bracket depth walked at brackets only, the word before a period
  walked back from it, the next visible character matched in place;
- the miner: sentences without a grounded mention mined as ``[]`` without their patterns,
  notation steps skipped when their marks are absent;
- the lexicon: species sections and MeSH/DOID terms parsed a column at a time.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rdfexport.ground import find_mentions
from rdfexport.lexicon import _add_term, _parse_model, _parse_model_rows, _parse_terms, load_lexicon
import rdfexport.mine as mine
from rdfexport.mine import _grounding, _mine_sentence, _namer, entities, mine_text
from rdfexport.mine.patterns import events_in
from rdfexport.mine.entities import sentence_items
from rdfexport.mine.sentences import ABBREVIATIONS, BOUNDARY, GLUED_OPENER, numbered, split_sentences
from rdfexport.mine.tokens import Group

CAPTIONS = Path(__file__).parents[1] / ".." / "shared" / "corpus" / "tables" / "pfocr_curated_captions_2020.tsv"
needs_captions = pytest.mark.skipif(not CAPTIONS.is_file(), reason="../shared/corpus is not checked out beside the repo")


def corpus_captions(step: int = 1) -> list[str]:
    with CAPTIONS.open(encoding="utf-8", newline="") as handle:
        return [row["caption"] or "" for row in csv.DictReader(handle, delimiter="\t")][::step]


# --- the sentence splitter as it was -------------------------------------------------------

def reference_split(text: str) -> list[tuple[int, int, str]]:
    def depths(text):
        depth, out = 0, []
        for char in text:
            out.append(depth)
            if char in "([{":
                depth += 1
            elif char in ")]}" and depth:
                depth -= 1
        return out

    def ends_sentence(text, at):
        if text[at] == ";":
            return True
        word = re.search(r"([\w.]+)$", text[:at])
        before = word.group(1).lower() if word else ""
        if before in ABBREVIATIONS or before.rstrip(".") in ABBREVIATIONS:
            return False
        if re.fullmatch(r"[A-Z]", word.group(1) if word else ""):
            return False
        after = text[at + 1:].lstrip()
        return bool(after) and (after[0].isupper() or after[0].isdigit() or after[0] in "([\"'")

    depth = depths(text)
    cuts = {m.start() + 1 for m in BOUNDARY.finditer(text) if depth[m.start()] == 0 and ends_sentence(text, m.start())}
    cuts |= {m.start() for m in GLUED_OPENER.finditer(text) if depth[m.start()] == 0}
    out, begin = [], 0
    for cut in sorted(cuts) + [len(text)]:
        chunk = text[begin:cut]
        lead = len(chunk) - len(chunk.lstrip())
        if chunk.strip():
            out.append((begin + lead, begin + lead + len(chunk.strip()), chunk.strip()))
        begin = cut
    return out


def split(text: str) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.text) for s in split_sentences(text)]


PIECES = ["e.g.", "Fig.", "H.", "pylori", "IL-6", "STAT3", "cells", "The", "These", "nephropathyThe",
          "(", ")", "[", "]", "{", "}", ".", ";", "?", "!", "\n", " ", "  ", "\u00a0", "\u2003", "_x.",
          "1.", "2", "et al.", "'a", '"B', "ß.", "Ⅻ.", "٣.", "x_y.", "vs.", "α.", "vs", "H", "Fig", "e.g"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_sentence_split_equals_reference_on_odd_texts(text):
    assert split(text) == reference_split(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aA1_.;!? \n\t()[]{}\u00a0ßα\"'")), max_size=60))
def test_sentence_split_equals_reference_on_random_characters(text):
    assert split(text) == reference_split(text)


@pytest.mark.parametrize("text", ["See e.g\n. The end.", "H\n. pylori. Then", "A.\n. B", "x\n\n. Y", ". A"])
def test_sentence_split_reads_the_word_before_a_line_break_as_the_regex_did(text):
    assert split(text) == reference_split(text)


@needs_captions
def test_sentence_split_equals_reference_on_captions():
    for caption in corpus_captions(3):
        assert split(caption) == reference_split(caption), caption[:80]


# --- the miner without its shortcuts -------------------------------------------------------

STEPS = (entities._numbered_lists, entities._suffixes, entities._chains, entities._parentheses,
         entities._suffixes, entities._chains, entities._compounds)


def every_step_items(text, offset, mentions, namer):
    """``sentence_items`` running every notation step, marks or not."""
    items = entities._raw_items(text, offset, entities._usable(mentions, offset, offset + len(text)))
    for step in STEPS:
        items = step(items, namer) if step in (entities._numbered_lists, entities._suffixes) else step(items)
    return items


def reference_mine_sentence(sentence, mentions, namer) -> list:
    """``_mine_sentence`` as it was: every sentence through every step and pattern."""
    items = every_step_items(sentence.text, sentence.start, mentions, namer)
    hedge_from = mine._sentence_hedge(items)
    out = [mine._edge_interaction(e, sentence, g.start >= hedge_from) for g in items
           if isinstance(g, Group) for e in g.edges]
    for event in events_in(items):
        hedged = event.hedged or items[event.at].start >= hedge_from
        out += mine._event_interactions(event, sentence, hedged)
    return [i for i in out if not mine._same_entity(i.source_symbol, i.target_symbol)]


def unskipped_mine(text: str) -> list:
    find, name = _grounding()
    mentions = find(text, None)
    namer = _namer(name, None)
    return [reference_mine_sentence(s, mentions, namer) for s in numbered(split_sentences(text))]


def fast_mine(text: str) -> list:
    find, name = _grounding()
    mentions = find(text, None)
    namer = _namer(name, None)
    return [_mine_sentence(s, mentions, namer) for s in numbered(split_sentences(text))]


SENTENCES = [
    "IL-6 activates STAT3 via JAK2 in cells. No gene here (see Fig. 2).",
    "The IL-6/JAK/STAT3 pathway and NOD1/2 - TLR4 (toll-like receptor 4) bind MyD88; OSM-mediated SMAD3 activation.",
    "MUC1-C binds EGFR. the (VEGF)-A inhibits KDR [ref. 3]. Cells die — AKT-dependent.",
    "Abbreviations: AKT, protein kinase B; this sentence has no mention at all.",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_sentence_items_skip_no_step_that_acts(text):
    find, name = _grounding()
    mentions = find(text, None)
    namer = _namer(name, None)
    for sentence in split_sentences(text):
        fast = sentence_items(sentence.text, sentence.start, mentions, namer)
        full = every_step_items(sentence.text, sentence.start, mentions, namer)
        assert fast == full


@pytest.mark.parametrize("text", SENTENCES)
def test_skipped_sentences_would_mine_nothing(text):
    assert fast_mine(text) == unskipped_mine(text)


@needs_captions
def test_miner_shortcuts_on_captions():
    find, name = _grounding()
    namer = _namer(name, None)
    for caption in corpus_captions(5):
        mentions = find(caption, None)
        for sentence in split_sentences(caption):
            fast = sentence_items(sentence.text, sentence.start, mentions, namer)
            assert fast == every_step_items(sentence.text, sentence.start, mentions, namer), sentence.text[:80]
            if not any(isinstance(item, Group) for item in fast):
                assert not any(m.symbol and sentence.start <= m.start and m.end <= sentence.end for m in mentions)
        assert fast_mine(caption) == unskipped_mine(caption), caption[:80]


def test_mine_text_still_mines():
    found = mine_text("IL-6 activates STAT3. Nothing here.")
    assert [(i.source_symbol, i.target_symbol, i.wp_class) for i in found] == [("IL6", "STAT3", "Stimulation")]
    assert find_mentions("IL-6 activates STAT3")  # the grounder the miner used is there


# --- the lexicon's column-at-a-time parsers ------------------------------------------------

def test_species_sections_parse_as_row_by_row():
    lex = load_lexicon()
    fresh = type(lex)()  # the shipped rows, from the raw file, unparsed
    from rdfexport.lexicon import LEXICON_FILE, _blocks, MODEL_TAXA
    import gzip
    from importlib import resources
    text = gzip.decompress(resources.files("rdfexport.lexicon").joinpath(LEXICON_FILE).read_bytes()).decode()
    blocks = _blocks(text.splitlines())
    for kind, taxid in MODEL_TAXA.items():
        lines = blocks[kind]
        fast = _parse_model(lex, taxid, lines)
        slow = _parse_model_rows(lex, taxid, lines)
        assert fast == slow and list(fast) == list(slow) and len(fast) > 1000
    terms = blocks["terms"]
    slow: dict = {}
    for line in terms:
        _add_term(slow, line.split("\t"))
    fast = _parse_terms(terms)
    assert fast == slow and list(fast) == list(slow) and len(fast) > 10000
    assert fresh.model == {}


def test_odd_species_rows():
    lex = load_lexicon()
    zebrafish = ["Z\tabc\t1\t", "Z\tAbc\t2\t7157|", "Z\tx\t3\t|999999999|7157", "Z\tß\t4\t"]
    assert _parse_model(lex, "7955", zebrafish) == _parse_model_rows(lex, "7955", zebrafish)
    mouse = ["M\tMGI:1\tCfl1\ta/b\tCFL1", "M\tMGI:2\tcfl1\t\t", "M\tMGI:3\tX\t\t|A||B|"]
    assert _parse_model(lex, "10090", mouse) == _parse_model_rows(lex, "10090", mouse)
    assert _parse_model(lex, "10090", mouse)["cfl1"][1].local_id == "MGI:2"
    with pytest.raises(ValueError):  # a row of the wrong width still fails loudly
        _parse_model(lex, "10090", mouse + ["M\tMGI:4\tY\t"])
    terms = ["C\tD1\tDextrose\tGlucose|", "D\tDOID:1\tdextrose\t", "C\tD2\tx\t|y||Glucose"]
    slow: dict = {}
    for line in terms:
        _add_term(slow, line.split("\t"))
    assert _parse_terms(terms) == slow and list(_parse_terms(terms)) == list(slow)
    with pytest.raises(ValueError):
        _parse_terms(terms + ["C\tD3\tonly three"])


def test_starts_key_answers_as_over_the_distinct_keys():
    """The sorted keys may list a key in both indexes twice; answers must not change."""
    from bisect import bisect_left

    lex = load_lexicon()
    distinct = sorted(lex.long_index.keys() | lex.short_index.keys())
    both = [k for k in lex.short_index if k in lex.long_index]
    probes = both[:200] + [k[:n] for k in distinct[::997] for n in (1, 2, len(k) - 1, len(k))]
    probes += [k + "Z" for k in distinct[::1499]] + ["", "ZZZZZZZZ", "0", "IL6", "TNFA", "TNFALPHAX"]
    fresh = type(lex)()
    fresh.long_index, fresh.short_index = lex.long_index, lex.short_index
    for prefix in probes:
        at = bisect_left(distinct, prefix)
        assert fresh.starts_key(prefix) == (at < len(distinct) and distinct[at].startswith(prefix)), prefix
