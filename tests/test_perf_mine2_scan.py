"""The inlined scan of ``mentions._Atoms.longest_at`` and its per-key-run window memo
answer as the helper-by-helper scan did (``facts``, ``spelled_within``, ``last_end`` and
``_may_match`` called for every window), and ``_reach`` as its per-atom loop did."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rdfexport.ground import GroundingContext
from rdfexport.ground import mentions as M
from rdfexport.lexicon import load_lexicon
from rdfexport.lexicon.textnorm import clean_text

from test_ground_scan import CAPTIONS, texts


def reference_reach(joins: list[bool]) -> list[int]:
    reach = [0] * (len(joins) + 1)
    run_end = len(joins)
    for k in range(len(joins), -1, -1):
        if k < len(joins) and not joins[k]:
            run_end = k
        reach[k] = min(run_end, k + M.MAX_ATOMS - 1)
    return reach


def spelled_within(atoms: M._Atoms, i: int) -> bool:
    """Whether a Greek letter or miRNA is spelled within atom i's reach (``last_end``
    widens the window to the reach for it, whatever the key)."""
    return bool(atoms.either) and atoms.either.get(atoms.offsets[i], M.BIG) <= atoms.offsets[atoms.reach[i] + 1]


def last_end(atoms: M._Atoms, i: int) -> int:
    """The last atom a name starting at atom ``i`` may end on: joined to it, at most
    ``MAX_ATOMS`` away, and (see ``_may_match``) no further than one atom past the
    first window whose key starts no lexicon key."""
    j = atoms.reach[i]
    if j == i:
        return j
    offsets = atoms.offsets
    a = offsets[i]
    if atoms.either and atoms.either.get(a, M.BIG) <= offsets[j + 1] or atoms.keys[i] in M.PREFIX_KEYS:
        return j
    starts_key, joined = atoms.lex.starts_key, atoms.joined
    for k in range(i, j):
        if not starts_key(joined[a:offsets[k + 1]]):
            return k
    return j


def reference_longest_at(atoms: M._Atoms, i: int, context):
    """``longest_at`` as written before inlining, with no window memo."""
    offsets, joined, long_index = atoms.offsets, atoms.joined, atoms.lex.long_index
    widens, alone = atoms.facts(i)
    last = last_end(atoms, i) if widens or spelled_within(atoms, i) else i
    for j in range(last, i - 1, -1):
        if j == i and not alone:
            continue
        if j > i and joined[offsets[i]:offsets[j + 1]] not in long_index and not M._may_match(atoms, i, j):
            continue
        start, end = atoms.spans[i][0], atoms.spans[j][1]
        found = atoms.match(atoms.text[start:end], context)
        if found:
            return j, start + found.start, start + found.end, found
    return None


def every_atom(text: str, context=None, clear=True):
    """(fast, reference) answers of the scan at every atom of ``text``."""
    lex = load_lexicon()
    if clear:
        lex.window_memo.clear()
    atoms = M._Atoms(clean_text(text), lex)
    atoms.forms = {}
    return ([atoms.longest_at(i, context) for i in range(len(atoms.spans))],
            [reference_longest_at(atoms, i, context) for i in range(len(atoms.spans))])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.booleans(), max_size=40))
def test_reach_by_runs_equals_per_atom_loop(joins):
    assert M._reach(joins) == reference_reach(joins)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_inlined_scan_equals_helper_scan_at_every_atom(text):
    fast, slow = every_atom(text)
    assert fast == slow


@settings(max_examples=100, deadline=None)
@given(texts, st.sets(st.sampled_from(["SET", "IL6ST", "MAPK1", "RELA", "STAT3", "ROR1"])))
def test_inlined_scan_equals_helper_scan_with_context(text, symbols):
    fast, slow = every_atom(text, GroundingContext(frozenset(symbols)))
    assert fast == slow


@settings(max_examples=100, deadline=None)
@given(st.lists(texts, min_size=2, max_size=6))
def test_window_memo_filled_by_other_texts_changes_nothing(batch):
    """The memo is keyed by key runs only: what earlier texts left in it must not matter."""
    cold = [every_atom(text)[1] for text in batch]
    load_lexicon().window_memo.clear()
    warm = [every_atom(text, clear=False)[0] for text in batch]
    assert warm == cold


def test_inlined_scan_on_captions():
    if not CAPTIONS.exists():
        pytest.skip("curated captions not available")
    with CAPTIONS.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))[:150]
    assert rows
    load_lexicon().window_memo.clear()
    for row in rows:
        caption = row.get("caption") or next(iter(row.values()))
        fast, slow = every_atom(caption, clear=False)
        assert fast == slow
