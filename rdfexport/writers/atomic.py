"""Write-then-rename: a reader (or a loader) sees the old file or the whole new one, never half.

The content goes to a hidden ``.<name>.<random>.part`` file in the target's folder (same
file system, so the rename is atomic), is flushed and fsynced, gets the permissions a
plain ``open`` would give, and only then replaces the target. An exception removes the
temporary file and leaves the old target as it was. A process killed outright (SIGKILL,
power loss) can leave a stale ``.part`` file behind, never a partial target: loaders
read ``*.ttl``/``*.nq``…, which a ``.part`` name never matches.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

PART_SUFFIX = ".part"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every platform can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class KeepOldFile(Exception):
    """Raised inside ``atomic_output`` to drop the new content and keep the old file."""


@contextmanager
def atomic_output(path: str | os.PathLike) -> Iterator[IO[bytes]]:
    """Binary file handle whose content replaces ``path`` only if the block completes."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=PART_SUFFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fchmod(handle.fileno(), 0o666 & ~_umask())  # mkstemp's 0600 would hide it from a loader
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except KeepOldFile:
        Path(tmp).unlink(missing_ok=True)
        return
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)
