"""Convert on a Dask cluster: record partitions → N-Quads part files → one N-Quads file.

The client lists the records and sends partitions of them to the workers; a worker runs
the same pure per-record function as the local process pool (``parallel.convert_batch``)
and writes the partition's N-Quads to ``<output>.parts/part-NNNNN.nq``, returning only the
records' outcomes (notes, refusals, byte ranges). The client then accounts for every
record in input order (duplicate figids, refusals, notes: as a local run does) and
copies the kept figures' byte ranges into the output, so the output is byte-identical
to ``convert --jobs N``. The parts folder must be on a file system the workers and the
client share (the same machine, or a network file system).

    rdfexport convert SITE -o pfocr.nq --backend dask --scheduler tcp://10.0.0.5:8786
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from .. import parallel, read
from ..errors import InputError
from ..progress import Progress
from ..writers.atomic import atomic_output
from ..writers.stats import WriteStats
from . import BackendError

PARTITION_SIZE = 500  # records per Dask task: ~1 s of work, ~70 MB of N-Quads


def _client(scheduler):
    try:
        from distributed import Client
    except ImportError:
        raise BackendError("the dask backend needs dask.distributed, which is not installed") from None
    if scheduler is None:
        raise InputError("--backend dask needs a scheduler", hint="pass --scheduler ADDRESS, e.g. tcp://127.0.0.1:8786")
    if isinstance(scheduler, Client):
        return scheduler, False
    return Client(scheduler), True


@lru_cache(maxsize=2)
def _validator(shapes: str | None):
    from ..validate import load_validator

    return load_validator(shapes)


def convert_partition(index: int, sources: Sequence[read.Source], task: parallel.Task, parts: str,
                      validate: bool = False, shapes: str | None = None) -> list[tuple[parallel.Outcome, int]]:
    """On a worker: convert one partition, write its part file, return (outcome, offset) per record."""
    validator = _validator(shapes) if validate else None
    results, offset = [], 0
    with atomic_output(Path(parts) / f"part-{index:05d}.nq") as handle:
        for outcome in parallel.convert_batch(sources, task, validator):
            handle.write(outcome.rdf)
            results.append((replace(outcome, rdf=b""), offset, len(outcome.rdf)))
            offset += len(outcome.rdf)
    return results


def convert(inputs: Sequence[str], output: str, *, scheduler, summary, progress: Progress | None = None,
            validate: bool = False, shapes: str | None = None, partition_size: int = PARTITION_SIZE) -> WriteStats:
    """Convert ``inputs`` on the cluster at ``scheduler`` into the N-Quads file ``output``."""
    client, own = _client(scheduler)
    try:
        return _run(client, inputs, output, summary, progress, validate, shapes, partition_size)
    finally:
        if own:
            client.close()


def _run(client, inputs, output, summary, progress, validate, shapes, partition_size) -> WriteStats:
    if validate:
        from ..validate import Report

        summary.validation = Report()
    ledger = parallel.Ledger(summary, progress)
    sources = [ledger.source(s) for s in read.discover(inputs)]
    task = parallel.Task(tuple(sorted(read.read_organism_pages(read.site_roots(inputs)).items())), nquads=True)
    parts = Path(f"{output}.parts")
    parts.mkdir(parents=True, exist_ok=True)
    partitions = list(parallel.batches(sources, partition_size))
    futures = client.map(convert_partition, range(len(partitions)), partitions, task=task, parts=str(parts),
                         validate=validate, shapes=shapes, pure=False)
    stats = WriteStats()
    try:
        with atomic_output(output) as handle:
            for index, future in enumerate(futures):
                _merge_part(future.result(), parts / f"part-{index:05d}.nq", handle, ledger, stats)
                future.release()
    finally:
        shutil.rmtree(parts, ignore_errors=True)
    ledger.finish()
    return stats


def _merge_part(results, part: Path, handle, ledger: parallel.Ledger, stats: WriteStats) -> None:
    """Copy the kept figures' byte ranges of one part file, in input order."""
    with part.open("rb") as source:
        for outcome, offset, length in results:
            if not ledger.account(outcome):
                continue
            source.seek(offset)
            handle.write(source.read(length))
            stats.figures += 1
            stats.triples += outcome.triples
    part.unlink()
