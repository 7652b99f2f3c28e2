"""Fuzz the reader + mapper: mutated real records, then the property tests at a high count.

    .venv/bin/python bench/fuzz_records.py --minutes 3            # mutation fuzz, 3 minutes
    .venv/bin/python bench/fuzz_records.py --minutes 3 --examples 5000   # + hypothesis

Mutation fuzz: take a real record (and its companion table) from the corpus, apply a few
random byte-level mutations biased towards what breaks YAML, IRIs and RDF syntax, and run
read → normalise → ground → mine → map → N-Triples → parse. Each run must account for the
record (converted or refused with a file, field and reason), never refuse it as
'unexpected', and write N-Triples that pyoxigraph parses with only safe IRIs. A failing
input is saved under ``bench/out/fuzz/`` and named on stdout: turn it into a fixture in
``tests/hostile/`` (see docs/robustness.md).

Then, with ``--examples N``, ``tests/test_properties_hostile.py`` runs with N hypothesis
examples per property (RDFEXPORT_FUZZ_EXAMPLES).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rdfexport.pipeline import Summary, figures, mapped  # noqa: E402

SAFE_IRI = re.compile(r"[a-z][a-z0-9+.-]*:(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-F]{2})+")
TOKENS = [b"\n---\n", b"---", b"...", b"&a ", b"*a", b" &x [*x, *x]", b"\t", b"\r", b"\r\n", b"\x00", b"\xff",
          b"\xef\xbb\xbf", b"{", b"}", b"[", b"]", b": ", b"'", b'"', b'"\\ud800"', b'"\\x00\\x1b"', b"%", b"%2F",
          b"<", b">", b"..", b"../", b"/", b"\\", b"PMC", b"PMC\xd9\xa1", b"\xef\xbc\x92", b" ", b"\n", b"- ",
          b"? ", b"!!python/object ", b"!foo ", b"|", b">-", b"#", b"NA", b".na.character", b"NaN", b"1e309",
          b"\xe2\x80\xa8", b"figid: ", b"pmcid: ", b"\nfigid: x\n", b"\ncaption: ", b"'\n  '"]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


def mutate(data: bytes, rng: random.Random) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(len(data) + 1)
        kind = rng.random()
        if kind < 0.5:
            data[at:at] = rng.choice(TOKENS)
        elif kind < 0.7 and data:
            del data[at:at + rng.randint(1, 40)]
        elif kind < 0.85 and data:
            data[min(at, len(data) - 1)] = rng.randrange(256)
        else:  # duplicate a line (duplicate keys, repeated fences)
            lines = bytes(data).split(b"\n")
            i = rng.randrange(len(lines))
            lines.insert(rng.randrange(len(lines) + 1), lines[i])
            data = bytearray(b"\n".join(lines))
    return bytes(data)


def check(site: Path) -> str | None:
    """None when the run behaved, else what went wrong."""
    summary = Summary()
    try:
        items = list(mapped(figures([str(site)], summary), summary))
    except Exception as exc:  # noqa: BLE001 - the batch itself must never fail
        return f"batch raised {type(exc).__name__}: {exc}"
    if summary.read != summary.converted + len(summary.refused):
        return f"not accounted for: {summary}"
    for refusal in summary.refused:
        if refusal.field == "record" or "\n" in str(refusal):
            return f"bad refusal: {refusal}"
    triples = [t for _, ts in items for t in ts]
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    try:
        parsed = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError as exc:
        return f"output does not parse: {exc}"
    for t in parsed:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode) and not SAFE_IRI.fullmatch(term.value):
                return f"unsafe IRI {term.value!r}"
    return None


def fuzz(corpus: Path, seconds: float, seed: int, out: Path) -> tuple[int, int]:
    rng = random.Random(seed)
    records = sorted((corpus / "_figures").glob("*.md"))
    runs = failures = 0
    deadline = time.monotonic() + seconds
    with tempfile.TemporaryDirectory() as tmp:
        while time.monotonic() < deadline:
            source = rng.choice(records)
            site = Path(tmp) / f"site{runs}"
            (site / "_figures").mkdir(parents=True)
            (site / "_data").mkdir()
            record = mutate(source.read_bytes(), rng)
            (site / "_figures" / source.name).write_bytes(record)
            for table in sorted((corpus / "_data").glob(f"{source.stem}-*.tsv")):
                body = table.read_bytes()
                (site / "_data" / table.name).write_bytes(mutate(body, rng) if rng.random() < 0.3 else body)
            problem = check(site)
            runs += 1
            if problem:
                failures += 1
                digest = hashlib.sha256(record).hexdigest()[:12]
                saved = out / digest
                shutil.copytree(site, saved, dirs_exist_ok=True)
                print(f"FAIL {saved}: {problem}", flush=True)
            shutil.rmtree(site)
    return runs, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=3.0, help="mutation fuzz time")
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS if DEFAULT_CORPUS.is_dir() else ROOT / "samples" / "corpus")
    parser.add_argument("--examples", type=int, default=0, help="then run the property tests with N examples each")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "fuzz")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    runs, failures = fuzz(args.corpus, args.minutes * 60, args.seed, args.out)
    took = time.monotonic() - start
    print(f"mutation fuzz: seed {args.seed}, {runs} records in {took:.0f} s ({runs / took:.1f}/s), {failures} failures")
    if args.examples:
        env = {**os.environ, "RDFEXPORT_FUZZ_EXAMPLES": str(args.examples)}
        proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "ignore::DeprecationWarning",
                               str(ROOT / "tests" / "test_properties_hostile.py"), "--hypothesis-show-statistics"],
                              cwd=ROOT, env=env)
        failures += proc.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
