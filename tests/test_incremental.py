"""``convert --incremental MANIFEST``: only changed records are converted, output as a full run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from rdfexport import incremental, parallel, read
from rdfexport.cli import main
from rdfexport.pipeline import convert
from rdfexport.writers import FORMATS

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
NQ = FORMATS["nq"]
EDITED, DELETED = "PMC10031279__gr8", "PMC6488820__gr8"
ADDED = "PMC99999999__added-g1"


@pytest.fixture()
def site(tmp_path) -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared/corpus is not here")
    root = tmp_path / "site"
    shutil.copytree(SHARED, root, ignore=shutil.ignore_patterns("tables"))
    return root


def _edit(site: Path) -> None:
    """One record edited (its gene table), one deleted, one added (a copy under a new figid)."""
    table = site / "_data" / f"{EDITED}-genes.tsv"
    lines = table.read_text().splitlines(keepends=True)
    table.write_text("".join(lines[:-3]))
    (site / "_figures" / f"{DELETED}.md").unlink()
    text = (site / "_figures" / "PMC5979316__ijms-19-01149-g005.md").read_text()
    text = text.replace("PMC5979316__ijms-19-01149-g005", ADDED).replace("PMC5979316", "PMC99999999")
    (site / "_figures" / f"{ADDED}.md").write_text(text)


@pytest.fixture()
def counted(monkeypatch) -> list[str]:
    """Paths of the records actually converted."""
    seen: list[str] = []
    original = parallel.convert_record

    def counting(source, task, validator=None):
        seen.append(Path(source.path).stem)
        return original(source, task, validator)

    monkeypatch.setattr(parallel, "convert_record", counting)
    return seen


def _summary(summary) -> dict:
    data = summary.as_dict()
    for key in ("outputs", "changes"):
        data.pop(key, None)
    return data


def test_only_changed_records_are_converted_and_output_equals_a_full_run(site, tmp_path, counted):
    out, manifest = tmp_path / "out" / "pfocr.nq", tmp_path / "out" / "manifest.json"
    first = convert([str(site)], str(out), NQ, jobs=1, manifest=str(manifest))
    assert first.changes["added"] and not first.changes["changed"] and first.changes["unchanged"] == 0
    assert len(counted) == first.read
    counted.clear()
    _edit(site)
    second = convert([str(site)], str(out), NQ, jobs=1, manifest=str(manifest))
    assert sorted(counted) == sorted([EDITED, ADDED])
    assert second.changes["added"] == [ADDED]
    assert second.changes["changed"] == [EDITED]
    assert second.changes["removed"] == [DELETED]
    assert second.changes["unchanged"] == first.converted - 2
    full = convert([str(site)], str(tmp_path / "full.nq"), NQ, jobs=1)
    assert out.read_bytes() == (tmp_path / "full.nq").read_bytes()
    assert _summary(second) == _summary(full)


def test_per_figure_parts_are_rewritten_and_removed(site, tmp_path, counted):
    out, manifest = tmp_path / "parts", tmp_path / "manifest.json"
    convert([str(site)], str(out), NQ, per_figure=True, jobs=1, manifest=str(manifest))
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    counted.clear()
    _edit(site)
    convert([str(site)], str(out), NQ, per_figure=True, jobs=2, manifest=str(manifest))
    after = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    assert f"{DELETED}.nq" not in after and f"{ADDED}.nq" in after
    assert after[f"{EDITED}.nq"] != before[f"{EDITED}.nq"]
    untouched = set(before) - {f"{EDITED}.nq", f"{DELETED}.nq"}
    assert all(after[name] == before[name] for name in untouched)
    convert([str(site)], str(tmp_path / "full"), NQ, per_figure=True, jobs=1)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == \
        {p.name: p.read_bytes() for p in (tmp_path / "full").iterdir()}


def test_input_hash_is_the_records_content_hash(site):
    for source in list(read.discover([str(site)]))[:10]:
        raw = read.read_record(source)
        assert incremental.input_hash(source, read.table_figid(raw.front_matter, source.path)) == raw.content_hash


def test_a_different_build_converts_everything(site, tmp_path, monkeypatch, counted):
    out, manifest = tmp_path / "pfocr.nq", tmp_path / "manifest.json"
    convert([str(site)], str(out), NQ, jobs=1, manifest=str(manifest))
    counted.clear()
    monkeypatch.setattr(incremental, "build_fingerprint", lambda: "another build")
    again = convert([str(site)], str(out), NQ, jobs=1, manifest=str(manifest))
    assert len(counted) == again.read and again.changes["unchanged"] == 0
    assert len(again.changes["changed"]) == again.converted and not again.changes["added"]


def test_cli_reports_changes_and_refuses_other_formats(site, tmp_path, capsys):
    manifest = str(tmp_path / "m.json")
    assert main(["convert", str(site), "-o", str(tmp_path / "a.nq"), "--incremental", manifest, "--json", "-q"]) == 0
    assert json.loads(capsys.readouterr().out)["changes"]["unchanged"] == 0
    assert main(["convert", str(site), "-o", str(tmp_path / "a.ttl"), "--incremental", manifest]) == 2
    assert "N-Quads" in capsys.readouterr().err


def test_a_broken_manifest_is_named(site, tmp_path):
    manifest = tmp_path / "m.json"
    manifest.write_text('{"manifest": 1}')
    with pytest.raises(incremental.ManifestError, match="m.json"):
        convert([str(site)], str(tmp_path / "a.nq"), NQ, jobs=1, manifest=str(manifest))
