#!/usr/bin/env python3
"""Score the caption miner against a gold file and run it over a caption table.

    .venv/bin/python bench/eval_interactions.py                 # dev gold + 2,438 captions
    .venv/bin/python bench/eval_interactions.py --no-corpus     # gold only

Prints precision, recall and F1 overall and per class (rules: shared/eval/ANNOTATION.md),
the false positives and misses per figure, then for the caption table: interactions per
class, captions per second, and 20 random interactions (fixed seed) for reading.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from rdfexport.ground import find_mentions  # noqa: E402
from rdfexport.mine import mine_text  # noqa: E402
from rdfexport.mine.score import mine_gold_figures, read_gold, report_lines, score  # noqa: E402

SHARED = REPO.parent / "shared"
GOLD = SHARED / "eval" / "captions_gold_dev.tsv"
FIGURES = SHARED / "corpus" / "_figures"
CAPTIONS = SHARED / "corpus" / "tables" / "pfocr_curated_captions_2020.tsv"


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--gold", default=str(GOLD))
    p.add_argument("--figures", default=str(FIGURES), help="folder of _figures/*.md records")
    p.add_argument("--captions", default=str(CAPTIONS), help="TSV with figid and caption columns")
    p.add_argument("--no-corpus", action="store_true", help="skip the caption-table run")
    p.add_argument("--limit", type=int, default=0, help="mine only the first N captions")
    p.add_argument("--sample", type=int, default=20)
    p.add_argument("--seed", type=int, default=5)
    return p.parse_args(argv)


def evaluate(gold_path: str, figure_dir: str) -> None:
    gold = read_gold(gold_path)
    result = score(gold, mine_gold_figures(gold, figure_dir))
    print(f"# gold: {gold_path} ({len(gold.figures)} figures; core+implicit rows scored)")
    print("\n".join(report_lines(result)))


def run_corpus(path: str, limit: int, sample: int, seed: int) -> None:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    rows = rows[:limit] if limit else rows
    mine_text("warm up: STAT3 activates MMP9.")  # load the lexicon outside the timing
    captions = [row.get("caption") or "" for row in rows]
    started = time.perf_counter()
    mentions = [find_mentions(c) for c in captions]
    grounded = time.perf_counter()
    found = [(row["figid"], i) for row, c, m in zip(rows, captions, mentions) for i in mine_text(c, mentions=m)]
    mined = time.perf_counter()
    elapsed = mined - started
    print(f"\n# {path}: {len(rows)} captions in {elapsed:.1f} s ({len(rows) / elapsed:.0f} captions/s end to end; "
          f"grounding {len(rows) / (grounded - started):.0f}/s, mining alone {len(rows) / (mined - grounded):.0f}/s), "
          f"{len(found)} interactions ({sum(i.negated for _, i in found)} negated, "
          f"{sum(i.hedged for _, i in found)} hedged)")
    for cls, n in Counter(i.wp_class for _, i in found).most_common():
        print(f"{cls:26s} {n}")
    print(f"\n# {sample} random interactions (seed {seed})")
    for figid, i in random.Random(seed).sample(found, min(sample, len(found))):
        flags = "".join(f" [{f}]" for f in ("negated", "hedged") if getattr(i, f))
        print(f"{figid}\t{i.source_symbol} -{i.wp_class}-> {i.target_symbol}{flags}\n    {i.evidence}")


def main(argv=None) -> int:
    args = parse_args(argv)
    evaluate(args.gold, args.figures)
    if not args.no_corpus:
        run_corpus(args.captions, args.limit, args.sample, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
