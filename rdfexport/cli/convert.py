"""Convert PFOCR figure records into RDF.

INPUT is a figure .md file, a folder (searched recursively), a PFOCR site checkout
(_figures/ + _data/ + _organisms/) or '-' for one record on stdin. Companion tables
(_data/<figid>-genes.tsv, -chemicals.tsv, -diseases.tsv, download/<figid>-genes.tsv)
are read when present.

Formats: ttl (Turtle), nt (N-Triples), nq (N-Quads, one named graph per figure),
trig (TriG, one named graph per figure), jsonld (compact JSON-LD with the context in
ontologies/context.jsonld). Output is deterministic and written atomically.

Exit codes: 0 converted (refusals are listed on stderr), 1 invalid data (with
--strict: any refused record; with --validate: SHACL violations), 2 usage or input
error, or nothing converted.
"""

from __future__ import annotations

import sys

from ..pipeline import convert, resolve_format, summary_json
from ..progress import Progress
from ..writers import FORMATS

HELP = "convert PFOCR figure records into RDF (Turtle, N-Triples, N-Quads, TriG, JSON-LD)"


def add_arguments(parser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="figure .md files, folders, a site checkout, or '-'")
    parser.add_argument("-o", "--output", help="output file (or folder with --per-figure); default output/pfocr.<ext>")
    parser.add_argument("--format", choices=sorted(FORMATS), help="output format (default: from -o's extension, else ttl)")
    parser.add_argument("--per-figure", action="store_true", help="write one file per figure into the -o folder")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any record is refused")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every note (fields left out, unknown organisms)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress or notes on stderr")


def run(args) -> int:
    fmt = resolve_format(args.output, args.format)
    output = args.output or ("output/figures" if args.per_figure else f"output/pfocr{fmt.extension}")
    progress = Progress(enabled=not args.quiet)
    summary = convert(args.inputs, output, fmt, per_figure=args.per_figure, progress=progress)
    lines = summary.report_lines(verbose=args.verbose)
    for line in lines if not args.quiet else lines[-1:]:
        print(line, file=sys.stderr)
    if args.json:
        print(summary_json(summary))
    if summary.converted == 0:
        return 2
    return 1 if args.strict and summary.refused else 0
