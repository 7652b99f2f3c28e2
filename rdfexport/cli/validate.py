"""Validate RDF that rdfexport wrote against the SHACL shapes (shapes/*.ttl).

GRAPH is any file convert writes: .ttl, .nt, .jsonld (one graph, validated whole) or
.nq, .trig (one named graph per figure, each validated alone). To validate records as
they are converted, use 'rdfexport convert --validate'.

Report formats (--format):
  text  results grouped by figure, then by shape: focus node, path, value, message and
        the record file (with --records); a last line counts conforming figures,
        violations and warnings
  ttl   the standard SHACL sh:ValidationReport, in Turtle
  json  the same sh:ValidationReport as JSON-LD

Engines (--engine): 'fast' (default) runs the compiled shapes; 'pyshacl' runs pySHACL, the
reference, on the same shapes (slow; tests assert both report the same results).

Exit codes:
  0  conforms (no violations; warnings only with --fail-on violation)
  1  violations found (or warnings, with --fail-on warning)
  2  usage error, unreadable shapes or an RDF file that cannot be parsed
"""

from __future__ import annotations

import sys

from ..validate import ENGINES, FORMATTERS, load_validator, validate_files

HELP = "validate exported RDF against the SHACL shapes (exit 1 on violations)"


def add_arguments(parser) -> None:
    parser.add_argument("graphs", nargs="+", metavar="GRAPH", help="RDF files (.ttl .nt .nq .trig .jsonld)")
    parser.add_argument("--shapes", help="shapes folder or file (default: the shapes/ rdfexport ships)")
    parser.add_argument("--format", choices=sorted(FORMATTERS), default="text", help="report format (default text)")
    parser.add_argument("--fail-on", choices=("violation", "warning"), default="violation",
                        help="lowest severity that makes the exit code 1 (default violation)")
    parser.add_argument("--engine", choices=ENGINES, default="fast", help="validator (default fast)")
    parser.add_argument("--records", metavar="DIR", help="folder of <figid>.md records, to name each figure's record file")
    parser.add_argument("-o", "--output", help="write the report to this file instead of stdout")


def run(args) -> int:
    validator = load_validator(args.shapes, args.engine)
    report = validate_files(args.graphs, validator, args.records)
    text = FORMATTERS[args.format](report)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
    if args.format != "text" or args.output:
        print(report.summary_line(), file=sys.stderr)
    return 1 if report.failed(args.fail_on) else 0
