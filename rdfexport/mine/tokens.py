"""Sentence text → a stream of items: word/punctuation ``Token``s and participant ``Group``s.

A ``Group`` is one grounded mention, or several mentions the notation binds together
(a slash chain 'IL-6/JAK/STAT3', a complex 'IL-6R/gp130', a numbered list 'NOD1/2').
Groups know which participants they contribute as a source (a pathway's end point) and as a
target (its head), and carry the interactions their own notation states (chain steps,
complex members).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate

WORD = re.compile(r"[^\W_]+(?:['’′][^\W_]+)*(?:[-‐‑][^\W_]+)*|\S")
# Every non-space character is in a token, so splitting on tokens leaves only whitespace
# (or nothing) between them: the gaps say which tokens have a space before them. No
# possessive quantifiers: Python 3.10 has none, and 3.11.0-3.11.4 match a possessive
# repeat of a group wrongly ('2-' from '2-\0', gh-106052, fixed in 3.11.5), where a greedy one, with
# nothing after it that could fail, takes exactly the same characters.
WORD_SPLIT = re.compile(f"({WORD.pattern})")


@dataclass(frozen=True)
class Participant:
    text: str
    symbol: str
    gene: str | None = None


@dataclass(frozen=True)
class Edge:
    """An interaction a group's notation states ('A/B/C pathway' → A→B, B→C)."""

    source: Participant
    target: Participant
    wp_class: str
    trigger: str


@dataclass(slots=True)
class Token:
    text: str
    start: int  # offsets in the caption
    end: int
    space_before: bool
    low: str = field(repr=False, compare=False)  # text.lower(): the patterns read it often


@dataclass
class Group:
    start: int
    end: int
    text: str
    members: tuple[Participant, ...]
    sources: tuple[Participant, ...]  # who acts when the group is a subject/agent
    targets: tuple[Participant, ...]  # who is acted on when the group is an object
    kind: str = "gene"  # gene | list | chain | pair | complex
    space_before: bool = True
    edges: tuple[Edge, ...] = field(default_factory=tuple)

    low = ""  # groups are no words


Item = Token | Group


def is_word(item: Item, *words: str) -> bool:
    return item.low in words  # a Group's ``low`` is "", which no caller asks for


def tokenise(text: str, offset: int, begin: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[begin:end]``; offsets are shifted by ``offset`` (the sentence start).
    Built from one split of the span, a token at a time only in C (a sentence has dozens)."""
    pieces = WORD_SPLIT.split(text[begin:end])  # gap, token, gap, …, token, gap
    words = pieces[1::2]
    if not words:
        return []
    cuts = list(accumulate(map(len, pieces), initial=offset + begin))
    spaces = list(map(bool, pieces[0:-1:2]))  # a gap is whitespace or empty
    if not spaces[0]:  # the span's first token: what precedes the span decides
        spaces[0] = begin == 0 or text[begin - 1].isspace()
    lows = "\n".join(words).lower().split("\n")  # tokens hold no whitespace
    return list(map(Token, words, cuts[1:-1:2], cuts[2::2], spaces, lows))


# Stands for a cut-out span in the text ``tokenise_around`` splits: a non-word character,
# so a token of its own that extends no word before or after it.
HOLE = "\0"


def tokenise_around(text: str, offset: int, cuts: list[tuple[int, int]]) -> tuple[list[Token], list[int]] | None:
    """The tokens ``tokenise`` gives for each gap around the sorted, disjoint spans ``cuts``
    of ``text``, in order, with a placeholder token in each span's place, and the indices of
    those: one split of the text with the spans cut out, not one per gap. None when the
    text itself holds a HOLE character (then tokenise the gaps one by one)."""
    if HOLE in text:
        return None
    gaps, at = [], 0
    for start, end in cuts:
        gaps.append(text[at:start])
        at = end
    gaps.append(text[at:])
    pieces = WORD_SPLIT.split(HOLE.join(gaps))  # gap, token, gap, …, token, gap
    words = pieces[1::2]
    lengths = list(map(len, pieces))
    spaces = list(map(bool, pieces[0:-1:2]))
    if spaces:
        spaces[0] = True  # the first token of the text: 'tokenise' from 0
    found, k = [], -1
    for start, end in cuts:
        k = words.index(HOLE, k + 1)
        found.append(k)
        lengths[2 * k + 1] = end - start  # the hole's offsets are the span's
        if k + 1 < len(words) and not spaces[k + 1]:  # a token glued to the span's end
            spaces[k + 1] = end == 0 or text[end - 1].isspace()
    cuts_at = list(accumulate(lengths, initial=offset))
    lows = "\n".join(words).lower().split("\n")  # tokens hold no whitespace
    return list(map(Token, words, cuts_at[1:-1:2], cuts_at[2::2], spaces, lows)), found


def spaced(text: str, at: int) -> bool:
    """Whether a space (or the sentence start) comes before position ``at``."""
    return at == 0 or text[at - 1].isspace()
