"""List the molecular interactions figure captions state, one row per interaction.

INPUT is a figure .md file, a folder or a site checkout, as for 'convert'; --text mines
a caption given on the command line instead (no record needed). Columns: figid,
sentence, source_text, source_symbol, target_text, target_symbol, wp_class, negated,
hedged, evidence. Symbols are HGNC symbols or FPLX:NAME; wp_class has no prefix.
Negated statements are listed (negated=yes) but never exported as RDF interactions.

Exit codes: 0 ok (also when nothing was found), 2 usage or input error.
"""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import asdict

from ..errors import InputError
from ..mine import mine_text
from ..pipeline import Summary, figures

HELP = "list the interactions figure captions state (TSV or JSON)"
COLUMNS = ("figid", "sentence", "source_text", "source_symbol", "target_text", "target_symbol",
           "wp_class", "negated", "hedged", "evidence")


def add_arguments(parser) -> None:
    parser.add_argument("inputs", nargs="*", metavar="INPUT", help="figure .md files, folders or a site checkout")
    parser.add_argument("--text", help="mine this caption text instead of records")
    parser.add_argument("--format", choices=("tsv", "json"), default="tsv", help="output format (default tsv)")


def run(args) -> int:
    if not args.inputs and args.text is None:
        raise InputError("give INPUT records or --text CAPTION")
    rows = [_row("-", i) for i in mine_text(args.text)] if args.text is not None else []
    if args.inputs:
        summary = Summary()
        rows += [_row(fig.figid, i) for fig in figures(args.inputs, summary) for i in fig.interactions]
        for refusal in summary.refused:
            print(f"refused: {refusal}", file=sys.stderr)
    _write(rows, args.format)
    return 0


def _row(figid: str, i) -> dict:
    data = asdict(i)
    data.update(figid=figid, negated="yes" if i.negated else "no", hedged="yes" if i.hedged else "no")
    return {c: data[c] for c in COLUMNS}


def _write(rows: list[dict], fmt: str) -> None:
    if fmt == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    writer = csv.DictWriter(sys.stdout, COLUMNS, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
