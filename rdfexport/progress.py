"""Progress on stderr for long runs: a live line on a terminal, a few lines in a log."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, label: str = "figures", stream: TextIO | None = None, enabled: bool = True):
        self.label, self.stream, self.enabled = label, stream or sys.stderr, enabled
        self.count, self.start = 0, time.monotonic()
        self._last = self.start  # first line after one interval, when the rate means something
        self._tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def step(self, n: int = 1) -> None:
        self.count += n
        now = time.monotonic()
        interval = 0.2 if self._tty else 10.0
        if self.enabled and now - self._last >= interval:
            self._last = now
            self._show(now, end="\r" if self._tty else "\n")

    def done(self) -> None:
        if self.enabled and self.count:
            self._show(time.monotonic(), end="\n")

    def _show(self, now: float, end: str) -> None:
        elapsed = max(now - self.start, 1e-9)
        self.stream.write(f"{self.count} {self.label}, {self.count / elapsed:.0f}/s{end}")
        self.stream.flush()
