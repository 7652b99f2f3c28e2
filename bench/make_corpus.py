"""Build a realistic PFOCR-like site checkout of N figure records for benchmarks.

    python bench/make_corpus.py 91000 [-o bench/out/corpus-91000] [--seed 7] [--jobs 2]

Every generated record is a real record from ``../shared/corpus/_figures`` (its layout,
field set and value shapes: current site layout with ``_data/`` companion tables, or
the 2021 layout with inline gene/chemical/disease lists), given a new figid, pmcid,
title and caption (drawn from ``tables/pfocr_curated_captions_2020.tsv``) and a gene
list taken whole from one figure of ``tables/pfocr_adrd_genes_2021.tsv`` (so gene
counts per figure follow the real distribution: median 28, p90 71, max 339).
Layout mix, and how often chemicals/diseases tables appear, follow the shared corpus.
The output is deterministic for a given N and seed. Generated corpora belong under a
temporary folder or ``bench/out/`` (git-ignored), never in the repository.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = HERE.parent.parent / "shared" / "corpus"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
GENE_COLUMNS = ("organism_id", "organism_name", "organism_group", "word", "match", "ncbigene_symbol",
                "ncbigene_id", "source", "count_direct", "count_synonym", "count_match")


@dataclass(frozen=True)
class Material:
    """What generated records are made from, all read from the shared corpus."""

    templates: tuple[tuple[str, dict], ...]  # (layout, front matter)
    captions: tuple[dict, ...]
    gene_groups: tuple[tuple[dict, ...], ...]  # one real figure's gene rows each
    chemical_rows: tuple[dict, ...]
    disease_rows: tuple[dict, ...]
    chemicals_rate: float  # share of current-layout records with a chemicals table
    diseases_rate: float
    organism_pages: tuple[Path, ...]


def _tsv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.load(text.split("\n---", 1)[0].removeprefix("---\n"), Loader=_Loader)


def load_material(shared: Path) -> Material:
    templates = []
    for path in sorted((shared / "_figures").glob("*.md")):
        fm = _front_matter(path)
        templates.append(("2021" if "genes" in fm else "current", fm))
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in _tsv(shared / "tables" / "pfocr_adrd_genes_2021.tsv"):
        groups[row["figid"]].append(row)
    data = shared / "_data"
    genes_tables = {p.name.removesuffix("-genes.tsv") for p in data.glob("*-genes.tsv")}
    chem = [r for p in sorted(data.glob("*-chemicals.tsv")) for r in _tsv(p)]
    dis = [r for p in sorted(data.glob("*-diseases.tsv")) for r in _tsv(p)]
    with_chem = sum((data / f"{f}-chemicals.tsv").is_file() for f in genes_tables)
    with_dis = sum((data / f"{f}-diseases.tsv").is_file() for f in genes_tables)
    return Material(
        templates=tuple(templates),
        captions=tuple(_tsv(shared / "tables" / "pfocr_curated_captions_2020.tsv")),
        gene_groups=tuple(tuple(rows) for _, rows in sorted(groups.items())),
        chemical_rows=tuple(chem), disease_rows=tuple(dis),
        chemicals_rate=with_chem / max(len(genes_tables), 1),
        diseases_rate=with_dis / max(len(genes_tables), 1),
        organism_pages=tuple(sorted((shared / "_organisms").glob("*.md"))),
    )


# --- one record ---------------------------------------------------------------------------
def _figid(i: int, caption: dict) -> tuple[str, str]:
    pmcid = f"PMC{20_000_000 + i}"
    return pmcid, f"{pmcid}__bench-{i:06d}-g{1 + i % 9:03d}"


def _gene_rows_current(group: tuple[dict, ...]) -> list[dict]:
    return [{
        "organism_id": "9606", "organism_name": "Homo sapiens", "organism_group": "Primates",
        "word": r["word"], "match": r["symbol"], "ncbigene_symbol": r["hgnc_symbol"], "ncbigene_id": r["entrez"],
        "source": r["source"], "count_direct": "10", "count_synonym": "22", "count_match": str(len(group)),
    } for r in group]


def _gene_rows_2021(group: tuple[dict, ...]) -> list[dict]:
    return [{"word": r["word"], "symbol": r["symbol"], "source": r["source"],
             "hgnc_symbol": r["hgnc_symbol"], "entrez": r["entrez"]} for r in group]


def _sample(rng: random.Random, rows: tuple[dict, ...], k_max: int) -> list[dict]:
    return rng.sample(rows, min(len(rows), rng.randint(1, k_max))) if rows else []


def make_record(i: int, m: Material, seed: int) -> tuple[str, str, dict[str, list[dict]]]:
    """(figid, .md text, companion tables by kind) for generated record ``i``."""
    rng = random.Random(seed * 1_000_003 + i)
    layout, template = m.templates[i % len(m.templates)]
    cap = m.captions[rng.randrange(len(m.captions))]
    group = m.gene_groups[rng.randrange(len(m.gene_groups))]
    pmcid, figid = _figid(i, cap)
    number = f"F{1 + i % 9}"
    fm = dict(template)
    fm.update({
        "figid": figid, "pmcid": pmcid, "figtitle": cap["figtitle"], "papertitle": cap["papertitle"],
        "caption": cap["caption"], "filename": f"bench-{i:06d}.jpg",
        "figlink": f"/pmc/articles/{pmcid}/figure/{number}/", "number": number,
    })
    if "figid_alias" in fm:
        fm["figid_alias"] = f"{pmcid}__{number}"
        fm["redirect_from"] = f"/figures/{pmcid}__{number}"
    tables: dict[str, list[dict]] = {}
    if layout == "2021":
        fm["genes"] = _gene_rows_2021(group)
    else:
        tables["genes"] = _gene_rows_current(group)
        if rng.random() < m.chemicals_rate:
            tables["chemicals"] = _sample(rng, m.chemical_rows, 12)
        if rng.random() < m.diseases_rate:
            tables["diseases"] = _sample(rng, m.disease_rows, 3)
    block = dict(template.get("schema-jsonld") or {})
    block.update({"@id": f"https://pfocr.wikipathways.org/figures/{figid}.html", "description": cap["caption"],
                  "keywords": sorted({r["hgnc_symbol"] for r in group if r["hgnc_symbol"]})})
    fm["schema-jsonld"] = block
    text = "---\n" + yaml.dump(fm, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=80) + "---\n"
    return figid, text, tables


def _tsv_text(rows: list[dict]) -> str:
    if not rows:
        return ""
    cols = list(rows[0])
    lines = ["\t".join(cols)] + ["\t".join(r.get(c, "") or "NA" for c in cols) for r in rows]
    return "\n".join(lines) + "\n"


def write_range(out: str, start: int, stop: int, m: Material, seed: int) -> int:
    root = Path(out)
    for i in range(start, stop):
        figid, text, tables = make_record(i, m, seed)
        (root / "_figures" / f"{figid}.md").write_text(text, encoding="utf-8")
        for kind, rows in tables.items():
            (root / "_data" / f"{figid}-{kind}.tsv").write_text(_tsv_text(rows), encoding="utf-8")
    return stop - start


_MATERIAL: Material | None = None


def _init(material: Material) -> None:
    global _MATERIAL  # a worker's copy of the read-only material, sent once
    _MATERIAL = material


def _write_chunk(args: tuple[str, int, int, int]) -> int:
    out, start, stop, seed = args
    assert _MATERIAL is not None
    return write_range(out, start, stop, _MATERIAL, seed)


def make_corpus(n: int, out: Path, shared: Path = DEFAULT_SHARED, seed: int = 7, jobs: int = 1) -> Path:
    """Write a site checkout of ``n`` records to ``out`` (replacing what was there)."""
    m = load_material(shared)
    if out.exists():
        shutil.rmtree(out)
    for sub in ("_figures", "_data", "_organisms"):
        (out / sub).mkdir(parents=True)
    for page in m.organism_pages:
        shutil.copy(page, out / "_organisms" / page.name)
    chunks = [(str(out), s, min(s + 2000, n), seed) for s in range(0, n, 2000)]
    if jobs <= 1:
        for c in chunks:
            write_range(c[0], c[1], c[2], m, seed)
    else:
        with ProcessPoolExecutor(jobs, initializer=_init, initargs=(m,)) as pool:
            list(pool.map(_write_chunk, chunks))
    (out / "CORPUS").write_text(f"n={n} seed={seed}\n")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of figure records")
    parser.add_argument("-o", "--output", help="folder (default bench/out/corpus-N)")
    parser.add_argument("--shared", default=str(DEFAULT_SHARED), help="the shared sample corpus")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    out = Path(args.output or HERE / "out" / f"corpus-{args.n}")
    start = time.monotonic()
    make_corpus(args.n, out, Path(args.shared), args.seed, args.jobs)
    print(f"{args.n} records in {out} ({time.monotonic() - start:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
