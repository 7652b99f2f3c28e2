"""Gold caption mentions (shared/eval/captions_gold_dev.tsv) ground to their gold symbols.

Each distinct (figure, written mention, gold symbol) is grounded in the context of its
figure; a list or chain (``ZEB1/2``, ``IL-6/JAK/STAT3 pathways``) counts when the gold
symbol is among its members. The misses are printed so a regression names itself.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import pytest

from rdfexport.ground import GroundingContext, ground_name

SHARED = Path(__file__).parents[1] / ".." / "shared"
GOLD = SHARED / "eval" / "captions_gold_dev.tsv"
CORPUS = SHARED / "corpus"

pytestmark = pytest.mark.skipif(not GOLD.is_file(), reason="../shared/eval is not checked out beside the repo")


def gold_mentions() -> dict[tuple[str, str], set[str]]:
    """(figid, mention as written) -> its gold symbols (several for 'ZEB1/2')."""
    lines = [l for l in GOLD.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    mentions: dict[tuple[str, str], set[str]] = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        for side in ("src", "tgt"):
            mentions.setdefault((row["figid"], row[f"{side}_text"]), set()).add(row[f"{side}_symbol"])
    return mentions


@lru_cache(maxsize=None)
def context_of(figid: str) -> GroundingContext:
    from rdfexport.normalise import normalise_record
    from rdfexport.read import Source, read_record

    path = CORPUS / "_figures" / f"{figid}.md"
    figure = normalise_record(read_record(Source(str(path), (CORPUS / "_data",))))
    return GroundingContext.from_figure(figure)


def is_hit(result, gold: set[str]) -> bool:
    """A list ('ZEB1/2') must hold every gold symbol; anything else must be the one."""
    if result.kind == "list":
        return gold <= set(result.members)
    return gold == {result.symbol}


def test_gold_mentions_ground_to_gold_symbols():
    mentions = gold_mentions()
    misses = []
    for (figid, text), gold in sorted(mentions.items()):
        result = ground_name(text, context_of(figid))
        if not is_hit(result, gold):
            misses.append(f"{figid}\t{text!r}\tgold {sorted(gold)}\tgot {result.symbol} ({result.match})")
    accuracy = 1 - len(misses) / len(mentions)
    print(f"\ngold mentions: {len(mentions)}, grounded right: {accuracy:.1%}")
    print("\n".join(misses))
    assert accuracy >= 0.97, "\n".join(misses)
