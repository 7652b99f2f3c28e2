"""Issue #8, output: written to a temporary file and renamed only when complete.

A run that fails or is killed mid-write leaves the old file (or none), never a partial one.
The kill tests SIGKILL a real writer process while it is inside the serialiser.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from rdfexport.writers.atomic import PART_SUFFIX, atomic_output

from conftest import CORPUS, SAMPLES

OLD = b"<http://example.org/old> <http://example.org/p> \"old, complete\" .\n"


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(PART_SUFFIX))


def test_complete_block_replaces_the_file(tmp_path):
    target = tmp_path / "out.nt"
    target.write_bytes(OLD)
    with atomic_output(target) as handle:
        handle.write(b"new")
        assert target.read_bytes() == OLD  # not visible before the block ends
    assert target.read_bytes() == b"new" and leftovers(tmp_path) == []


@pytest.mark.parametrize("error", [RuntimeError("writer failed"), KeyboardInterrupt()])
def test_failed_block_keeps_the_old_file_and_removes_the_temporary(tmp_path, error):
    target = tmp_path / "out.nt"
    target.write_bytes(OLD)
    with pytest.raises(type(error)):
        with atomic_output(target) as handle:
            handle.write(b"half a tri")
            raise error
    assert target.read_bytes() == OLD and leftovers(tmp_path) == []


def test_failed_first_write_leaves_no_file(tmp_path):
    with pytest.raises(RuntimeError):
        with atomic_output(tmp_path / "sub" / "out.nt") as handle:
            handle.write(b"x")
            raise RuntimeError
    assert list((tmp_path / "sub").iterdir()) == []


def test_output_gets_ordinary_permissions_not_mkstemps_0600(tmp_path):
    old = os.umask(0o022)
    try:
        with atomic_output(tmp_path / "out.nt") as handle:
            handle.write(b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "out.nt").stat().st_mode & 0o777 == 0o644


# --- kill -9 mid-write -------------------------------------------------------------------
# The child converts the corpus through the real writer; after the first figure is handed to
# the serialiser it says so on stdout and stalls, with part of the output already written.
CHILD = textwrap.dedent("""
    import sys, time
    from rdfexport import pipeline
    from rdfexport.writers import FORMATS

    def stalling(items):
        for n, item in enumerate(items):
            yield item
            if n == 3:
                sys.stdout.write("writing\\n"); sys.stdout.flush()
                time.sleep(60)

    summary = pipeline.Summary()
    items = pipeline.mapped(pipeline.figures([sys.argv[1]], summary), summary)
    pipeline.write_single(stalling(items), sys.argv[2], FORMATS[sys.argv[3]])
""")


def corpus() -> Path:
    return CORPUS if (CORPUS / "_figures").is_dir() else SAMPLES


@pytest.mark.parametrize("fmt, had_old", [("nt", True), ("ttl", False)])
def test_killed_mid_write_leaves_the_old_file_or_none(tmp_path, fmt, had_old):
    target = tmp_path / f"out.{fmt}"
    if had_old:
        target.write_bytes(OLD)
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(corpus()), str(target), fmt],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert child.stdout.readline() == b"writing\n", child.stderr.read()
        [part] = leftovers(tmp_path)
        deadline = time.monotonic() + 5
        while (tmp_path / part).stat().st_size == 0 and time.monotonic() < deadline:
            time.sleep(0.01)  # the serialiser flushes its buffer on its own schedule
        assert (tmp_path / part).stat().st_size > 0  # really mid-write
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    if had_old:
        assert target.read_bytes() == OLD
    else:
        assert not target.exists()
    # what is left is a hidden .part file that no loader glob (*.nt, *.ttl, ...) matches
    assert all(name.startswith(".") and not name.endswith(f".{fmt}") for name in leftovers(tmp_path))


def test_cli_killed_at_random_moments_never_leaves_a_partial_file(tmp_path):
    target = tmp_path / "out.nt"
    seen_complete = False
    for delay in (0.3, 0.9, 1.5, 2.5):
        child = subprocess.Popen([sys.executable, "-m", "rdfexport", "convert", str(corpus()), "-o",
                                  str(target), "-q", "-j", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        if target.exists():  # a complete earlier (or this) run: it must parse whole
            data = target.read_bytes()
            assert data.endswith(b" .\n") and list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
            seen_complete = True
    assert seen_complete or not target.exists()


def test_a_long_output_leaves_the_page_cache_as_it_is_written(tmp_path, monkeypatch):
    """Every DROP_EVERY bytes the kernel is asked to drop what was written so far (flushed
    first, so the request covers bytes on their way to disk); the file is whole."""
    from rdfexport.writers import atomic

    monkeypatch.setattr(atomic, "DROP_EVERY", 1000)
    asked = []
    real = os.posix_fadvise

    def fadvise(fd, offset, length, advice):
        asked.append((offset, length, advice, os.fstat(fd).st_size))
        return real(fd, offset, length, advice)

    monkeypatch.setattr(os, "posix_fadvise", fadvise)
    chunks = [bytes([65 + i % 26]) * 300 for i in range(20)]  # 6,000 bytes
    with atomic_output(tmp_path / "out.nq") as handle:
        for chunk in chunks:
            handle.write(chunk)
    assert (tmp_path / "out.nq").read_bytes() == b"".join(chunks)
    assert [(o, n, a) for o, n, a, _ in asked] == [(0, n, os.POSIX_FADV_DONTNEED) for n in (1200, 2400, 3600, 4800, 6000)]
    assert all(size == n for _, n, _, size in asked)  # flushed before each request


def test_a_file_system_refusing_the_hint_still_gets_the_file(tmp_path, monkeypatch):
    from rdfexport.writers import atomic

    monkeypatch.setattr(atomic, "DROP_EVERY", 10)

    def refuse(*args):
        raise OSError(22, "Invalid argument")

    monkeypatch.setattr(os, "posix_fadvise", refuse)
    with atomic_output(tmp_path / "out.nt") as handle:
        handle.write(b"x" * 100)
        handle.write(b"y" * 100)
    assert (tmp_path / "out.nt").read_bytes() == b"x" * 100 + b"y" * 100
