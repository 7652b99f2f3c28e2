"""``rdfexport <verb>``: thin commands over the library.

Each verb is a module in this package with ``HELP`` (one line), ``add_arguments(parser)``
and ``run(args) -> int``; ``VERBS`` lists them once. Exit codes: 0 ok, 1 invalid data,
2 usage or input error.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from .. import __version__
from ..errors import RdfexportError

# verb -> module (in this package); one line each, imported only when used
VERBS: dict[str, str] = {
    "convert": "convert",
    "validate": "validate",
    "ground": "ground",
    "interactions": "interactions",
    "query": "query",
    "load": "load",
}

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _verb_module(name: str):
    return importlib.import_module(f"{__name__}.{VERBS[name]}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rdfexport",
        description="Convert PFOCR pathway-figure records into WikiPathways-style RDF, "
        "validate it with SHACL, query it and load it into SPARQL endpoints.",
        epilog="Exit codes: 0 ok, 1 invalid data, 2 usage or input error. "
        "'rdfexport VERB --help' documents each verb.",
    )
    parser.add_argument("--version", action="version", version=f"rdfexport {__version__}")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")
    for name in VERBS:
        try:
            module = _verb_module(name)
        except ModuleNotFoundError as exc:  # a verb whose optional module is absent
            if exc.name and exc.name.startswith(__name__):
                continue
            raise
        sub = verbs.add_parser(name, help=module.HELP, description=module.__doc__,
                               formatter_class=argparse.RawDescriptionHelpFormatter)
        module.add_arguments(sub)
        sub.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args._run(args)
    except RdfexportError as exc:
        print(f"rdfexport {args.verb}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # e.g. `rdfexport query ... | head`
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
