"""Shared fixtures: where the shared corpus and the shipped samples are."""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SAMPLES = ROOT / "samples" / "corpus"
SEED_ID = "PMC7048131__12964_2020_527_Fig4_HTML"


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "_figures").is_dir():
        pytest.skip("../shared/corpus is not beside the project")
    return CORPUS


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES


def write_record(folder: Path, name: str, front_matter: str, body: str = "") -> Path:
    """A figure .md file with the given YAML front matter."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front_matter.strip()}\n---\n{body}", encoding="utf-8")
    return path


@contextmanager
def piped(payload: bytes):
    """The read end of a pipe a thread fills with ``payload`` (more than a pipe buffer takes
    several writes), closed and the writer joined afterwards."""
    rfd, wfd = os.pipe()

    def writer():
        with os.fdopen(wfd, "wb") as out:
            out.write(payload)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        yield rfd
    finally:
        os.close(rfd)
        thread.join()
