"""Benchmark: rdfexport convert + validate vs a naive rdflib + pySHACL pipeline, same corpus.

    python bench/run.py 91000                 # generate (or reuse) bench/out/corpus-91000, run all
    python bench/run.py 5000 --jobs 2 --baseline-n 2000 --identity-n 2000
    python bench/run.py --corpus SITE         # an existing site checkout

Parts (each printed as it finishes, all written to bench/out/results-N.json):
  stages    per-stage cost per figure on a sample, in one process (where the time goes)
  rdfexport ``rdfexport convert SITE --format nq --validate --jobs J`` as a subprocess: wall,
            CPU, figures/s, triples/s, peak RSS of the whole process tree (psutil samples,
            summed over the tree, plus the largest single process)
  identity  --jobs 1 and --jobs 2 outputs (sha256) on the first ``--identity-n`` records
  writers   Turtle and N-Triples: rdfexport's streaming writer vs pyoxigraph.serialize on the
            same triples (in memory, written to /dev/null)
  baseline  the naive pipeline on the first ``--baseline-n`` records (same read/normalise/
            ground/mine, then an rdflib Graph, rdflib Turtle, pySHACL on the whole graph),
            scaled linearly to the corpus, and the ratios
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
RDFEXPORT = [sys.executable, "-m", "rdfexport"]


# --- measuring a process tree -------------------------------------------------------------
class TreeSampler(threading.Thread):
    """Peak RSS of a process and its children, sampled (psutil), summed and per process."""

    def __init__(self, pid: int, interval: float = 0.25):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_sum = self.peak_one = self.peak_pss = 0
        self.cpu = 0.0
        self._halt = threading.Event()

    def run(self) -> None:
        import psutil

        root = psutil.Process(self.pid)
        seen: dict[int, float] = {}
        while not self._halt.is_set():
            try:
                procs = [root] + root.children(recursive=True)
                rss, pss = [], []
                for p in procs:
                    try:
                        rss.append(p.memory_info().rss)
                        pss.append(_pss(p.pid))
                        t = p.cpu_times()
                        seen[p.pid] = t.user + t.system
                    except psutil.Error:
                        pass
                self.peak_sum = max(self.peak_sum, sum(rss))
                self.peak_pss = max(self.peak_pss, sum(pss))
                self.peak_one = max([self.peak_one] + rss)
                self.cpu = sum(seen.values())
            except psutil.Error:
                break
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def _pss(pid: int) -> int:
    """A process's proportional set size in bytes (its private pages, and each page it shares
    with others divided by their number: the forked workers share the lexicon's pages, which
    summed RSS counts once per process); 0 where the kernel does not tell."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def run_measured(cmd: list[str], **kwargs) -> dict:
    """Run ``cmd``; wall time, CPU seconds and peak RSS of its process tree."""
    start = time.monotonic()
    before = os.times()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)
    sampler = None
    try:
        import psutil  # noqa: F401 - the sampler needs it

        sampler = TreeSampler(proc.pid)
        sampler.start()
    except ImportError:
        pass
    out, err = proc.communicate()
    wall = time.monotonic() - start
    if sampler:
        sampler.stop()
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    import resource

    result = {
        "cmd": " ".join(cmd), "returncode": proc.returncode, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
        # ru_maxrss of children: the largest single descendant (KiB on Linux), not a sum
        "max_rss_one_process_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "stdout": out.decode(errors="replace"), "stderr_tail": err.decode(errors="replace")[-2000:],
    }
    if sampler:
        result["peak_rss_tree_mb"] = round(sampler.peak_sum / 2**20, 1)
        result["peak_rss_largest_mb"] = round(sampler.peak_one / 2**20, 1)
        if sampler.peak_pss:
            result["peak_pss_tree_mb"] = round(sampler.peak_pss / 2**20, 1)
    return result


# --- the parts ----------------------------------------------------------------------------
def corpus_for(n: int, seed: int) -> Path:
    path = OUT / f"corpus-{n}"
    marker = path / "CORPUS"
    if not (marker.is_file() and marker.read_text().strip() == f"n={n} seed={seed}"):
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(n), "-o", str(path),
                        "--seed", str(seed), "--jobs", "2"], check=True)
    return path


def subset(site: Path, n: int) -> Path:
    """A site checkout holding the first ``n`` records of ``site`` (symlinks), for the small runs."""
    out = OUT / f"{site.name}-first{n}"
    if (out / "_figures").is_dir() and len(list((out / "_figures").iterdir())) == n:
        return out
    shutil.rmtree(out, ignore_errors=True)
    for sub in ("_figures", "_data", "_organisms"):
        (out / sub).mkdir(parents=True)
    for page in (site / "_organisms").glob("*.md"):
        (out / "_organisms" / page.name).symlink_to(page)
    tables: dict[str, list[Path]] = {}
    for table in (site / "_data").iterdir():  # listed once: globbing per record is quadratic
        tables.setdefault(table.name.rpartition("-")[0], []).append(table)
    for md in sorted((site / "_figures").glob("*.md"))[:n]:
        (out / "_figures" / md.name).symlink_to(md)
        for table in tables.get(md.stem, ()):
            (out / "_data" / table.name).symlink_to(table)
    return out


def part_stages(site: Path, n: int) -> dict:
    """CPU ms per figure for each stage, on ``n`` records, in this process (lexicon preloaded);
    CPU time, not wall, so other load on the machine does not inflate it."""
    from rdfexport import read
    from rdfexport.describe import figure_counts
    from rdfexport.ground import TaxonTable, ground_figure
    from rdfexport.map import map_figure_lines
    from rdfexport.mine import mine_figure
    from rdfexport.normalise import normalise_record
    from rdfexport.parallel import _settle_heap
    from rdfexport.validate import Report, load_validator, validate_tails

    from pyoxigraph import NamedNode

    from rdfexport import iris

    taxa = TaxonTable(read.read_organism_pages([site]))
    validator = load_validator()
    t = dict.fromkeys(["read", "normalise", "ground", "mine", "map", "serialise", "validate", "count"], 0.0)
    sources = list(read.discover([str(site)]))[:n]
    # warm-up: load the lexicon and shapes outside the timings (once per process), and settle
    # the heap as a worker does at its start (lexicon sections parsed, gc.freeze, thresholds)
    ground_figure(normalise_record(read.read_record(sources[0])), taxa)
    _settle_heap()
    triples_total, failures, clock = 0, 0, time.process_time
    for source in sources:  # what the worker does (parallel.convert_record), stage by stage
        c0 = clock()
        raw = read.read_record(source)
        c1 = clock()
        fig = normalise_record(raw)
        c2 = clock()
        fig = ground_figure(fig, taxa)
        c3 = clock()
        fig = mine_figure(fig)
        c4 = clock()
        lines = map_figure_lines(fig)
        count = lines.count()
        c5 = clock()
        lines.nquads(iris.figure_graph(fig.figid))
        c6 = clock()
        index = None
        try:  # the fast engine reads no text (parallel._validated)
            index = validate_tails(validator, lines.items(), "", Report(), NamedNode(iris.figure_graph(fig.figid)),
                                   None, count)
        except Exception:  # noqa: BLE001 - a validator bug costs its record, not the profile
            failures += 1
        c7 = clock()
        if index is not None:
            figure_counts(index.out)  # the dataset description's share of this figure
        c8 = clock()
        for key, a, b in zip(t, (c0, c1, c2, c3, c4, c5, c6, c7), (c1, c2, c3, c4, c5, c6, c7, c8)):
            t[key] += b - a
        triples_total += count
    per = {k: round(v / len(sources) * 1000, 3) for k, v in t.items()}
    return {"figures": len(sources), "triples_per_figure": round(triples_total / len(sources), 1),
            "ms_per_figure": per, "total_ms_per_figure": round(sum(per.values()), 2),
            "validator_errors": failures}


def part_rdfexport(site: Path, jobs: int, validate: bool) -> dict:
    out = OUT / "rdfexport.nq"
    cmd = RDFEXPORT + ["convert", str(site), "-o", str(out), "--format", "nq", "--jobs", str(jobs), "--json"]
    cmd += ["--validate"] if validate else []
    result = run_measured(cmd, cwd=ROOT)
    try:
        summary = json.loads(result["stdout"])
    except ValueError:
        summary = {}
    result["stdout"] = ""
    result["figures"] = summary.get("converted", 0)
    result["triples"] = summary.get("triples", 0)
    result["validation"] = summary.get("validation")
    result["output_bytes"] = out.stat().st_size if out.exists() else 0
    result["figures_per_s"] = round(result["figures"] / result["wall_s"], 1)
    result["triples_per_s"] = round(result["triples"] / result["wall_s"])
    out.unlink(missing_ok=True)
    return result


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def part_identity(site: Path) -> dict:
    hashes, walls = {}, {}
    for jobs in (1, 2):
        out = OUT / f"identity-j{jobs}.nq"
        start = time.monotonic()
        subprocess.run(RDFEXPORT + ["convert", str(site), "-o", str(out), "--jobs", str(jobs), "-q"], check=True, cwd=ROOT)
        walls[f"jobs{jobs}_wall_s"] = round(time.monotonic() - start, 2)
        hashes[f"jobs{jobs}"] = _sha256(out)
        out.unlink()
    return {"records": len(list((site / "_figures").iterdir())), **hashes, **walls,
            "identical": hashes["jobs1"] == hashes["jobs2"]}


def _mapped_in_memory(site: Path, n: int):
    from rdfexport.pipeline import Summary, figures, mapped

    return list(mapped(figures([str(site)], Summary()), Summary()))[:n]


def part_writers(site: Path, n: int) -> dict:
    """Writer time vs pyoxigraph's raw serialiser on exactly the triples the writer writes.

    ``rdfexport_s``: the streaming writer on parsed triples (``writers.rdf.write``, the
    ``--jobs 1`` path); ``bytes_s``: the byte path the parallel run takes for Turtle and
    N-Triples (``writers.rdf.write_ntriples_bytes`` on each figure's N-Triples bytes and the
    marks the workers add, as the workers hand them over: which lines are the figure's own,
    which are shared runs, and for Turtle the own lines as Turtle; ``worker_marks_s``: what
    making those marks costs the workers, which the byte path's time leaves out).
    ``ratio``/``bytes_ratio``: each against pyoxigraph.serialize.
    All to the null device, timed in CPU seconds of this process (other load on a shared
    machine does not move the ratios).
    """
    from pyoxigraph import RdfFormat, parse, serialize

    from rdfexport.map import map_figure_lines
    from rdfexport.parallel import ntriples, worker_marks
    from rdfexport.vocab import TURTLE_PREFIXES
    from rdfexport.writers import FORMATS
    from rdfexport.writers.rdf import write, write_ntriples_bytes
    from rdfexport.writers.stats import WriteStats, first_time_only

    clock = time.process_time
    items = _mapped_in_memory(site, n)
    as_bytes = [(fig.figid, ntriples(triples)) for fig, triples in items]
    lines = [map_figure_lines(fig) for fig, _ in items]
    assert all(figure_lines.ntriples()[0].encode() == rdf for figure_lines, (_, rdf) in zip(lines, as_bytes))
    seen: set = set()
    same = [t for fig, triples in items for t in first_time_only(triples, fig.figid, seen)]
    result = {"figures": len(items), "triples": len(same)}
    for name, rdf_format, prefixes in (("ttl", RdfFormat.TURTLE, TURTLE_PREFIXES), ("nt", RdfFormat.N_TRIPLES, None)):
        # what a worker hands over for one Turtle or N-Triples file (parallel.convert_record)
        m0 = clock()
        handed = [(figid, rdf, worker_marks(figure_lines, rdf, figid, name))
                  for (figid, rdf), figure_lines in zip(as_bytes, lines)]
        worker_marks_s = clock() - m0
        with open(os.devnull, "wb") as sink:
            t0 = clock()
            write(items, sink, WriteStats(), FORMATS[name])
            t1 = clock()
            serialize(same, sink, rdf_format, prefixes=prefixes)
            t2 = clock()
            write_ntriples_bytes(handed, sink, WriteStats(), FORMATS[name])
            t3 = clock()
            # the parallel run's path before the byte path: parse each figure back, then write
            figs = [fig for fig, _ in items]
            write(((fig, list(parse(rdf, format=RdfFormat.N_TRIPLES))) for fig, (_, rdf) in zip(figs, as_bytes)),
                  sink, WriteStats(), FORMATS[name])
            t4 = clock()
        result[name] = {"rdfexport_s": round(t1 - t0, 3), "pyoxigraph_s": round(t2 - t1, 3),
                        "bytes_s": round(t3 - t2, 3), "worker_marks_s": round(worker_marks_s, 3),
                        "parse_then_write_s": round(t4 - t3, 3),
                        "rdfexport_triples_per_s": round(len(same) / (t1 - t0)),
                        "ratio": round((t1 - t0) / (t2 - t1), 2),
                        "bytes_ratio": round((t3 - t2) / (t2 - t1), 2)}
        print(f"writers {name}: pyoxigraph {t2 - t1:.3f} s; rdfexport byte path (--jobs N) "
              f"{t3 - t2:.3f} s = x{(t3 - t2) / (t2 - t1):.2f} (+ {worker_marks_s:.3f} s marking in the workers); "
              f"streaming writer (--jobs 1) "
              f"{t1 - t0:.3f} s = x{(t1 - t0) / (t2 - t1):.2f}; parse back + streaming writer (the --jobs N "
              f"path before) {t4 - t3:.3f} s = x{(t4 - t3) / (t2 - t1):.2f}", file=sys.stderr, flush=True)
    return result


def part_baseline(site: Path) -> dict:
    """The naive pipeline, in a subprocess so its memory is measured alone."""
    result = run_measured([sys.executable, str(Path(__file__)), "--naive", str(site)], cwd=ROOT)
    try:
        result.update(json.loads(result.pop("stdout")))
    except ValueError:
        pass
    return result


def naive(site: Path) -> dict:
    """records → rdflib Graph → rdflib Turtle → pySHACL on the whole graph (what rdfexport replaces)."""
    import pyshacl
    import rdflib

    from rdfexport.pipeline import Summary, figures
    from rdfexport.map import map_figure
    from rdfexport.validate.shapes import shape_files
    from rdfexport.writers.jsonld import to_rdflib

    from rdfexport.vocab import TURTLE_PREFIXES

    rdflib.NORMALIZE_LITERALS = False  # else rdflib rewrites literals (a different graph)
    t0 = time.perf_counter()
    graph, figs, records_s = rdflib.Graph(), 0, 0.0
    for prefix, namespace in TURTLE_PREFIXES.items():  # what a careful user does
        graph.bind(prefix, namespace)
    stream = figures([str(site)], Summary())
    while True:
        r0 = time.perf_counter()
        fig = next(stream, None)
        records_s += time.perf_counter() - r0
        if fig is None:
            break
        figs += 1
        for t in map_figure(fig):
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    t1 = time.perf_counter()
    graph.serialize(destination=str(OUT / "naive.ttl"), format="turtle")
    t2 = time.perf_counter()
    shapes = rdflib.Graph()
    for file in shape_files():
        shapes.parse(str(file), format="turtle")
    conforms, _, _ = pyshacl.validate(graph, shacl_graph=shapes, inference="none")
    t3 = time.perf_counter()
    (OUT / "naive.ttl").unlink(missing_ok=True)
    return {"figures": figs, "triples": len(graph), "records_s": round(records_s, 2),
            "build_s": round(t1 - t0 - records_s, 2), "turtle_s": round(t2 - t1, 2), "pyshacl_s": round(t3 - t2, 2),
            "total_s": round(t3 - t0, 2), "conforms": bool(conforms)}


def machine() -> dict:
    info = {"python": platform.python_version(), "python_executable": sys.executable,
            "python_build": " ".join(platform.python_build()), "platform": platform.platform(), "cores": os.cpu_count()}
    try:
        import psutil

        info["memory_gb"] = round(psutil.virtual_memory().total / 2**30, 1)
        info["load_average_at_start"] = [round(x, 2) for x in os.getloadavg()]
    except ImportError:
        pass
    try:
        import pyoxigraph
        import pyshacl
        import rdflib

        info["versions"] = {"rdflib": rdflib.__version__, "pyshacl": pyshacl.__version__,
                            "pyoxigraph": pyoxigraph.__version__}
    except ImportError:
        pass
    return info


def ratios(results: dict, n: int) -> dict:
    ours, base = results.get("rdfexport"), results.get("baseline")
    if not ours or not base or not base.get("figures"):
        return {}
    scale = n / base["figures"]
    naive_total = base["total_s"] * scale
    naive_rdf = (base["build_s"] + base["turtle_s"] + base["pyshacl_s"]) * scale
    naive_no_turtle = (base["total_s"] - base["turtle_s"]) * scale
    return {
        "baseline_scaled_to_corpus_s": round(naive_total, 1),
        "speedup_end_to_end": round(naive_total / ours["wall_s"], 2),
        "baseline_without_turtle_scaled_s": round(naive_no_turtle, 1),
        "speedup_without_rdflib_turtle": round(naive_no_turtle / ours["wall_s"], 2),
        "baseline_rdf_part_scaled_s": round(naive_rdf, 1),
        "note": f"baseline measured on {base['figures']} figures and scaled x{scale:.1f} (linear)",
    }


GOALS = {"wall_s": 300, "peak_rss_mb": 1024, "speedup": 20, "writer_ratio": 2}  # issue 7's "done when"


def goals(results: dict) -> list[str]:
    """One line per goal of issue 7 with this run's figure and met / NOT met."""
    lines = []
    ours, ratio = results.get("rdfexport") or {}, results.get("ratios") or {}

    def line(name: str, value, target: str, met: bool) -> None:
        lines.append(f"{'met    ' if met else 'NOT met'}  {name}: {value} (goal {target})")

    if ours:
        line("convert + validate, whole command, wall", f"{ours['wall_s']} s", f"<= {GOALS['wall_s']} s",
             ours["wall_s"] <= GOALS["wall_s"] and ours.get("returncode") in (0, 1))
        peak = ours.get("peak_rss_tree_mb")  # summed over main + workers: shared pages count twice
        pss = f", proportional set size summed {ours['peak_pss_tree_mb']} MB" if ours.get("peak_pss_tree_mb") else ""
        line("peak RSS, whole process tree", f"{peak} MB (largest process {ours.get('peak_rss_largest_mb')} MB{pss})",
             f"<= {GOALS['peak_rss_mb']} MB", peak is not None and peak <= GOALS["peak_rss_mb"])
    if ratio:
        line("speed-up over the naive pipeline", f"x{ratio['speedup_end_to_end']} ({ratio['note']})",
             f">= x{GOALS['speedup']}", ratio["speedup_end_to_end"] >= GOALS["speedup"])
    if "identity" in results:
        line("--jobs 1 and --jobs 2 outputs", "identical" if results["identity"]["identical"] else "DIFFERENT",
             "identical", results["identity"]["identical"])
    for name in ("nt", "ttl"):
        w = (results.get("writers") or {}).get(name)
        if w:
            best = min(w["ratio"], w.get("bytes_ratio", w["ratio"]))
            # the byte path's ratio is the main process's writing; the workers' marking, done in
            # parallel before it, is printed beside it with the ratio it would make if counted
            marks = w.get("worker_marks_s")
            counted = f"; x{round((w['bytes_s'] + marks) / w['pyoxigraph_s'], 2)} with the workers' marking" \
                if marks is not None else ""
            line(f"{name} writer vs pyoxigraph.serialize", f"x{w.get('bytes_ratio')} (byte path, --jobs N, main "
                 f"process{counted}), x{w['ratio']} (streaming, --jobs 1)", f"<= x{GOALS['writer_ratio']}",
                 best <= GOALS["writer_ratio"])
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", help="figures to generate (bench/out/corpus-N)")
    parser.add_argument("--corpus", help="an existing site checkout instead of a generated one")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-validate", action="store_true", help="convert only")
    parser.add_argument("--stages-n", type=int, default=300, help="records for the per-stage profile (0: skip)")
    parser.add_argument("--identity-n", type=int, default=2000, help="records for --jobs 1 vs 2 (0: skip)")
    parser.add_argument("--writers-n", type=int, default=2000, help="figures for the writer comparison (0: skip)")
    parser.add_argument("--baseline-n", type=int, default=300, help="records for the naive pipeline (0: skip)")
    parser.add_argument("--skip", action="append", default=[], help="a part to leave out (repeatable)")
    parser.add_argument("--naive", metavar="SITE", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    if args.naive:
        print(json.dumps(naive(Path(args.naive))))
        return 0
    site = Path(args.corpus).resolve() if args.corpus else corpus_for(args.n, args.seed)  # subsets link into it
    n = len(list((site / "_figures").glob("*.md")))
    report = OUT / f"results-{n}.json"
    results: dict = json.loads(report.read_text()) if report.is_file() else {}  # parts of earlier runs stay
    results.update({"machine": machine(), "corpus": str(site), "records": n, "jobs": args.jobs})
    parts = [
        ("stages", args.stages_n, lambda: part_stages(site, args.stages_n)),
        ("rdfexport", 1, lambda: part_rdfexport(site, args.jobs, not args.no_validate)),
        ("identity", args.identity_n, lambda: part_identity(subset(site, min(args.identity_n, n)))),
        ("writers", args.writers_n, lambda: part_writers(subset(site, min(args.writers_n, n)), args.writers_n)),
        ("baseline", args.baseline_n, lambda: part_baseline(subset(site, min(args.baseline_n, n)))),
    ]
    for name, size, run in parts:
        if not size or name in args.skip:
            continue
        print(f"== {name} ...", file=sys.stderr, flush=True)
        results[name] = run()
        print(json.dumps({name: results[name]}, indent=1), file=sys.stderr, flush=True)
        report.write_text(json.dumps(results, indent=1))
    results["ratios"] = ratios(results, n)
    report.write_text(json.dumps(results, indent=1))
    print(json.dumps(results["ratios"], indent=1))
    ours = results.get("rdfexport")
    if ours:
        print(f"rdfexport: {ours['figures']} figures, {ours['triples']} triples in {ours['wall_s']} s "
              f"({ours['figures_per_s']} figures/s, {ours['triples_per_s']} triples/s), "
              f"peak RSS (tree) {ours.get('peak_rss_tree_mb')} MB; results in {report}")
    results["goals"] = goals(results)
    report.write_text(json.dumps(results, indent=1))
    print("\n".join(["issue 7 goals:"] + results["goals"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
