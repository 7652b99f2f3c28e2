"""Caption text → sentences with character offsets.

Captions are run-together, abbreviation-heavy prose: a period ends a sentence only when
what follows looks like a new sentence and what precedes is no abbreviation. A semicolon
always ends one (glossaries are ';'-separated and the gold counts them as sentences).
Nothing inside parentheses or brackets splits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words that end in a period without ending a sentence ('e.g.', 'Fig. 2', 'et al.').
ABBREVIATIONS = frozenset("""
    e.g i.e al fig figs vs cf ca approx no nos ref refs resp sp spp st dr mr ms prof eq eqs
    viz etc inc ltd co jr sr var subsp ser thr tyr
""".split())

# A candidate boundary: sentence punctuation, then space or a run-together capitalised word.
BOUNDARY = re.compile(r"[.;?!](?=\s+\S)|\.(?=[A-Z][a-z])")
# A lower-case word glued to a capitalised sentence opener ('nephropathyThe'): the title
# was concatenated with the caption without punctuation.
GLUED_OPENER = re.compile(r"(?<=[a-z]{3})(?=(?:The|This|These|In|Upon|When|After|Under)\s)")


@dataclass(frozen=True)
class Sentence:
    index: int  # 1-based
    start: int  # offsets in the caption
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    cuts = sorted(set(_boundaries(text)))
    spans, begin = [], 0
    for cut in cuts + [len(text)]:
        spans.append((begin, cut))
        begin = cut
    return [s for s in (_trimmed(text, a, b) for a, b in spans) if s]


def _boundaries(text: str):
    depth = _depths(text)
    for match in BOUNDARY.finditer(text):
        at = match.start()
        if depth[at] == 0 and _ends_sentence(text, at):
            yield at + 1
    for match in GLUED_OPENER.finditer(text):
        if depth[match.start()] == 0:
            yield match.start()


def _depths(text: str) -> list[int]:
    """Bracket depth before each character (never below zero: captions drop brackets)."""
    depth, out = 0, []
    for char in text:
        out.append(depth)
        if char in "([{":
            depth += 1
        elif char in ")]}" and depth:
            depth -= 1
    return out


def _ends_sentence(text: str, at: int) -> bool:
    if text[at] == ";":
        return True
    word = re.search(r"([\w.]+)$", text[:at])
    before = word.group(1).lower() if word else ""
    if before in ABBREVIATIONS or before.rstrip(".") in ABBREVIATIONS:
        return False
    if re.fullmatch(r"[A-Z]", word.group(1) if word else ""):  # an initial or genus: 'H. pylori'
        return False
    after = text[at + 1:].lstrip()
    return bool(after) and (after[0].isupper() or after[0].isdigit() or after[0] in "([\"'")


def _trimmed(text: str, start: int, end: int) -> Sentence | None:
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    chunk = chunk.strip()
    if not chunk:
        return None
    return Sentence(0, start + lead, start + lead + len(chunk), chunk)


def numbered(sentences: list[Sentence]) -> list[Sentence]:
    return [Sentence(i, s.start, s.end, s.text) for i, s in enumerate(sentences, 1)]
