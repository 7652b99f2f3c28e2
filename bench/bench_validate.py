"""Validation speed: triples/s for the fast path and pySHACL on the same graphs (one core).

    .venv/bin/python bench/bench_validate.py [RECORDS] [--copies N] [--pyshacl-figures N]

Maps RECORDS (default ../shared/corpus) once, repeats the figures N times to get volume,
validates each figure's graph with both engines (CPU time of this process), checks they
agree, and prints triples/s. Per figure is how ``convert --validate`` and N-Quads/TriG
input run; each figure's graph is self-contained.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from rdfexport.pipeline import Summary, figures, mapped
from rdfexport.validate import load_validator


def rate(validator, graphs) -> tuple[float, list]:
    start = time.process_time()
    found = [validator.validate(g) for g in graphs]
    seconds = time.process_time() - start
    return sum(map(len, graphs)) / seconds, found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("records", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--pyshacl-figures", type=int, default=35, help="figures pySHACL validates (it is slow)")
    args = parser.parse_args()
    summary = Summary()
    graphs = [triples for _, triples in mapped(figures([args.records], summary), summary)] * args.copies
    total = sum(map(len, graphs))
    print(f"{len(graphs)} figure graphs, {total} triples")
    fast_rate, fast = rate(load_validator(), graphs)
    print(f"fast    {fast_rate:12,.0f} triples/s  ({total / fast_rate:.2f} s CPU)")
    sample = graphs[: args.pyshacl_figures]
    ref_rate, ref = rate(load_validator(engine="pyshacl"), sample)
    print(f"pyshacl {ref_rate:12,.0f} triples/s  ({sum(map(len, sample)) / ref_rate:.2f} s CPU, {len(sample)} figures)")
    agree = all(Counter(f.key() for f in a) == Counter(f.key() for f in b) for a, b in zip(fast, ref))
    print(f"speed-up x{fast_rate / ref_rate:.0f}; same results on the {len(sample)} figures both ran: {agree}")


if __name__ == "__main__":
    main()
