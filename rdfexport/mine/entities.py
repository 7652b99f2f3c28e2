"""Grounded mentions → participant groups, by the notation captions use.

Grounding (``rdfexport.ground``) finds single mentions; this layer joins the ones the
notation binds: numbered lists ('NOD1/2'), slash/dash chains ('IL-6/JAK/STAT3 pathway'),
complexes ('SMAD3/IL-37 complex'), abbreviations in parentheses ('high-mobility group box 1
(HMGB1)') and 'X-mediated Y'. Only general notation rules live here.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import combinations
from typing import Callable, Iterable, Sequence

from ..records import Mention
from .tokens import Edge, Group, Item, Participant, Token, is_word, tokenise, tokenise_around
from .triggers import BIND, CPLX, DIR, INH, STIM, trigger

Namer = Callable[[str], "Participant | None"]

JOINTS = frozenset("/-–‐‑—")
PATHWAY_WORDS = frozenset("pathway pathways signaling signalling axis axes cascade cascades loop circuit".split())
COMPLEX_WORDS = frozenset("complex complexes heterodimer heterodimers dimer dimers heterotrimer holoenzyme".split())
PAIR_BINDING_WORDS = frozenset("interaction interactions binding association".split())
# Nouns before '(A/B/C)' that make the slash group a complex ('the tripartite molecule (A/B/C)').
COMPLEX_LEFT = COMPLEX_WORDS | {"molecule", "tripartite", "bipartite", "heterodimeric", "receptor"}
# 'X-mediated Y' and its kin: the hyphenated participle makes X act on Y.
COMPOUND_PARTICIPLES = {
    **dict.fromkeys("mediated induced dependent activated driven triggered stimulated".split(), STIM),
    **dict.fromkeys("inhibited suppressed repressed".split(), INH),
    "regulated": DIR,
}
NUMBER_SUFFIX = re.compile(r"^(?:\d+[A-Za-z]?|[A-Za-zα-ωΑ-Ω])$")
TRAILING_NUMBER = re.compile(r"(?:\d+[A-Za-z]?|[A-Za-zα-ωΑ-Ω])$")


def participant(m: Mention) -> Participant:
    return _participant(m.text, m.symbol, m.ncbigene_id)


@lru_cache(maxsize=1 << 14)  # names repeat across captions; a frozen Participant can be shared
def _participant(text: str, symbol: str, gene: str | None) -> Participant:
    return Participant(text, symbol, gene)


def gene_group(m: Mention, space_before: bool) -> Group:
    p = (participant(m),)
    return Group(m.start, m.end, m.text, p, p, p, "gene", space_before)


def sentence_items(text: str, offset: int, mentions: Iterable[Mention], namer: Namer) -> list[Item]:
    """Items of one sentence (``text`` starts at caption offset ``offset``)."""
    items = _raw_items(text, offset, _usable(mentions, offset, offset + len(text)))
    # Each step acts only at its notation's marks, so a sentence without them skips it
    # (steps merge tokens away, never add one: the marks found first are all there are).
    marks = {item.low for item in items}
    dashes, joints = not marks.isdisjoint(SUFFIX_DASHES), not marks.isdisjoint(JOINTS)
    for step, needed in ((_numbered_lists, "/" in marks), (_suffixes, dashes), (_chains, joints),
                         (_parentheses, "(" in marks), (_suffixes, dashes), (_chains, joints),
                         (_compounds, joints)):
        if needed:
            items = step(items, namer) if step in (_numbered_lists, _suffixes) else step(items)
    return items


def _usable(mentions: Iterable[Mention], start: int, end: int) -> list[Mention]:
    """Grounded, non-overlapping mentions inside [start, end), longest first on overlap."""
    chosen: list[Mention] = []
    inside = [m for m in mentions if m.symbol and start <= m.start and m.end <= end]
    for m in sorted(inside, key=lambda m: (m.start, -(m.end - m.start))):
        if not chosen or m.start >= chosen[-1].end:
            chosen.append(m)
    return chosen


def _raw_items(text: str, offset: int, mentions: list[Mention]) -> list[Item]:
    """The sentence's tokens with a gene group in each mention's place."""
    cut = tokenise_around(text, offset, [(m.start - offset, m.end - offset) for m in mentions])
    if cut is None:
        return _raw_items_by_gaps(text, offset, mentions)
    items: list[Item] = cut[0]
    for at, m in zip(cut[1], mentions):
        items[at] = gene_group(m, m.start == offset or text[m.start - offset - 1].isspace())
    return items


def _raw_items_by_gaps(text: str, offset: int, mentions: list[Mention]) -> list[Item]:
    items: list[Item] = []
    at = 0
    for m in mentions:
        items += tokenise(text, offset, at, m.start - offset)
        items.append(gene_group(m, m.start == offset or text[m.start - offset - 1].isspace()))
        at = m.end - offset
    return items + tokenise(text, offset, at)


# --- numbered lists: 'NOD1/2', 'LRP-5/6' -------------------------------------------------
def _numbered_lists(items: list[Item], namer: Namer) -> list[Item]:
    out: list[Item] = []
    i = 0
    for start in _before_marks(items, ("/",)):  # a list continues a gene at a slash
        item = items[start]
        if start < i or not (isinstance(item, Group) and item.kind == "gene"):
            continue
        out += items[i:start]
        group, i = _extend_numbered(items, start, namer)
        out.append(group)
    return out + items[i:]


def _before_marks(items: list[Item], marks) -> list[int]:
    """Indices of the items just before a mark ('/', a dash): where the notation steps may
    act. A step jumps from one to the next, copying the items between as they are (a
    Group's ``low`` is "", no mark)."""
    return [k for k, item in enumerate(items[1:]) if item.low in marks]


def _extend_numbered(items: list[Item], i: int, namer: Namer) -> tuple[Group, int]:
    group = items[i]
    found, end, j = list(group.members), group.end, i + 1
    while (j + 1 < len(items) and is_word(items[j], "/") and not items[j].space_before
           and isinstance(items[j + 1], Token) and not items[j + 1].space_before
           and NUMBER_SUFFIX.match(items[j + 1].text)):
        sibling = namer(TRAILING_NUMBER.sub(items[j + 1].text, group.text))
        if sibling and sibling.symbol not in {p.symbol for p in found}:
            found.append(Participant(f"{group.text}/{items[j + 1].text}", sibling.symbol, sibling.gene))
        end, j = items[j + 1].end, j + 2
    if j == i + 1:
        return group, j
    members = tuple(found)
    return Group(group.start, end, group.text, members, members, members, "list", group.space_before), j


# --- fragment suffixes: 'MUC1-C', '(VEGF)-A' ------------------------------------------------
SHORT_SUFFIX = re.compile(r"^[A-Za-z0-9α-ωΑ-Ω]{1,2}$")
SUFFIX_DASHES = ("-", "‐", "–")


def _suffixes(items: list[Item], namer: Namer | None = None) -> list[Item]:
    """A one- or two-character dash suffix names a part or form of the same gene product."""
    out: list[Item] = []
    i = 0
    for start in _before_marks(items, SUFFIX_DASHES):
        if start >= i and _suffix_at(items, start):
            out += items[i:start]
            out.append(_suffixed(items[start], items[start + 2], namer))
            i = start + 3
    return out + items[i:]


def _suffix_at(items: list[Item], i: int) -> bool:
    return (isinstance(items[i], Group) and i + 2 < len(items) and is_word(items[i + 1], *SUFFIX_DASHES)
            and not items[i + 1].space_before and isinstance(items[i + 2], Token)
            and not items[i + 2].space_before and SHORT_SUFFIX.match(items[i + 2].text) is not None
            and not (i + 3 < len(items) and is_word(items[i + 3], "/", "-") and not items[i + 3].space_before))


def _suffixed(group: Group, suffix: Token, namer: Namer | None) -> Group:
    """'(VEGF)-A' names the family member VEGFA; 'MUC1-C' stays MUC1 (a part of it)."""
    text = f"{group.text}-{suffix.text}"
    abbreviation = re.search(r"\(([^()]+)\)$", group.text)
    member = namer(f"{abbreviation.group(1) if abbreviation else group.text}-{suffix.text}") \
        if namer and _is_family(group) else None
    if member and not member.symbol.startswith("FPLX:"):
        p = (Participant(text, member.symbol, member.gene),)
        return Group(group.start, suffix.end, text, p, p, p, "gene", group.space_before)
    return _spanned(group, group.start, suffix.end, group.space_before, text)


# --- chains and complexes: 'IL-6/JAK/STAT3 pathway', 'SMAD3/IL-37 complex' ---------------
def _chains(items: list[Item]) -> list[Item]:
    out: list[Item] = []
    i = 0
    # A chain starts only just before a joint (a Group's ``low`` is "", no joint): the
    # items between those places are copied over as they are.
    for start in _before_marks(items, JOINTS):
        if start < i:
            continue  # inside the chain just made
        out += items[i:start]
        elements, joints, j = _chain_at(items, start)
        if sum(isinstance(e, Group) for e in elements) >= 2:
            out.append(_chain_group(elements, joints, items, start, j))
            i = j
        else:
            out.append(items[start])
            i = start + 1
    return out + items[i:]


def _chain_at(items: list[Item], i: int) -> tuple[list[Item], list[str], int]:
    """Elements joined by unspaced '/' or dashes from ``i``; a plain word may join by '/' only."""
    elements, joints, j = [items[i]], [], i + 1
    if not _chain_element(items[i]):
        return elements, joints, j
    while j + 1 < len(items):
        joint, nxt = items[j], items[j + 1]
        if not (isinstance(joint, Token) and joint.text in JOINTS and not joint.space_before
                and not nxt.space_before and _chain_element(nxt)):
            break
        if (isinstance(nxt, Token) or isinstance(elements[-1], Token)) and joint.text != "/":
            break
        elements.append(nxt)
        joints.append(joint.text)
        j += 2
    return elements, joints, j


def _chain_element(item: Item) -> bool:
    return isinstance(item, Group) or (isinstance(item, Token) and item.text[:1].isalnum())


def _chain_group(elements: list[Item], joints: list[str], items: list[Item], i: int, j: int) -> Group:
    groups = [e for e in elements if isinstance(e, Group)]
    after = [t.low.split("-")[0] for t in items[j:j + 2] if isinstance(t, Token)]
    members = tuple(p for g in groups for p in g.members)
    text = " ".join(g.text for g in groups)
    start, end = elements[0].start, elements[-1].end
    if (after[:1] and after[0] in COMPLEX_WORDS) or _complex_context(items, i):
        return _complex(start, end, text, members, CPLX, elements[0].space_before)
    if after[:1] and after[0] in PAIR_BINDING_WORDS:
        return _complex(start, end, text, members, BIND, elements[0].space_before)
    if any(w in PATHWAY_WORDS for w in after) or len(groups) >= 3 or (set(joints) - {"/"} and _ends_phrase(items, j)):
        return _pathway(elements, text, elements[0].space_before)
    return Group(start, end, text, members, members, members, "pair", elements[0].space_before)


def _ends_phrase(items: list[Item], j: int) -> bool:
    """'Map3k7-Jnk and …' is a chain; 'ubiquitin-proteasome system' and 'G6PD-6PGL, glucose-…' are names."""
    return j >= len(items) or is_word(items[j], "and", "or", ".", ";", ")") or isinstance(items[j], Group)


def _complex_context(items: list[Item], i: int) -> bool:
    if i == 0 or not is_word(items[i - 1], "(", "["):
        return False
    return any(is_word(t, *COMPLEX_LEFT) for t in items[max(0, i - 4):i - 1])


def _complex(start: int, end: int, text: str, members: tuple[Participant, ...], cls: str,
             space_before: bool) -> Group:
    edges = tuple(Edge(a, b, cls, text) for a, b in combinations(members, 2) if a.symbol != b.symbol)
    return Group(start, end, text, members, members, members, "complex", space_before, edges)


def _pathway(elements: list[Item], text: str, space_before: bool) -> Group:
    """A chain in pathway notation: each element stimulates the next (gold tier 'implicit')."""
    groups = [e if isinstance(e, Group) else None for e in elements]
    edges = []
    for left, right in zip(groups, groups[1:]):
        if left and right:
            edges += [Edge(a, b, STIM, text) for a in left.sources for b in right.targets if a.symbol != b.symbol]
            edges += list(left.edges)
    edges += list(groups[-1].edges) if groups[-1] else []
    real = [g for g in groups if g]
    members = tuple(p for g in real for p in g.members)
    return Group(elements[0].start, elements[-1].end, text, members, real[-1].sources, real[0].targets,
                 "chain", space_before, tuple(dict.fromkeys(edges)))


# --- abbreviations in parentheses: 'toll-like receptor 4 (TLR4)' -------------------------
def _parentheses(items: list[Item]) -> list[Item]:
    out: list[Item] = []
    i = 0
    # only an opening parenthesis starts one: the items between them are copied as they are
    for start in [k for k, item in enumerate(items) if item.low == "("]:
        if not (start >= i and start + 2 < len(items) and isinstance(items[start + 1], Group)
                and is_word(items[start + 2], ")")):
            continue
        out += items[i:start]
        inner, end = items[start + 1], items[start + 2].end
        if len(out) > 1 and _bare_number(out[-1]) and isinstance(out[-2], Group):
            out.pop()  # 'orphan receptor 1 (ROR1)': the name's number was left out of the mention
            out[-1] = _spanned(inner, out[-1].start, end, out[-1].space_before)
        elif out and isinstance(out[-1], Group):
            out[-1] = _merged(out[-1], inner, end)
        else:
            out.append(_absorb_name(out, inner, end))
        i = start + 3
    return out + items[i:]


# Words that cannot be part of a spelled-out name before '(ABBR)'.
NAME_STOP = frozenset("""the a an of and or in on at by with to via through from into for as is are was
    were be been can may might which that this these its their than then also both""".split())


def _absorb_name(out: list[Item], inner: Group, end: int) -> Group:
    """'spleen tyrosine kinase (SYK)': the ungrounded spelled-out name joins its abbreviation."""
    k = len(out)
    while k > 0 and len(out) - k < 4 and isinstance(out[k - 1], Token) and out[k - 1].text[:1].isalnum() \
            and out[k - 1].low not in NAME_STOP and not trigger(out[k - 1].low):
        k -= 1
    if k == len(out):
        return _spanned(inner, inner.start - 1, end, True)
    first = out[k]
    del out[k:]
    return _spanned(inner, first.start, end, first.space_before)


def _bare_number(item: Item) -> bool:
    return isinstance(item, Token) and item.text.isdigit() and len(item.text) <= 2


def _merged(outer: Group, inner: Group, end: int) -> Group:
    """'NAME (ABBR)': one participant; a spelled-out gene beats an abbreviated family."""
    keep = outer
    if _is_family(outer) and not _is_family(inner):
        keep = inner
    return _spanned(keep, outer.start, end, outer.space_before, f"{outer.text} ({inner.text})")


def _is_family(group: Group) -> bool:
    return all(p.symbol.startswith("FPLX:") for p in group.members)


def _spanned(g: Group, start: int, end: int, space_before: bool, text: str | None = None) -> Group:
    return Group(start, end, text or g.text, g.members, g.sources, g.targets, g.kind, space_before, g.edges)


# --- 'X-mediated Y' ------------------------------------------------------------------------
def _compounds(items: list[Item]) -> list[Item]:
    out: list[Item] = []
    i = 0
    for start in _before_marks(items, JOINTS):
        cls = _compound_class(items, start) if start >= i else None
        if cls:
            out += items[i:start]
            agent, word, theme = items[start], items[start + 2], items[start + 3]
            edges = tuple(Edge(a, b, cls, f"{agent.text}-{word.text}") for a in agent.sources
                          for b in theme.targets if a.symbol != b.symbol)
            out.append(Group(agent.start, theme.end, f"{agent.text}-{word.text} {theme.text}",
                             theme.members, theme.sources, theme.targets, theme.kind,
                             agent.space_before, agent.edges + theme.edges + edges))
            i = start + 4
    return out + items[i:]


def _compound_class(items: Sequence[Item], i: int) -> str | None:
    if i + 3 >= len(items) or not isinstance(items[i], Group) or not isinstance(items[i + 3], Group):
        return None
    dash, word = items[i + 1], items[i + 2]
    if not (isinstance(dash, Token) and dash.text in JOINTS and not dash.space_before):
        return None
    if not isinstance(word, Token) or word.space_before:
        return None
    if i + 4 < len(items) and isinstance(items[i + 4], Token) and _is_nominal(items[i + 4].low):
        return None  # 'ubiquitin-dependent [proteasome degradation]': Y only modifies the noun
    return COMPOUND_PARTICIPLES.get(word.low)


def _is_nominal(word: str) -> bool:
    trig = trigger(word)
    return bool(trig and trig.form == "noun")
