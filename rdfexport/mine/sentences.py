"""Caption text → sentences with character offsets.

Captions are run-together, abbreviation-heavy prose: a period ends a sentence only when
what follows looks like a new sentence and what precedes is no abbreviation. A semicolon
always ends one (glossaries are ';'-separated and the gold counts them as sentences).
Nothing inside parentheses or brackets splits.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Callable

# Words that end in a period without ending a sentence ('e.g.', 'Fig. 2', 'et al.').
ABBREVIATIONS = frozenset("""
    e.g i.e al fig figs vs cf ca approx no nos ref refs resp sp spp st dr mr ms prof eq eqs
    viz etc inc ltd co jr sr var subsp ser thr tyr
""".split())

# A candidate boundary: sentence punctuation, then space or a run-together capitalised word.
# (One character class first: the engine then scans for it in C instead of trying the
# pattern at every position.)
BOUNDARY = re.compile(r"[.;?!](?:(?=\s+\S)|(?<=\.)(?=[A-Z][a-z]))")
# A lower-case word glued to a capitalised sentence opener ('nephropathyThe'): the title
# was concatenated with the caption without punctuation. Each alternative starts with the
# opener's capital, so the engine scans for those few letters in C and only there looks
# back for the three lower-case ones; the match starts at the capital.
OPENERS = ("The", "This", "These", "In", "Upon", "When", "After", "Under")
GLUED_OPENER = re.compile("(?:" + "|".join(f"{w[0]}(?<=[a-z]{{3}}{w[0]}){w[1:]}" for w in OPENERS) + r")(?=\s)")


@dataclass(frozen=True)
class Sentence:
    index: int  # 1-based
    start: int  # offsets in the caption
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    return [Sentence(0, start, end, text[start:end]) for start, end in sentence_spans(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, blanks trimmed: what ``split_sentences`` makes its
    ``Sentence``s of (the miner makes them only for the sentences it mines)."""
    spans, begin = [], 0
    for cut in sorted(set(_boundaries(text))) + [len(text)]:
        chunk = text[begin:cut]
        stripped = chunk.strip()
        if stripped:
            start = begin + len(chunk) - len(chunk.lstrip())
            spans.append((start, start + len(stripped)))
        begin = cut
    return spans


def _boundaries(text: str):
    outside = _outside_brackets(text)
    for match in BOUNDARY.finditer(text):
        at = match.start()
        if outside(at) and _ends_sentence(text, at):
            yield at + 1
    for match in GLUED_OPENER.finditer(text):
        if outside(match.start()):
            yield match.start()


NEXT_VISIBLE = re.compile(r"\s*(\S)")
BRACKET = re.compile(r"[][(){}]")


def _outside_brackets(text: str) -> Callable[[int], bool]:
    """Whether the bracket depth before a position is zero (depth never goes below zero:
    captions drop brackets). Depth changes only at brackets, so only they are walked."""
    depth, changes, depths = 0, [0], [0]  # depth from changes[k] on is depths[k]
    for match in BRACKET.finditer(text):
        if match.group() in "([{":
            depth += 1
        elif depth:
            depth -= 1
        changes.append(match.end())
        depths.append(depth)
    return lambda at: depths[bisect_right(changes, at) - 1] == 0


def _ends_sentence(text: str, at: int) -> bool:
    if text[at] == ";":
        return True
    word = _word_before(text, at)
    before = word.lower()
    if before in ABBREVIATIONS or before.rstrip(".") in ABBREVIATIONS:
        return False
    if len(word) == 1 and "A" <= word <= "Z":  # an initial or genus: 'H. pylori'
        return False
    after = NEXT_VISIBLE.match(text, at + 1)  # the first character past the spaces
    return bool(after) and (after[1].isupper() or after[1].isdigit() or after[1] in "([\"'")


def _word_before(text: str, at: int) -> str:
    """The run of word characters and periods that ends ``text[:at]`` (or its last line
    break, as ``re.search(r"[\\w.]+$", text[:at])`` finds it), else ''. Walked back from
    ``at``: the regex would scan the caption from its start at every period."""
    end = at - 1 if at and text[at - 1] == "\n" else at
    start = end
    while start and (text[start - 1].isalnum() or text[start - 1] in "_."):
        start -= 1
    return text[start:end]


def numbered(sentences: list[Sentence]) -> list[Sentence]:
    return [Sentence(i, s.start, s.end, s.text) for i, s in enumerate(sentences, 1)]
