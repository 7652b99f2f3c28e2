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

WORD = re.compile(r"[^\W_]+(?:['’′][^\W_]+)*(?:[-‐‑][^\W_]+)*|\S")


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
    low: str = field(init=False, repr=False, compare=False)  # the patterns read it often

    def __post_init__(self) -> None:
        self.low = self.text.lower()


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
    """Tokens of ``text[begin:end]``; offsets are shifted by ``offset`` (the sentence start)."""
    tokens = []
    for m in WORD.finditer(text, begin, len(text) if end is None else end):
        start, stop = m.span()
        space = start == 0 or text[start - 1].isspace()  # spaced(text, start), inlined: hot
        tokens.append(Token(m.group(), offset + start, offset + stop, space))
    return tokens


def spaced(text: str, at: int) -> bool:
    """Whether a space (or the sentence start) comes before position ``at``."""
    return at == 0 or text[at - 1].isspace()
