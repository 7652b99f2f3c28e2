"""The fourth pass's mention scan gives exactly what the scan it replaced gave.

- ``_Atoms.starts`` drops, before any per-atom Python step, the atoms whose key starts no
  name (``lex.scan_memo``), tells the word pairs that end every window (``lex.pair_memo``)
  from those ``longest_at`` must scan, and looks single words up once per text: the hits
  must be those of the every-atom scan (``test_perf_mine2_scan.reference_longest_at`` at
  each atom, as ``hits`` was written before);
- ``_Atoms.match`` keeps across texts the forms whose name reads no context
  (``lex.form_memo``, ``genes.settled_lookup``), and for the others what the affix rules
  give: it must answer as the former ``match_form`` (copied here) in any context, whatever
  the contexts the memo was filled under;
- ``_LeastEnds`` answers as the per-offset dict it replaced (copied here).
"""

from __future__ import annotations

import csv
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rdfexport.ground import GroundingContext, find_mentions
from rdfexport.ground import mentions as M
from rdfexport.ground.genes import ContextNeeded, lookup, settled_lookup
from rdfexport.lexicon import load_lexicon
from rdfexport.lexicon.textnorm import clean_text

from test_ground_scan import CAPTIONS, JOINS, WORDS, texts
from test_perf_mine2_scan import reference_longest_at
from test_perf_mine3_paths import odd_texts

# Words the lexicon has as stop words or context-picked aliases, so contexts holding their
# targets make the context-dependent paths ground something.
STOPS = ["of", "in", "In", "to", "for", "as", "or", "on", "cells", "cell", "can", "SET", "ROS", "II", "type",
         "PI3K", "ERK", "AKT", "JNK", "cAMP", "P", "I", "death", "up", "all", "has", "was", "not", "via", "at"]
# Words whose key starts no lexicon key: dropped by ``starts`` unless a miRNA or Greek
# letter is spelled within reach ('with-miR-21' is one name: MIRNA's lower-case prefixes).
DEAD = ["with", "from", "that", "pathway", "which", "xyz", "al", "pha", "ga", "mma"]
AFFIXED = ["p-", "phospho-", "total ", "anti-", "si", "sh", "hsa-", "lnc"]
SUFFIXED = ["-mediated", "-C", "-N", "-KO", "s", "-like", "-induced", "’s", "'s"]


def stop_targets() -> list[str]:
    lex = load_lexicon()
    return sorted({e.target for word in STOPS for e in lex.entries(word) if not e.target.startswith("MESH:")})


def context_of(symbols) -> GroundingContext:
    symbols = frozenset(symbols)
    return GroundingContext(frozenset(s for s in symbols if not s.startswith("FPLX:")),
                            frozenset(s for s in symbols if s.startswith("FPLX:")))


contexts = st.one_of(st.none(), st.sets(st.sampled_from(stop_targets() + ["IL6ST", "MAPK1", "RELA", "STAT3"]),
                                        max_size=6).map(context_of))
stop_texts = st.lists(st.tuples(st.sampled_from(WORDS + STOPS + DEAD), st.sampled_from(JOINS)), min_size=1,
                      max_size=14).map(lambda pairs: "".join(w + j for w, j in pairs))
any_text = st.one_of(texts, stop_texts, odd_texts)


# --- the scan --------------------------------------------------------------------------

def reference_hits(text: str, context) -> list[tuple]:
    """``hits`` as written before ``starts``: the full scan at every atom, left to right."""
    atoms = M._Atoms(clean_text(text), load_lexicon())
    atoms.forms = {}
    found, i = [], 0
    while i < len(atoms.spans):
        hit = reference_longest_at(atoms, i, context)
        if hit:
            found.append(hit)
            i = hit[0] + 1
        else:
            i += 1
    return found


def fast_hits(text: str, context) -> list[tuple]:
    return list(M._Atoms(clean_text(text), load_lexicon()).hits(context))


def clear_memos() -> None:
    lex = load_lexicon()
    for memo in (lex.scan_memo, lex.pair_memo, lex.window_memo, lex.form_memo):
        memo.clear()


@settings(max_examples=400, deadline=None)
@given(any_text, contexts)
def test_starts_scan_equals_every_atom_scan(text, context):
    assert fast_hits(text, context) == reference_hits(text, context)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(any_text, contexts), min_size=2, max_size=6))
def test_memos_filled_by_other_texts_and_contexts_change_nothing(batch):
    """The memos are keyed by keys, key pairs and forms only: what earlier texts, in other
    contexts, left in them must not matter."""
    clear_memos()
    cold = []
    for text, context in batch:
        clear_memos()
        cold.append(fast_hits(text, context))
    clear_memos()
    warm = [fast_hits(text, context) for text, context in batch]
    warm_again = [fast_hits(text, context) for text, context in reversed(batch)][::-1]
    assert warm == cold == warm_again


@pytest.mark.parametrize("text", ["", " ", "of", "of the", "In", "p-AKT", "NF-κB p65", "TNFα-induced NF-κB",
                                  "miR-21 let-7 MIR155HG", "hsa-miR-145-5p", "IL-6  /  JAK\n-STAT3",
                                  "alpha", "the alpha", "Gamma secretase", "MAPKs and TLRs", "AKT's IKK’s",
                                  "with-miR-21", "cells from-hsa-miR-145-5p", "that-mir-155 and", "al-pha",
                                  "pathway-ga-mma secretase", "gsk-3-beta"])
@pytest.mark.parametrize("symbols", [None, ["SET", "IL6ST"], ["FPLX:AKT", "MAPK1"]])
def test_starts_scan_on_edge_texts(text, symbols):
    context = context_of(symbols) if symbols is not None else None
    assert fast_hits(text, context) == reference_hits(text, context)


@pytest.mark.skipif(not CAPTIONS.is_file(), reason="../shared/corpus is not checked out beside the repo")
def test_starts_scan_on_captions():
    """Real captions, in contexts of genes they name (so context-picked names change)."""
    with CAPTIONS.open(encoding="utf-8", newline="") as handle:
        captions = [row["caption"] or "" for row in csv.DictReader(handle, delimiter="\t")][::8]
    assert captions
    rng = random.Random(4)
    targets = stop_targets()
    for caption in captions:
        named = [m.symbol for m in find_mentions(caption) if m.symbol]
        context = context_of(rng.sample(named, min(3, len(named))) + rng.sample(targets, 2))
        for ctx in (None, context):
            assert fast_hits(caption, ctx) == reference_hits(caption, ctx), caption[:80]


# --- forms -----------------------------------------------------------------------------

def reference_match_form(form: str, context, lex):
    """``match_form`` before its look-up became a parameter (copied)."""
    choice = lookup(form, context, lex)
    if choice:
        return M.FormMatch(choice, 0, len(form))
    return reference_mirna(form, context, lex) or reference_stripped(form, context, lex)


def reference_mirna(form, context, lex):
    found = M.MIRNA.match(form)
    if not found:
        return None
    choice = lookup(f"MIR{found.group(1).upper()}", context, lex)
    return M.FormMatch(choice, 0, len(form), "mirna") if choice else None


def reference_stripped(form, context, lex):
    suffix = M.SUFFIX.search(form)
    if suffix:
        inner = reference_inner(form[: suffix.start()], context, lex)
        if inner:
            keep = suffix.group(0)[1:].upper() in {"C", "N", "CTF", "NTF", "ICD", "FL", "WT", "AS"}
            return M.FormMatch(inner, 0, len(form) if keep else suffix.start(), "suffix")
    prefix = M.PREFIX.match(form)
    if prefix:
        inner = reference_inner(form[prefix.end():], context, lex)
        if inner:
            return M.FormMatch(inner, 0, len(form), "prefix")
    if M.PLURAL.search(form) and len(form) > 3:
        inner = lookup(form[:-1], context, lex)
        if inner and inner.target and inner.target.startswith("FPLX:"):
            return M.FormMatch(inner, 0, len(form), "plural")
    return None


def reference_inner(form, context, lex):
    if len(form) < 2:
        return None
    found = lookup(form, context, lex) or reference_mirna(form, context, lex)
    return found.choice if isinstance(found, M.FormMatch) else found


forms = st.tuples(st.sampled_from([""] + AFFIXED), st.sampled_from(WORDS + STOPS + ["miR-21", "mir-155-5p"]),
                  st.sampled_from([""] + SUFFIXED)).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(forms, contexts), min_size=1, max_size=8))
def test_remembered_forms_answer_as_match_form_in_any_context(batch):
    """``_Atoms.match`` (``lex.form_memo`` filled in the batch's other contexts) and
    ``match_form`` answer as the former ``match_form``."""
    lex = load_lexicon()
    lex.form_memo.clear()
    for form, context in batch + batch[::-1]:
        atoms = M._Atoms(form, lex)
        atoms.forms = {}
        expected = reference_match_form(form, context, lex)
        assert atoms.match(form, context) == expected, (form, context)
        assert M.match_form(form, context, lex) == expected


@settings(max_examples=200, deadline=None)
@given(forms, st.lists(contexts, min_size=1, max_size=4))
def test_settled_lookup_is_lookup_in_every_context(form, some_contexts):
    lex = load_lexicon()
    try:
        settled = settled_lookup(form, lex)
    except ContextNeeded:
        return
    for context in some_contexts:
        assert lookup(form, context, lex) == settled


def test_stop_words_need_their_context():
    """Not a tautology: the stop words' answers do depend on the context, and are not kept."""
    lex = load_lexicon()
    with pytest.raises(ContextNeeded):
        settled_lookup("SET", lex)
    assert type(M._settled_match("SET", lex)) is M.Affixed
    assert M.match_form("SET", None, lex) is None
    assert M.match_form("SET", context_of(["SET"]), lex).choice.target == "SET"


# --- least ends ------------------------------------------------------------------------

def reference_least_ends(found, offsets):
    if not found:
        return {}
    ends, least, found = {}, M.BIG, sorted(found)
    for offset in reversed(offsets):
        while found and found[-1][0] >= offset:
            least = min(least, found.pop()[1])
        ends[offset] = least
    return ends


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 9)), max_size=8),
       st.lists(st.integers(0, 70), max_size=20))
def test_least_ends_answer_as_the_dict(words, offsets):
    found = [(start, start + size) for start, size in words]
    offsets = sorted(set(offsets))
    fast, slow = M._LeastEnds(found), reference_least_ends(found, offsets)
    for offset in offsets:
        assert fast.get(offset, M.BIG) == slow.get(offset, M.BIG)


@pytest.mark.parametrize("text", ["", "AKT and ERK", "TNF-alpha", "miR-21", "TNFα and miR-155", "IKKβ"])
def test_least_ends_false_only_without_words(text):
    """``longest_at`` and ``_may_match`` test them for truth before asking."""
    atoms = M._Atoms(clean_text(text), load_lexicon())
    assert bool(atoms.spelled) == bool(atoms.found_spelled)
    assert bool(atoms.mirna) == bool(atoms.found_mirna)
    assert bool(atoms.either) == bool(atoms.found_spelled or atoms.found_mirna)


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_near_spelled_is_longest_at_either_test(text):
    """``starts`` gives ``longest_at`` the atoms a Greek letter or miRNA is within reach of:
    those ``longest_at``'s own test finds."""
    atoms = M._Atoms(clean_text(text), load_lexicon())
    either = {i for i in range(len(atoms.keys))
              if atoms.either.get(atoms.offsets[i], M.BIG) <= atoms.offsets[atoms.reach[i] + 1]}
    assert atoms.near_spelled() == either


def test_near_spelled_on_edge_texts():
    lex = load_lexicon()
    for text, near in [("a b c d e f g h alpha", {3, 4, 5, 6, 7, 8}), ("a b. c alpha", {2, 3}),
                       ("x-y-z-w-v-u-TNF-alpha", {2, 3, 4, 5, 6, 7}), ("al-pha", {0}), ("alpha", {0}), ("", set())]:
        assert M._Atoms(clean_text(text), lex).near_spelled() == near, text
