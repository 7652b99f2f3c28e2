"""Ground gene, family, chemical and disease names offline, as the converter does.

Prints per name: the normalised form, HGNC symbol or FPLX:NAME, NCBI Gene id(s), the
species of the ids, how it matched (symbol / alias / previous / ncbi / name / family /
curated / context / ...), and the candidates when the name is ambiguous.

  rdfexport ground IL-6 gp130 'NF-κB p65'
  rdfexport ground gp130 --context _figures/PMC7048131__12964_2020_527_Fig4_HTML.md
  rdfexport ground Stat3 --organism 10090 --format json
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

from ..errors import UsageError

HELP = "ground gene/family/chemical names to HGNC, FamPlex and NCBI Gene ids (offline)"
COLUMNS = ("name", "normalised", "symbol", "kind", "ncbigene", "taxid", "orthologue_for",
           "match", "candidates", "members")


def add_arguments(parser) -> None:
    parser.add_argument("names", nargs="+", metavar="NAME", help="names as written ('IL-6', 'p-STAT3')")
    parser.add_argument("--organism", metavar="TAXID", help="NCBI taxid for species-aware ids (10090, 7955)")
    parser.add_argument("--context", metavar="FIGURE.md", help="resolve ambiguous names by this record's genes")
    parser.add_argument("--format", choices=("tsv", "json"), default="tsv")


def run(args) -> int:
    from ..ground import GroundingContext, ground_name

    if args.organism and not (args.organism.isascii() and args.organism.isdigit()):
        raise UsageError(f"--organism {args.organism!r} is not an NCBI taxid", "give digits, e.g. 10090")
    context = GroundingContext.from_figure(load_figure(args.context)) if args.context else None
    results = [ground_name(name, context, args.organism) for name in args.names]
    write = write_json if args.format == "json" else write_tsv
    write(results, sys.stdout)
    return 0


def load_figure(path: str):
    from pathlib import Path

    from ..normalise import normalise_record
    from ..read import Source, read_record

    folder = Path(path).resolve().parent
    tables = tuple(p for p in (folder.parent / "_data", folder.parent / "download") if p.is_dir())
    return normalise_record(read_record(Source(path, tables)))


def row_of(result) -> list[str]:
    return [result.text, result.normalised, result.symbol or "", result.kind,
            ",".join(result.ncbigene_ids), result.taxid or "", result.orthologue_for_taxid or "",
            result.match, ",".join(result.candidates), ",".join(result.members)]


def write_tsv(results, out) -> None:
    out.write("\t".join(COLUMNS) + "\n")
    for result in results:
        out.write("\t".join(row_of(result)) + "\n")


def write_json(results, out) -> None:
    json.dump([asdict(r) for r in results], out, ensure_ascii=False, indent=1)
    out.write("\n")
