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

from ..backends import BACKENDS, backend_module
from ..errors import InputError
from ..parallel import default_jobs
from ..pipeline import publish, Summary, convert, resolve_format, summary_json
from ..progress import Progress
from ..validate import load_validator
from ..validate.report import format_text
from ..writers import FORMATS

HELP = "convert PFOCR figure records into RDF (Turtle, N-Triples, N-Quads, TriG, JSON-LD)"


def add_arguments(parser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="figure .md files, folders, a site checkout, or '-'")
    parser.add_argument("-o", "--output", help="output file (or folder with --per-figure); default output/pfocr.<ext>")
    parser.add_argument("--format", choices=sorted(FORMATS), help="output format (default: from -o's extension, else ttl)")
    parser.add_argument("--per-figure", action="store_true", help="write one file per figure into the -o folder")
    parser.add_argument("--store", metavar="DIR",
                        help="also load the export (and its description) into this embedded store for 'rdfexport query'")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any record is refused")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every note (fields left out, unknown organisms)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress or notes on stderr")
    parser.add_argument("--validate", action="store_true",
                        help="SHACL-validate every figure as it is converted (exit 1 on violations; "
                             "'rdfexport validate --help' explains the report)")
    parser.add_argument("--shapes", help="shapes folder or file for --validate (default: the shapes/ rdfexport ships)")
    parser.add_argument("-j", "--jobs", type=int, default=default_jobs(), metavar="N",
                        help="worker processes (default: all cores); the output is the same for any N")
    parser.add_argument("--incremental", metavar="MANIFEST",
                        help="N-Quads only: convert just the records changed since the export MANIFEST "
                             "describes (written when missing); reports figures added, changed, removed")
    parser.add_argument("--backend", choices=sorted(BACKENDS), default="local",
                        help="where to convert: local processes (default) or a dask cluster (N-Quads only; "
                             "pip install 'rdfexport[dask]')")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="the dask scheduler, e.g. tcp://10.0.0.5:8786")


def run(args) -> int:
    fmt = resolve_format(args.output, args.format)
    output = args.output or ("output/figures" if args.per_figure else f"output/pfocr{fmt.extension}")
    progress = Progress(enabled=not args.quiet)
    validator = load_validator(args.shapes) if args.validate or args.shapes else None
    summary = _convert(args, output, fmt, progress, validator)
    if summary.validation is not None and summary.validation.results:
        sys.stderr.write(format_text(summary.validation))
    lines = summary.report_lines(verbose=args.verbose)
    for line in lines if not args.quiet else lines[-1:]:
        print(line, file=sys.stderr)
    if args.json:
        print(summary_json(summary))
    if summary.converted == 0:
        return 2
    invalid = summary.validation is not None and summary.validation.failed()
    return 1 if (args.strict and summary.refused) or invalid else 0


def _convert(args, output: str, fmt, progress: Progress, validator):
    if args.backend == "local":
        return convert(args.inputs, output, fmt, per_figure=args.per_figure, progress=progress, jobs=args.jobs,
                       validator=validator, manifest=args.incremental, store=args.store)
    if fmt.name != "nq" or args.per_figure or args.incremental:
        raise InputError(f"--backend {args.backend} writes one N-Quads file",
                         hint="use --format nq (or -o FILE.nq), without --per-figure or --incremental")
    summary = Summary()
    stats = backend_module(args.backend).convert(args.inputs, output, scheduler=args.scheduler, summary=summary,
                                                 progress=progress, validate=validator is not None,
                                                 shapes=args.shapes)
    summary.triples, summary.outputs = stats.triples, [output]
    if summary.converted:
        publish(summary, output, fmt, list(args.inputs), args.store)
    return summary
