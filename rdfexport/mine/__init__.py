"""Mine stage: caption text → typed ``Interaction`` records (see docs/miner.md).

``mine_text`` mines one caption; ``mine_figure`` fills ``Figure.interactions`` from the
figure's caption, grounding names with the figure's own genes as context. Offline, pure
Python: grounding comes from ``rdfexport.ground``; the rest are the notation and relation
patterns in this package.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from functools import lru_cache
from operator import attrgetter
from typing import Callable, Iterable, Sequence

from .. import __version__
from ..records import Figure, Interaction, Mention
from . import words as W
from .entities import sentence_items
from .patterns import Event, events_in
from .sentences import Sentence, sentence_spans, split_sentences
from .tokens import Edge, Group, Item, Participant, Token
from .triggers import BIND, CPLX, trigger

__all__ = ["MINER_VERSION", "mine_figure", "mine_text", "split_sentences"]

MINER_VERSION = __version__  # interactions say which miner made them (pav:createdWith)

# 'NIK: NF-κB-inducing kinase', 'Abbreviations: AKT, protein kinase B': glossary entries
# name things, they state no interactions.
GLOSSARY = re.compile(r"^(?:abbreviations?\s*(?:are|:|,)?\s*)?(\S{1,25}?)(?:\s\S{1,12})?\s*[:,=]\s", re.I)


def mine_figure(figure: Figure, finder: Callable | None = None) -> Figure:
    if not figure.caption:
        return figure
    context = _context(figure)
    found = mine_text(figure.caption, context, finder=finder)
    if not found and not figure.interactions:
        return figure  # what ``replace`` would copy, field for field (records are frozen)
    return replace(figure, interactions=tuple(found))


def mine_text(text: str, context=None, *, mentions: Sequence[Mention] | None = None,
              finder: Callable | None = None) -> list[Interaction]:
    """Interactions the text states, in sentence order, one per (source, class, target) key."""
    find, name = finder or _grounding()
    if mentions is None:
        mentions = find(text, context) if find else []
    # by start, for the sentences to take theirs by bisection (a stable sort: mentions
    # starting together keep the finder's order, which decides between them later)
    grounded = sorted([m for m in mentions if m.symbol], key=attrgetter("start"))
    if len(grounded) < 2 and not (grounded and "/" in text):
        return []  # no sentence can relate two participants (see _may_relate): none is split
    namer = _namer(name, context)
    starts = [m.start for m in grounded]
    found: list[Interaction] = []
    for index, (start, end) in enumerate(sentence_spans(text), 1):
        first, last = bisect_left(starts, start), bisect_left(starts, end)
        if first == last:
            continue  # no mention starts in the sentence (a third of them)
        near = grounded[first:last]  # a superset of those inside
        if _relates([m.symbol for m in near if m.end <= end], text.find("/", start, end) >= 0):  # the cheap test first
            sentence = Sentence(index, start, end, text[start:end])
            if not _is_glossary(sentence.text):
                found += _mine_related(sentence, near, namer)
    return _distinct(found)


def _may_relate(sentence: Sentence, mentions: Sequence[Mention]) -> bool:
    """Whether the sentence may state an interaction at all (see ``_relates``)."""
    inside = [m.symbol for m in mentions if m.symbol and sentence.start <= m.start and m.end <= sentence.end]
    return _relates(inside, "/" in sentence.text)


def _relates(symbols: list[str], slash: bool) -> bool:
    """Whether a sentence whose grounded mentions have these symbols may state an
    interaction. Every participant grows from a grounded mention, and only a numbered list
    ('NOD1/2', after a slash) or a family's suffix ('(VEGF)-A') names another gene than the
    mention's own; an interaction of a participant with itself is dropped. So a sentence
    needs a slash and a mention (kept to be safe: no rule relates a list's own members
    today), or two mentions, of two genes or of a family: 40% of the sentences with a
    mention are then neither tokenised nor matched."""
    if slash:
        return len(symbols) >= 1
    return len(symbols) >= 2 and (len(set(symbols)) > 1 or symbols[0].startswith("FPLX:"))


def _mine_sentence(sentence: Sentence, mentions, namer) -> list[Interaction]:
    if not _may_relate(sentence, mentions):
        return []
    return _mine_related(sentence, mentions, namer)


def _mine_related(sentence: Sentence, mentions, namer) -> list[Interaction]:
    """``_mine_sentence`` for a sentence that passed ``_may_relate``; ``mentions`` need hold
    only those that start in it."""
    items = sentence_items(sentence.text, sentence.start, mentions, namer)
    hedge_from = _sentence_hedge(items)
    out = [_edge_interaction(e, sentence, g.start >= hedge_from) for g in items
           if isinstance(g, Group) for e in g.edges]
    for event in events_in(items):
        hedged = event.hedged or items[event.at].start >= hedge_from
        out += _event_interactions(event, sentence, hedged)
    return [i for i in out if not _same_entity(i.source_symbol, i.target_symbol)]


def _sentence_hedge(items: list[Item]) -> int:
    """Offset from which a sentence-level hedge ('proposed mechanism', 'hypothetic') applies."""
    for item in items:
        if item.low in W.SENTENCE_HEDGES:  # a Group's ``low`` is "", no hedge
            return item.start
    return 1 << 60


def _edge_interaction(e: Edge, s: Sentence, hedged: bool) -> Interaction:
    return Interaction(e.wp_class, e.source.text, e.target.text, e.source.symbol, e.target.symbol,
                       s.index, s.text, s.start, s.end, e.trigger, False, hedged,
                       e.source.gene, e.target.gene)


def _event_interactions(ev: Event, s: Sentence, hedged: bool) -> list[Interaction]:
    out = []
    for agent in ev.agents:
        for theme in ev.themes:
            for a in agent.sources:
                for t in (theme.members if ev.wp_class in (BIND, CPLX) else theme.targets):
                    out.append(Interaction(ev.wp_class, a.text, t.text, a.symbol, t.symbol, s.index,
                                           s.text, s.start, s.end, ev.trigger, ev.negated, hedged,
                                           a.gene, t.gene))
    return out


def _distinct(found: Iterable[Interaction]) -> list[Interaction]:
    seen, out = set(), []
    for i in found:
        ends = (i.source_symbol, i.target_symbol)
        key = (tuple(sorted(ends)) if i.wp_class in (BIND, CPLX) else ends, i.wp_class, i.negated)
        if key not in seen:
            seen.add(key)
            out.append(i)
    return out


def _is_glossary(text: str) -> bool:
    """'ABBR: long name' or 'ABBR, long name' with no finite relation verb in it."""
    match = GLOSSARY.match(text)
    if not match or not _looks_abbreviated(match.group(1)):
        return False
    definition = text[match.end():].split(maxsplit=1)
    if definition and _looks_abbreviated(definition[0].strip(",;:")):
        return False  # 'BCR, PI3K/AKT/mTOR, and NF-κB pathways are …' is a list, not a glossary
    return not any((t := trigger(w.lower())) and t.form == "verb" for w in re.findall(r"[\w-]+", text))


def _looks_abbreviated(word: str) -> bool:
    """'NIK', 'mTORC1', 'IKKβ', 'eNOS' — not 'In' or 'Besides'."""
    upper = sum(c.isupper() for c in word)
    return upper >= 2 or any(c.isdigit() for c in word) or bool(re.search(r"[α-ω]", word))


def _same_entity(a: str, b: str) -> bool:
    """A participant acting on itself, or a gene on its own family ('WNT5A triggers the Wnt pathway')."""
    if a == b:
        return True
    members = _family_members()
    return a in members(b) or b in members(a)


@lru_cache(maxsize=1)
def _family_members() -> Callable[[str], tuple[str, ...]]:
    try:
        from ..lexicon import load_lexicon
        lexicon = load_lexicon()
    except Exception:  # lexicon not installed: no family filter
        return lambda symbol: ()
    return lambda symbol: lexicon.family_members(symbol) if symbol.startswith("FPLX:") else ()


@lru_cache(maxsize=1)  # imported once, not at each caption
def _grounding() -> tuple[Callable | None, Callable | None]:
    try:
        from ..ground import find_mentions, ground_name
    except ImportError:
        return None, None
    return find_mentions, ground_name


def _context(figure: Figure):
    try:
        from ..ground import GroundingContext
    except ImportError:
        return None
    return GroundingContext.from_figure(figure)


def _namer(name: Callable | None, context) -> Callable[[str], Participant | None]:
    def namer(text: str) -> Participant | None:
        found = name(text, context) if name else None
        symbol = getattr(found, "symbol", found)
        if not symbol or not isinstance(symbol, str):
            return None
        return Participant(text, symbol, getattr(found, "ncbigene_id", None))
    return namer
