"""Relation patterns over one sentence's items → ``Event``s (agent groups act on theme groups).

Each pattern is a small function keyed by the trigger's form:
  active verb        X [can|also|function to] activates [the transcription of] Y, D and E
  passive verb       Y [can be] (transcriptionally) activated by X [, by W (through C)]
  reduced relative   Y induced by X
  nominalisation     activation of Y by X;  Y activation by X;  X-mediated upregulation of Y
  binding            A binds (to) B;  the binding of A and B;  interaction between A and B
  regulated event    W inhibits the binding of A and B  → W→A, W→B and A–B
  agent noun         X, a potent Y activator;  X is a transcriptional activator of Y
  result clause      X activates Y, leading to Z activation  → Y→Z
  mediator           X regulates Y via/through C  → X→C, C→Y
Negation and hedging are read off the words between subject and trigger.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from . import words as W
from .tokens import Group, Item, Participant, Token, is_word
from .triggers import (ADVERBS, AGENT_ADJECTIVES, BIND, CPLX, DIR, INH, STATE_NOUNS, STIM, TRANS, TRIGGERS, TT,
                       Trigger, combine, trigger)


@dataclass
class Event:
    agents: tuple[Group, ...]
    themes: tuple[Group, ...]
    wp_class: str
    trigger: str
    at: int  # item index of the trigger
    end: int  # item index after the last item the event used
    negated: bool = False
    hedged: bool = False
    derived: bool = False  # made from another event ('via C'); never a clause's own subject


@dataclass
class Phrase:
    groups: list[Group] = field(default_factory=list)
    end: int = 0
    noun: Trigger | None = None  # 'the transcription of' before the groups
    post: Trigger | None = None  # 'Y expression' after them
    negated: bool = False
    hedged: bool = False


def _main(events: list[Event]) -> Event | None:
    """The last event a clause stated itself (not one derived from a 'via' phrase)."""
    return next((e for e in reversed(events) if not e.derived), None)


# The words an event may start at: a trigger (a hyphenated word may fold to one), or
# 'required'/'containing'. Most words of a sentence are none of these.
CUES = frozenset(TRIGGERS) | W.REQUIRED | W.CONTAINING


def events_in(items: list[Item]) -> list[Event]:
    events: list[Event] = []
    # no cue, no event (a Group's ``low`` is "", no cue either): the rest are found in one pass
    for i in [k for k, item in enumerate(items) if item.low in CUES or "-" in item.low]:
        item = items[i]
        if not isinstance(item, Token):
            continue
        trig = trigger(item.low)
        if trig:
            events += _respectively(items, _dispatch(items, i, trig, events))
        elif item.low in W.REQUIRED and _next_is(items, i, "for"):
            events += _required(items, i, events)
        elif item.low in W.CONTAINING:
            events += _complex_members(items, i)
    return events


def _dispatch(items, i, trig, events):
    if trig.form == "noun" and trig.wp_class in (BIND, CPLX) and _next_is(items, i, "to", "with"):
        return _active(items, i, replace(trig, form="ing"), events)  # 'upon binding to B'
    if trig.form in ("verb", "ing"):
        return _active(items, i, trig, events)
    if trig.form == "past":
        return _past(items, i, trig, events)
    if trig.form == "noun":
        return _nominal(items, i, trig, events)
    return _agent_noun(items, i, trig)


def _respectively(items, events: list[Event]) -> list[Event]:
    """'A and B affect C and D, respectively': pair the lists from their ends (A→C, B→D)."""
    if not events or events[0].derived:
        return events
    main, end = events[0], events[0].end
    k = end + is_word(items[end], ",") if end < len(items) else end
    if not (k < len(items) and is_word(items[k], "respectively")) or len(main.themes) < 2:
        return events
    pairs = zip(reversed(main.agents), reversed(main.themes))
    return [replace(main, agents=(a,), themes=(t,)) for a, t in pairs] + events[1:]


def _required(items, i, events) -> list[Event]:
    """'X is required for Y activation' / 'X, a factor required for the activation of Y'."""
    agents, neg, hedge, _ = _subject(items, i, events)
    obj = _object(items, i + 2)
    noun = obj.noun or obj.post
    if not noun or noun.wp_class in (BIND, CPLX) or noun.lemma in STATE_NOUNS:
        return []
    cls = combine(STIM, noun.wp_class)
    return [Event(tuple(agents), tuple(obj.groups), cls, f"{items[i].text} for", i, obj.end, neg, hedge)] if cls else []


def _complex_members(items, i) -> list[Event]:
    """'a signalosome containing A, B and C' / 'a complex composed of A and B': members bind."""
    if not any(is_word(t, *W.COMPLEX_NOUNS) for t in items[max(0, i - 3):i]):
        return []
    k = i + 1 + _next_is(items, i, "of")
    groups = _list_right(items, k).groups
    return [Event((a,), (b,), CPLX, items[i].text, i, i + 1, derived=True)
            for n, a in enumerate(groups) for b in groups[n + 1:]]


def _next_is(items, i, *words) -> bool:
    return i + 1 < len(items) and is_word(items[i + 1], *words)


# --- finding the subject (walking left) --------------------------------------------------
def _verb_zone(items, i) -> tuple[int, bool, bool, str | None]:
    """Walk left over auxiliaries, modals, adverbs and control verbs ('can also function to')."""
    j, neg, hedge, cls = i - 1, False, False, None
    while j >= 0 and isinstance(items[j], Token):
        w = items[j].low
        if w in W.AUX or w in W.MODALS or w in W.ADVERBS or w in W.CONTROL or w == "to" \
                or w in W.NEGATORS or w in W.HEDGES or w in ADVERBS or (w.endswith("ly") and len(w) > 4):
            neg |= w in W.NEGATORS
            hedge |= w in W.HEDGES
            cls = cls or ADVERBS.get(w)
            j -= 1
        else:
            break
    return j, neg, hedge, cls


def _subject(items, i, events) -> tuple[list[Group], bool, bool, str | None]:
    j, neg, hedge, cls = _verb_zone(items, i)
    last = _main(events)
    if j >= 0 and is_word(items[j], "and", "or", ",") and last and last.end in (j, j - 1):
        return list(last.agents), neg, hedge, cls  # coordinated verb: 'X binds Y and activates Z'
    return _noun_phrase_left(items, j), neg, hedge, cls


def _noun_phrase_left(items, j) -> list[Group]:
    """The participant(s) whose noun phrase ends at ``j`` ('OSM-mediated SMAD3 activation in cells')."""
    if j >= 0 and is_word(items[j], *W.RELATIVES):
        j -= 1 + is_word(items[j - 1], ",")
    for _ in range(6):
        if j < 0:
            return []
        item = items[j]
        if isinstance(item, Group):
            return _list_left(items, j)
        if is_word(item, ")", "]"):
            return _bracketed(items, j)
        if item.low in W.HEADS or _is_head_noun(item):
            j -= 1
            continue
        if item.low in ("a", "an") and j >= 1 and is_word(items[j - 1], *W.BE):
            j -= 2  # 'IRAK4, which is a signaling factor required for ...'
            if j >= 0 and is_word(items[j], *W.RELATIVES):
                j -= 1 + is_word(items[j - 1], ",")
            continue
        k = _prepositional_left(items, j)
        if k is None:
            return []
        j = k
    return []


def _is_head_noun(item: Token) -> bool:
    trig = trigger(item.low)
    return bool(trig and trig.form == "noun")  # 'SRY expression is required to ...'


def _prepositional_left(items, j) -> int | None:
    """Skip a short prepositional phrase of plain words ('in microglia', 'by LPS')."""
    for k in range(j, max(j - 4, -1), -1):
        item = items[k]
        if isinstance(item, Group) or not item.text[:1].isalnum():
            return None
        if item.low in W.PREPOSITIONS and k < j:
            return k - 1
        if item.low in W.AUX or item.low in W.RELATIVES or trigger(item.low):
            return None
    return None


def _bracketed(items, j) -> list[Group]:
    """'the ligands [A, B (C)] bind', 'mediators (cytokines, BDNF, NO) stimulate'."""
    close = items[j].text
    opening = "(" if close == ")" else "["
    depth, k = 0, j
    while k >= 0:
        if is_word(items[k], close):
            depth += 1
        elif is_word(items[k], opening):
            depth -= 1
            if depth == 0:
                break
        k -= 1
    inside = items[k + 1:j]
    if k < 0 or any(isinstance(t, Token) and (trigger(t.low) or t.low in W.AUX) for t in inside):
        return []
    return [g for g in inside if isinstance(g, Group)]


def _list_left(items, j) -> list[Group]:
    groups, k, joined = [items[j]], j - 1, False
    while k >= 1:
        m = _skip_modifiers_left(items, k)
        if is_word(items[m], "and", "or") and not joined:
            n = m - 1 - is_word(items[m - 1], ",")
            if is_word(items[m - 1], ",") and not is_word(items[_skip_modifiers_left(items, n - 1)], ","):
                break  # ', and' closes a list of three or more, never two clauses
        elif is_word(items[m], ",") and joined:
            n = m - 1
        else:
            break
        if n < 0 or not isinstance(items[n], Group):
            break
        groups.insert(0, items[n])
        joined, k = True, n - 1
    return groups


def _skip_modifiers_left(items, k) -> int:
    while k > 0 and isinstance(items[k], Token) and items[k].low in W.MODIFIERS:
        k -= 1
    return max(k, 0)


# --- finding objects (walking right) -----------------------------------------------------
def _skip_modifiers(items, k, limit=3) -> int:
    for _ in range(limit):
        low = items[k].low if k < len(items) else ""  # a Group's ``low`` is "", no modifier
        if not (low in W.MODIFIERS or low.endswith("ly") and len(low) > 4):
            break  # nothing moved: the next rounds would test the same item
        k += 1
    return k


def _list_right(items, k) -> Phrase:
    """'A, B and C [pathways]' from ``k``; a participant followed by an opaque noun is dropped."""
    k = _skip_modifiers(items, k)
    phrase, closed = Phrase(end=k), False
    while k < len(items) and isinstance(items[k], Group):
        group, k = items[k], k + 1
        k, post, opaque = _after_group(items, k)
        if not opaque:
            phrase.groups.append(group)
        phrase.post, phrase.end = post, k
        if closed:
            break
        sep = _separator(items, k, len(phrase.groups))
        if sep is None:
            break
        closed = not is_word(items[k], ",") or is_word(items[k + 1], "and", "or")
        k = _skip_modifiers(items, sep)
    return phrase


def _after_group(items, k) -> tuple[int, Trigger | None, bool]:
    """Skip head nouns after a participant; report a trailing trigger noun and opacity."""
    if k + 1 < len(items) and is_word(items[k], "-", "–", "‐") and not items[k].space_before:
        return k, None, True  # 'YAP1-target genes', 'STAT3-deficient mice'
    post = None
    for _ in range(3):
        if k >= len(items) or not isinstance(items[k], Token):
            break
        w = items[k].low
        if w in W.OPAQUE:
            return k + 1, None, True
        trig = trigger(w)
        if trig and trig.form in ("noun", "ing") and not _next_is(items, k, "of", "between"):
            post, k = trig, k + 1
        elif w in W.HEADS:
            k += 1
        else:
            break
    return k, post, False


def _separator(items, k, count) -> int | None:
    """Index after a list separator at ``k`` (',', 'and', ', and', 'as well as'), else None."""
    if k >= len(items) or not isinstance(items[k], Token):
        return None
    w = items[k].low
    if w in ("and", "or", "and/or"):
        return k + 1 if _group_follows(items, k + 1) else None
    if w == ",":
        if _next_is(items, k, "and", "or"):
            return k + 2 if count >= 2 and _group_follows(items, k + 2) else None
        return k + 1 if _group_follows(items, k + 1) else None
    if w == "as" and k + 2 < len(items) and is_word(items[k + 1], "well") and is_word(items[k + 2], "as"):
        return k + 3
    return None


def _group_follows(items, k) -> bool:
    k = _skip_modifiers(items, k)
    return k < len(items) and isinstance(items[k], Group)


def _object(items, k) -> Phrase:
    """Object of a verb: '[the] [transcription of] A, B and C', or '… such as A and B'."""
    k = _skip_modifiers(items, k)
    noun = None
    for j in range(k, min(k + 3, len(items) - 1)):  # 'the (GAP) activity of', 'the transcription of'
        trig = trigger(items[j].low) if isinstance(items[j], Token) else None
        if trig and trig.form == "noun" and is_word(items[j + 1], "of", "between"):
            noun, k = trig, _skip_modifiers(items, j + 2)
            break
        if not _plain_word(items[j]):
            break
    if noun is None and _modifies_nominal(items, k):  # 'the GAP activity of the TSC'
        noun, k = trigger(items[k + 1].low), _skip_modifiers(items, k + 3)
    phrase = _list_right(items, k)
    phrase.noun = noun
    if not phrase.groups and noun is None:
        phrase = _examples(items, k) or phrase
    return phrase


def _modifies_nominal(items, k) -> bool:
    """A participant right before 'NOUN of' names the noun's kind, not the object."""
    if k + 2 >= len(items) or not isinstance(items[k], Group) or not isinstance(items[k + 1], Token):
        return False
    trig = trigger(items[k + 1].low)
    return bool(trig and trig.form == "noun") and is_word(items[k + 2], "of")


def _examples(items, k) -> Phrase | None:
    """'inflammatory cytokines such as IL-1β and IL-18': the examples are the object."""
    for j in range(k, min(k + 7, len(items))):
        item = items[j]
        if not isinstance(item, Token) or (trigger(item.low) and trigger(item.low).form != "noun"):
            return None
        if item.low == "including" or (item.low == "such" and _next_is(items, j, "as")):
            phrase = _list_right(items, j + 1 + (item.low == "such"))
            return phrase if phrase.groups else None
        if item.text in ";:" or item.low in W.RELATIVES or item.low in W.AUX:
            return None
    return None


def _via(items, k) -> tuple[list[Group], int]:
    """'[, acting] via/through [the] C [pathway]' at ``k``: the mediators and the end index."""
    j = k + is_word(items[k], ",") if k < len(items) else k
    j += 1 if j < len(items) and is_word(items[j], "(") else 0
    for _ in range(4):  # 'augments the signal via C': an object without participants may intervene
        if not (j < len(items) and _plain_word(items[j]) and items[j].low not in W.VIA):
            break  # nothing moved: the next rounds would test the same item
        j += 1
    if j >= len(items) or not is_word(items[j], *W.VIA):
        return [], k
    phrase = _list_right(items, j + 1)
    end = phrase.end + (1 if phrase.end < len(items) and is_word(items[phrase.end], ")") else 0)
    return phrase.groups, end if phrase.groups else k


# --- patterns ------------------------------------------------------------------------------
def _active(items, i, trig, events):
    """X activates Y; X binds to Y; '..., thus activating Y' and 'by binding to Y' take the clause subject."""
    if trig.form == "ing" and not _governed_ing(items, i):
        return []
    if trig.form == "ing":
        last = _main(events)
        agents, neg, hedge, adv = (list(last.agents) if last else []), False, False, None
    else:
        agents, neg, hedge, adv = _subject(items, i, events)
    start = i + 1 + (trig.wp_class == BIND and _next_is(items, i, "to", "with"))
    obj = _object(items, start)
    if obj.noun and obj.noun.wp_class in (BIND, CPLX) and trig.wp_class in (STIM, INH, DIR):
        return _regulated_binding(items, i, trig, agents, obj, neg, hedge)
    cls = adv or combine(trig.wp_class, obj.noun.wp_class if obj.noun else (obj.post.wp_class if obj.post else None))
    if cls is None:
        return []
    mediators, end = _via(items, obj.end)
    event = Event(tuple(agents), tuple(obj.groups), cls, items[i].text, i, max(end, obj.end, i + 1), neg, hedge)
    return [event] + _mediated(event, mediators)


def _governed_ing(items, i) -> bool:
    j = i - 1
    while j >= 0 and is_word(items[j], ","):
        j -= 1
    return j >= 0 and isinstance(items[j], Token) and items[j].low in W.GOVERNED_ING


def _regulated_binding(items, i, trig, agents, obj, neg, hedge):
    """'W inhibits the binding of A and B': W→A, W→B with W's class, plus A–B."""
    regulated = Event(tuple(agents), tuple(obj.groups), trig.wp_class, items[i].text, i, obj.end, neg, hedge)
    return [regulated] + _binding_pairs(obj, items[i].text, i, neg, hedge)


def _binding_pairs(phrase: Phrase, text: str, i: int, neg: bool, hedge: bool) -> list[Event]:
    if len(phrase.groups) < 2:
        return []
    first, rest = phrase.groups[0], phrase.groups[1:]
    cls = phrase.noun.wp_class if phrase.noun else BIND
    events = [Event((first,), tuple(rest), cls, text, i, phrase.end, neg, hedge, derived=True)]
    for g in rest:  # 'IL-6R/gp130' bound by IL-6 is a receptor complex
        if g.kind == "pair":
            members = tuple(_single(p, g) for p in g.members)
            events.append(Event(members[:1], members[1:], CPLX, g.text, i, phrase.end, neg, hedge, derived=True))
    return events


def _single(p: Participant, g: Group) -> Group:
    return Group(g.start, g.end, p.text, (p,), (p,), (p,), "gene", g.space_before)


def _past(items, i, trig, events):
    """'-ed' form: passive with 'by' ('Y is activated by X', 'Y induced by X'), else active past."""
    j, neg, hedge, adv = _verb_zone(items, i)
    passive = any(is_word(items[k], *W.BE) for k in range(j + 1, i))
    by = i + 1 if _next_is(items, i, "by") else None
    if by is None and not passive:
        return _active(items, i, replace(trig, form="verb"), events)
    themes = _noun_phrase_left(items, j)
    if not themes and j >= 0 and is_word(items[j], "and", ",") and _main(events):
        themes = list(_main(events).themes)  # 'activated by X, and inhibited by Z'
    agents, mediated, end = _by_phrases(items, by) if by else ([], [], i + 1)
    cls = adv or trig.wp_class
    mediators, end2 = _via(items, end)
    event = Event(tuple(agents), tuple(themes), cls, items[i].text, i, max(end, end2), neg, hedge)
    out = [event] + _mediated(event, mediators)
    for agent, via in mediated:  # 'controlled by TNFα (through IKKβ)'
        agents_ = (agent,) if agent else ()
        out += _mediated(Event(agents_, tuple(themes), cls, items[i].text, i, end, neg, hedge), via)
    return out


def _by_phrases(items, k) -> tuple[list[Group], list[tuple[Group, list[Group]]], int]:
    """'by A (through C), by B and by D' → agents, (agent, mediators) pairs, end index."""
    agents, mediated = [], []
    while k is not None and k < len(items) and is_word(items[k], "by"):
        phrase = _object(items, k + 1)
        end = phrase.end if phrase.groups else _skip_plain_words(items, k + 1)
        via, via_end = _via(items, end)
        agents += phrase.groups
        mediated += [(g, via) for g in phrase.groups[-1:]] if via else []
        if via and not phrase.groups:
            mediated.append((None, via))
        k = _next_by(items, max(end, via_end))
        end = max(end, via_end)
    return agents, mediated, end


def _skip_plain_words(items, k) -> int:
    while k < len(items) and isinstance(items[k], Token) and items[k].text[:1].isalnum() \
            and items[k].low not in ("and", "or", "by") and items[k].low not in W.VIA and not trigger(items[k].low):
        k += 1
    return k


def _next_by(items, k) -> int | None:
    j = k
    while j < len(items) and is_word(items[j], ",", "and", "or"):
        j += 1
    return j if j < len(items) and is_word(items[j], "by") and j > k else None


def _mediated(event: Event, mediators: list[Group]) -> list[Event]:
    """'X regulates Y via C' → X→C (sign kept if positive, unsigned if 'regulates') and C→Y."""
    out = []
    step = {STIM: STIM, TT: STIM, TRANS: STIM, DIR: DIR}.get(event.wp_class)
    for c in mediators:
        agents = tuple(a for a in event.agents if a is not None and not _shares(a, c))
        if agents and step:
            out.append(Event(agents, (c,), step, f"{event.trigger} via", event.at, event.end,
                             event.negated, event.hedged, derived=True))
        if event.themes:
            out.append(Event((c,), event.themes, event.wp_class, f"{event.trigger} via", event.at,
                             event.end, event.negated, event.hedged, derived=True))
    return out


def _shares(a: Group, b: Group) -> bool:
    return bool({p.symbol for p in a.members} & {p.symbol for p in b.members})


def _nominal(items, i, trig, events):
    """'activation of Y by X', 'Y activation by X', 'X-mediated activation of Y', binding nouns,
    and 'leading to the activation of Z' (Z acted on by the previous event's theme)."""
    if trig.lemma in STATE_NOUNS:
        return []
    if trig.wp_class in (BIND, CPLX):
        return _binding_noun(items, i, trig)
    themes, end = _of_phrase(items, i)
    if not themes and i > 0 and isinstance(items[i - 1], Group):
        themes, end = [items[i - 1]], i + 1
    if not themes:
        return []
    agents = _nominal_agents(items, i, end)
    if agents:
        hedge = _verb_zone(items, i)[2]
        return [Event(tuple(agents), tuple(themes), trig.wp_class, items[i].text, i, end, False, hedge)]
    last = _main(events)
    if _after_result(items, i) and last and last.themes:
        return [Event(last.themes, tuple(themes), trig.wp_class, items[i].text, i, end, last.negated, last.hedged)]
    return []


def _of_phrase(items, i) -> tuple[list[Group], int]:
    if not _next_is(items, i, "of"):
        return [], i + 1
    phrase = _list_right(items, i + 2)
    return phrase.groups, phrase.end


def _nominal_agents(items, i, end) -> list[Group]:
    """'… by X' after the theme (a short 'at T308' may intervene), or 'X-mediated' before."""
    for k in range(end, min(end + 3, len(items))):
        if is_word(items[k], "by"):
            return _list_right(items, k + 1).groups
        if not _plain_word(items[k]):
            break
    j = i - 1
    while j >= 0 and isinstance(items[j], Token) and items[j].low in W.MODIFIERS:
        j -= 1
    if j >= 2 and isinstance(items[j], Token) and items[j].low in _COMPOUND and is_word(items[j - 1], "-", "–", "‐") \
            and isinstance(items[j - 2], Group):
        return [items[j - 2]]
    return []


def _plain_word(item: Item) -> bool:
    """A word that neither names a participant nor carries a relation ('at', 'T308')."""
    return (isinstance(item, Token) and item.text[:1].isalnum() and not trigger(item.low)
            and item.low not in ("and", "or", "which", "that"))


_COMPOUND = frozenset("mediated induced dependent driven triggered stimulated".split())


def _after_result(items, i) -> bool:
    """Whether the nominal follows 'leading to', 'resulting in', 'which lead to' (≤3 words back)."""
    for j in range(i - 1, max(i - 5, -1), -1):
        if isinstance(items[j], Token) and items[j].low in W.RESULTS:
            return True
    return False


def _binding_noun(items, i, trig):
    """'the binding of A and/to/with B', 'interaction(s) between A and B'; a signed
    'mutually positive interactions between A and B' is regulation both ways, not binding."""
    if not _next_is(items, i, "of", "between"):
        return []
    phrase = _list_right(items, i + 2)
    if len(phrase.groups) == 1 and _next_is(items, phrase.end - 1, "to", "with"):
        phrase.groups += _list_right(items, phrase.end + 1).groups
    sign = _sign_before(items, i)
    if sign and len(phrase.groups) == 2:
        a, b = phrase.groups
        if not _mutual_before(items, i):
            return []
        return [Event((a,), (b,), sign, items[i].text, i, phrase.end), Event((b,), (a,), sign, items[i].text, i, phrase.end)]
    phrase.noun = trig
    return _binding_pairs(phrase, items[i].text, i, False, False)


def _sign_before(items, i) -> str | None:
    for j in range(i - 1, max(i - 6, -1), -1):
        if isinstance(items[j], Token) and items[j].low in W.SIGN_ADJECTIVES:
            return W.SIGN_ADJECTIVES[items[j].low]
    return None


def _mutual_before(items, i) -> bool:
    return any(isinstance(items[j], Token) and items[j].low in W.MUTUAL for j in range(max(i - 6, 0), i))


def _agent_noun(items, i, trig):
    """'X, a potent Y activator', 'X is a transcriptional activator of Y'."""
    if isinstance(items[i - 1], Group) if i else False:
        themes, j = [items[i - 1]], i - 2
    elif _next_is(items, i, "of"):
        themes, j = _list_right(items, i + 2).groups, i - 1
    else:
        return []
    cls = trig.wp_class
    while j >= 0 and isinstance(items[j], Token) and items[j].low not in ("a", "an", ",") and items[j].text[:1].isalpha():
        cls = AGENT_ADJECTIVES.get(items[j].low, cls)
        j -= 1
    if not (j >= 1 and is_word(items[j], "a", "an")):
        return []
    j -= 1
    if is_word(items[j], ",", "is", "as") and j >= 1:
        j -= 1 + (is_word(items[j], "as") and is_word(items[j - 1], "acts", "act", "functions"))
        if isinstance(items[j], Group) and themes:
            return [Event((items[j],), tuple(themes), cls, items[i].text, i, i + 1)]
    return []
