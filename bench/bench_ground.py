"""Grounding speed and a record of its every output (one core).

    .venv/bin/python bench/bench_ground.py                  # speeds
    .venv/bin/python bench/bench_ground.py --dump FILE      # also write every output to FILE
    .venv/bin/python bench/bench_ground.py --check FILE     # also compare every output with FILE

Prints, in CPU seconds of one core: the lexicon's load time and memory in a fresh process,
then its sections parsed on first use and the first ``find_mentions`` call; captions/s of
``find_mentions`` over the 2,438 curated captions (no context, first pass and best pass,
then each caption with a context: the genes the context-free pass found, which exercises
the context rules); figures/s of ``ground_figure`` over the corpus records. ``--dump``/``--check`` cover ``find_mentions`` on all of those captions, the
corpus captions with their figure's context, ``ground_name`` on every mention and gold
name, and ``ground_figure``: an optimisation must leave the file unchanged. Dumps are
large: keep them under ``bench/out/`` (ignored by git).
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import time
from dataclasses import asdict, astuple
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from rdfexport.ground import GroundingContext, TaxonTable, find_mentions, ground_figure, ground_name  # noqa: E402
from rdfexport.lexicon import load_lexicon  # noqa: E402

SHARED = (REPO.parent / "shared").resolve()
CAPTIONS = SHARED / "corpus" / "tables" / "pfocr_curated_captions_2020.tsv"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "eval" / "captions_gold_dev.tsv"

LOAD_PROBE = """
import time
def rss():
    return int(open('/proc/self/statm').read().split()[1]) * 4096
before = rss()
start = time.process_time()
from rdfexport.lexicon import load_lexicon
lex = load_lexicon()
loaded = time.process_time()
after_load = rss()
lex.terms, [lex.model.get(t) for t in ('10090', '10116', '7955')]
sections = time.process_time()
from rdfexport.ground import find_mentions
find_mentions('STAT3 activates MMP9 via NF-kB p65 and IL-6; Il6 in mice.')
first = time.process_time()
print(loaded - start, sections - loaded, first - sections, (after_load - before) / 2**20, (rss() - before) / 2**20)
"""


def read_captions(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["figid"], row.get("caption") or "") for row in csv.DictReader(handle, delimiter="\t")]


def corpus_figures():
    from rdfexport.normalise import normalise_record
    from rdfexport.read import Source, read_record

    figures = []
    for path in sorted((CORPUS / "_figures").glob("*.md")):
        figures.append(normalise_record(read_record(Source(str(path), (CORPUS / "_data",)))))
    return figures


def gold_names() -> list[tuple[str, str]]:
    if not GOLD.is_file():
        return []
    lines = [l for l in GOLD.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    return sorted({(r["figid"], r[f"{side}_text"]) for r in rows for side in ("src", "tgt")})


def context_of(mentions) -> GroundingContext:
    symbols = {m.symbol for m in mentions if m.symbol and not m.symbol.startswith("FPLX:")}
    families = {m.symbol for m in mentions if m.symbol and m.symbol.startswith("FPLX:")}
    return GroundingContext(frozenset(symbols), frozenset(families))


def measure_load() -> None:
    probe = subprocess.run([sys.executable, "-c", LOAD_PROBE], capture_output=True, text=True,
                           cwd=REPO, check=True)
    load, sections, first, mem_load, mem_all = map(float, probe.stdout.split())
    print(f"lexicon load         {load:8.2f} s CPU   ({mem_load:.0f} MiB RSS: import and load)")
    print(f"  species and MeSH   {sections:8.2f} s CPU   (sections parsed on first use; {mem_all:.0f} MiB RSS with all)")
    print(f"  first find_mentions{first:8.2f} s CPU")


def rate(items, call, repeat: int = 1) -> tuple[float, list]:
    """Items per CPU second of one core, best of ``repeat`` passes."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        out = [call(*item) for item in items]
        best = min(best, time.process_time() - start)
    return len(items) / best, out


def outputs(captions, plain, contexts, with_context, figures, grounded) -> list:
    """Every grounding output the bench saw, as JSON-able rows."""
    rows = []
    for (figid, _), none, ctx in zip(captions, plain, with_context):
        rows.append(["mentions", figid, [astuple(m) for m in none]])
        rows.append(["mentions+context", figid, [astuple(m) for m in ctx]])
    by_fig = {f.figid: GroundingContext.from_figure(f) for f in grounded}
    for fig in grounded:
        found = find_mentions(fig.caption or "", by_fig[fig.figid])
        rows.append(["corpus", fig.figid, [astuple(m) for m in found]])
        rows.append(["ground_figure", fig.figid, repr(fig)])
    names = sorted({(figid, m.text) for (figid, _), ms in zip(captions, plain) for m in ms})
    for figid, text in names:
        rows.append(["ground_name", text, asdict(ground_name(text))])
    for figid, text in gold_names():
        rows.append(["ground_name+context", figid, text, asdict(ground_name(text, by_fig.get(figid)))])
    return json.loads(json.dumps(rows))  # tuples → lists, as a reload would give


def check(rows: list, path: Path) -> int:
    with path.open(encoding="utf-8") as handle:
        before = [json.loads(line) for line in handle]
    if len(before) != len(rows):
        print(f"CHANGED: {len(before)} rows in {path}, {len(rows)} now")
    changed = [(a, b) for a, b in zip(before, rows) if a != b]
    for a, b in changed[:40]:
        print(f"- {json.dumps(a, ensure_ascii=False)[:600]}\n+ {json.dumps(b, ensure_ascii=False)[:600]}")
    print(f"outputs: {len(rows)} rows, {len(changed)} changed against {path}")
    return 1 if changed or len(before) != len(rows) else 0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dump", type=Path, help="write every output here (JSON lines)")
    p.add_argument("--check", type=Path, help="compare every output with this dump")
    p.add_argument("--copies", type=int, default=20, help="passes over the corpus figures for ground_figure")
    p.add_argument("--repeat", type=int, default=3, help="timed passes; the best counts (a shared machine is noisy)")
    args = p.parse_args(argv)
    measure_load()
    load_lexicon()
    find_mentions("warm up: STAT3 activates MMP9.")
    captions = read_captions(CAPTIONS)
    texts = [(text,) for _, text in captions]
    speed, plain = rate(texts, find_mentions)
    print(f"find_mentions        {speed:8.0f} captions/s  ({len(captions)} captions, no context, first pass)")
    speed, plain = rate(texts, find_mentions, args.repeat)
    print(f"find_mentions        {speed:8.0f} captions/s  (no context, best of {args.repeat} passes)")
    contexts = [context_of(m) for m in plain]
    speed, with_context = rate([(text, ctx) for (_, text), ctx in zip(captions, contexts)], find_mentions, args.repeat)
    print(f"find_mentions        {speed:8.0f} captions/s  (each with a context, best of {args.repeat})")
    figures = corpus_figures()
    taxa = TaxonTable()
    lex = load_lexicon()
    lex.terms, [lex.model.get(t) for t in ("10090", "10116", "7955")]  # parsed outside the timing
    speed, _ = rate([(f, taxa) for f in figures], ground_figure)
    print(f"ground_figure        {speed:8.0f} figures/s   ({len(figures)} figures, first pass)")
    speed, grounded = rate([(f, taxa) for f in figures] * args.copies, ground_figure, args.repeat)
    print(f"ground_figure        {speed:8.0f} figures/s   ({len(figures)} figures x {args.copies}, best of {args.repeat})")
    if not (args.dump or args.check):
        return 0
    rows = outputs(captions, plain, contexts, with_context, figures, grounded[: len(figures)])
    if args.dump:
        args.dump.parent.mkdir(parents=True, exist_ok=True)
        with args.dump.open("w", encoding="utf-8") as handle:
            handle.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        print(f"wrote {len(rows)} rows to {args.dump}")
    return check(rows, args.check) if args.check else 0


if __name__ == "__main__":
    sys.exit(main())
