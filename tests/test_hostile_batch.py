"""Issue #8, batch behaviour: one bad record never stops the run, every input is accounted
for, duplicates are reported, and ``rdfexport convert`` over the real corpus mixed with
``tests/hostile/`` prints one line per bad file, exits as documented and writes RDF that
parses (rdflib and pyoxigraph) and validates (SHACL)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from rdfexport import pipeline
from rdfexport.cli import main
from rdfexport.pipeline import Summary, figures, mapped

from conftest import CORPUS, SAMPLES
from test_hostile_read import CASES, FIGURES, HOSTILE

REFUSED = sorted([name for name, (outcome, _, _) in CASES.items() if outcome == "refused"] + ["dup-b.md"])
ORPHAN = "PMC9000304__no_record-genes.tsv"


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    """The shared corpus (or the shipped samples) with every hostile file added."""
    site = tmp_path_factory.mktemp("mixed") / "site"
    shutil.copytree(CORPUS if (CORPUS / "_figures").is_dir() else SAMPLES, site)
    for sub in ("_figures", "_data"):
        for path in (HOSTILE / sub).iterdir():
            shutil.copy(path, site / sub / path.name)
    return site


def run(*inputs) -> tuple[Summary, list]:
    summary = Summary()
    return summary, list(mapped(figures([str(i) for i in inputs], summary), summary))


def test_every_input_is_accounted_for_and_good_records_convert(mixed):
    summary, items = run(mixed)
    good = len(list((mixed / "_figures").glob("*.md"))) - len(REFUSED)
    assert summary.read == summary.converted + len(summary.refused)
    assert summary.converted == good == len(items)
    assert sorted(Path(r.path).name for r in summary.refused) == REFUSED


def test_duplicate_figid_keeps_the_first_in_input_order_and_names_both():
    for order in ([FIGURES / "dup-a.md", FIGURES / "dup-b.md"], [FIGURES]):
        summary, items = run(*order)
        kept = [fig.source_path for fig, _ in items if fig.figid == "PMC9000401__f1"]
        assert [Path(k).name for k in kept] == ["dup-a.md"]
        [dup] = [r for r in summary.refused if r.path.endswith("dup-b.md")]
        assert dup.field == "figid" and dup.reason == f"duplicate of {FIGURES / 'dup-a.md'} (kept that one)"


def test_companion_table_with_no_record_is_reported_once(mixed):
    summary, _ = run(mixed)
    assert [u for u in summary.unused_tables if ORPHAN in u] == [
        f"{mixed / '_data' / ORPHAN}: no figure record has figid 'PMC9000304__no_record'"]
    assert not any("PMC9000306__f1" in u for u in summary.unused_tables)  # its record was refused, not absent


def test_an_unexpected_error_in_one_record_refuses_only_that_record(monkeypatch):
    real = pipeline.normalise_record

    def flaky(raw):
        if raw.path.endswith("yaml-crlf.md"):
            raise KeyError("boom")
        return real(raw)

    monkeypatch.setattr(pipeline, "normalise_record", flaky)
    summary, items = run(FIGURES / "yaml-crlf.md", FIGURES / "yaml-cr.md")
    assert [Path(f.source_path).name for f, _ in items] == ["yaml-cr.md"]
    [refusal] = summary.refused
    assert (refusal.field, refusal.reason) == ("record", "unexpected KeyError: 'boom' (please report)")


def test_an_unexpected_error_while_mapping_refuses_only_that_record(monkeypatch):
    real = pipeline.map_figure
    monkeypatch.setattr(pipeline, "map_figure", lambda f: 1 / 0 if f.figid == "PMC9000113__f1" else real(f))
    summary, items = run(FIGURES / "yaml-crlf.md", FIGURES / "yaml-cr.md")
    assert [f.figid for f, _ in items] == ["PMC9000112__f1"]
    assert summary.refused[0].reason.startswith("unexpected ZeroDivisionError")


def test_report_lines_stay_one_line_whatever_the_file_name(tmp_path):
    weird = tmp_path / "a\nrefused: fake.md\x1b[31m.md"
    weird.write_bytes(b"")
    summary, _ = run(weird)
    lines = summary.report_lines(verbose=True)
    assert len(lines) == 2 and all("\n" not in line and "\x1b" not in line for line in lines)
    assert lines[0].endswith("\\nrefused: fake.md\\x1b[31m.md: file: empty file")


# --- the command line, end to end ---------------------------------------------------------
def convert(capsys, *args) -> tuple[int, list[str]]:
    code = main(["convert", *map(str, args)])
    return code, capsys.readouterr().err.splitlines()


def bad_lines(err: list[str]) -> list[str]:
    return [line for line in err if line.startswith(("refused: ", "unused table: "))]


def test_cli_mixed_folder_one_line_per_bad_file_and_valid_output(mixed, tmp_path, capsys):
    out = tmp_path / "mixed.nt"
    code, err = convert(capsys, mixed, "-o", out, "--validate", "-q", "-j", "1")
    assert code == 0, err[-5:]  # refusals alone do not fail a run
    code, err = convert(capsys, mixed, "-o", out, "-j", "1")
    lines = bad_lines(err)
    refused = [line for line in lines if line.startswith("refused: ")]
    assert [line.split(": ")[1] for line in refused] == [str(mixed / "_figures" / n) for n in REFUSED]
    assert all(len(line.split(": ")) >= 4 for line in refused)  # refused: file: field: reason
    assert any(ORPHAN in line for line in lines)
    good = len(list((mixed / "_figures").glob("*.md"))) - len(REFUSED)
    assert err[-1].startswith(f"records read: {good + len(REFUSED)}, converted: {good}, refused: {len(REFUSED)};")
    data = out.read_bytes()
    assert len(list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))) == len(rdflib.Graph().parse(data=data, format="nt"))


def test_cli_exit_codes(mixed, tmp_path, capsys):
    out = tmp_path / "x.ttl"
    assert convert(capsys, mixed, "-o", out, "--strict", "-q", "-j", "1")[0] == 1
    only_bad = [FIGURES / name for name in REFUSED if name != "dup-b.md"]
    assert convert(capsys, *only_bad, "-o", out, "-q", "-j", "1")[0] == 2
    assert convert(capsys, FIGURES / "yaml-bom.md", "-o", out, "--strict", "-q")[0] == 0


def test_cli_in_parallel_reports_the_same(mixed, tmp_path, capsys):
    _, serial = convert(capsys, mixed, "-o", tmp_path / "a.nq", "-j", "1")
    code, parallel = convert(capsys, mixed, "-o", tmp_path / "b.nq", "-j", "2")
    assert code == 0 and bad_lines(parallel) == bad_lines(serial) and parallel[-1] == serial[-1]
    assert (tmp_path / "a.nq").read_bytes() == (tmp_path / "b.nq").read_bytes()


def test_cli_as_a_process_exits_2_with_one_line_on_a_missing_input(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "rdfexport", "convert", str(tmp_path / "nope"), "-o",
                           str(tmp_path / "x.ttl")], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "nope: no such file or folder" in proc.stderr
