"""``entities._chains`` jumping from joint to joint builds what the item-by-item walk built."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rdfexport.ground import find_mentions
from rdfexport.mine import entities as E
from rdfexport.mine.sentences import numbered, split_sentences
from rdfexport.mine.tokens import Group, Token

from test_ground_scan import texts

NAMES = "IL-6 JAK STAT3 SMAD3 IL-37 Map3k7 Jnk PI3K AKT mTOR NOD1 MUC1 TLR4 gp130 RELA p65".split()
GLUE = ["/", "-", " / ", " - ", "–", " ", ", ", " and ", " complex ", " pathway ", " (", ") ",
        " signaling ", " binds ", " activates ", "—", "‐"]
chainy = st.lists(st.tuples(st.sampled_from(NAMES + ["the", "ubiquitin", "proteasome", "a"]),
                            st.sampled_from(GLUE)), min_size=1, max_size=12).map(
    lambda pairs: "".join(w + g for w, g in pairs))


def walk_chains(items):
    """``_chains`` as first written: every item looked at in turn."""
    out, i = [], 0
    while i < len(items):
        if i + 1 >= len(items) or not (isinstance(items[i + 1], Token) and items[i + 1].text in E.JOINTS):
            out.append(items[i])
            i += 1
            continue
        elements, joints, j = E._chain_at(items, i)
        if sum(isinstance(e, Group) for e in elements) >= 2:
            out.append(E._chain_group(elements, joints, items, i, j))
            i = j
        else:
            out.append(items[i])
            i += 1
    return out


def sentence_raw_items(text):
    mentions = find_mentions(text)
    for sentence in numbered(split_sentences(text)):
        used = E._usable(mentions, sentence.start, sentence.end)
        yield E._raw_items(sentence.text, sentence.start, used)


@settings(max_examples=300, deadline=None)
@given(st.one_of(chainy, texts))
def test_chains_by_joints_equals_item_walk(text):
    for items in sentence_raw_items(text):
        once = E._chains(items)
        assert once == walk_chains(items)
        assert E._chains(once) == walk_chains(once)  # sentence_items runs the step twice


def test_chains_make_chains():
    """The generated texts do build chains (the test above would pass vacuously otherwise)."""
    items = next(sentence_raw_items("IL-6/JAK/STAT3 pathway and SMAD3/IL-37 complex"))
    kinds = [g.kind for g in E._chains(items) if isinstance(g, Group)]
    assert "chain" in kinds and "complex" in kinds
