"""The Dask backend on a local cluster (loopback, 2 workers) gives the local run's bytes."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

from rdfexport import parallel
from rdfexport.backends import BackendError
from rdfexport.pipeline import Summary, convert
from rdfexport.writers import FORMATS

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
FIGURES = int(os.environ.get("RDFEXPORT_DASK_TEST_FIGURES", "2000"))  # the 2k; smaller for a quick run
distributed = pytest.importorskip(
    "distributed", reason="dask.distributed is not installed (pip install 'rdfexport[dask]' to run this test)")


def _make_corpus(n: int, out: Path) -> None:
    module = sys.modules.get("make_corpus")  # loaded once per session: its workers pickle by name
    if module is None:
        spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "bench" / "make_corpus.py")
        module = sys.modules["make_corpus"] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    module.make_corpus(n, out, SHARED, jobs=2)


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, silence_logs=40) as local:
        with distributed.Client(local) as client:
            yield client


@pytest.mark.slow
def test_dask_output_equals_the_local_run_on_2k_figures(cluster, tmp_path):
    """About 45 s on 2 idle cores, nearly all of it the per-record stages (twice 2,000 records)."""
    if not SHARED.is_dir():
        pytest.skip("../shared/corpus is not here (the corpus generator draws from it)")
    from rdfexport.backends import dask_cluster

    site = tmp_path / "site"
    _make_corpus(FIGURES, site)
    local = convert([str(site)], str(tmp_path / "local.nq"), FORMATS["nq"], jobs=2)
    summary = Summary()
    stats = dask_cluster.convert([str(site)], str(tmp_path / "dask.nq"), scheduler=cluster, summary=summary,
                                 partition_size=250)
    assert (tmp_path / "dask.nq").read_bytes() == (tmp_path / "local.nq").read_bytes()
    assert stats.triples == local.triples and summary.converted == local.converted == FIGURES
    assert summary.refused == local.refused and summary.notes == local.notes
    assert not (tmp_path / "dask.nq.parts").exists()


def test_dask_needs_a_scheduler(tmp_path):
    from rdfexport.backends import dask_cluster
    from rdfexport.errors import InputError

    with pytest.raises(InputError, match="scheduler"):
        dask_cluster.convert([str(SHARED)], str(tmp_path / "x.nq"), scheduler=None, summary=Summary())


def test_cli_refuses_dask_for_other_formats(tmp_path, capsys):
    from rdfexport.cli import main

    assert main(["convert", str(SHARED), "-o", str(tmp_path / "x.ttl"), "--backend", "dask",
                 "--scheduler", "tcp://127.0.0.1:1"]) == 2
    assert "N-Quads" in capsys.readouterr().err


def test_backend_error_is_an_rdfexport_error():
    from rdfexport.errors import RdfexportError

    assert issubclass(BackendError, RdfexportError) and "rdfexport[dask]" in BackendError.hint
    assert parallel.default_jobs() >= 1
