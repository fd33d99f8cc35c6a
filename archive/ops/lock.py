"""One run per data directory: an advisory lock on DATA/state/lock, held for the life of the process."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

__all__ = ["DataLock", "LockedError"]


class LockedError(RuntimeError):
    """Another process holds the data directory."""


class DataLock:
    _held: dict[Path, DataLock] = {}

    def __init__(self, path: Path, fd: int):
        self.path = path
        self._fd = fd
        self._count = 1

    @classmethod
    def acquire(cls, data_dir: str | Path) -> DataLock:
        """Take the lock, or raise LockedError at once (never wait). Re-entrant within one process."""
        path = (Path(data_dir) / "state" / "lock").resolve()
        held = cls._held.get(path)
        if held is not None:
            held._count += 1
            return held
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 100, 0).decode(errors="replace").strip() or "another process"
            os.close(fd)
            raise LockedError(
                f"{data_dir} is in use by {holder}; wait for that run to finish (or stop it) and try again"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}\n".encode(), 0)
        lock = cls(path, fd)
        cls._held[path] = lock
        return lock

    @staticmethod
    def holder(data_dir: str | Path) -> str | None:
        """Who holds the data directory right now ("pid N"), or None when no run does; takes nothing."""
        path = Path(data_dir) / "state" / "lock"
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:  # no lock file: no run ever held it, or it cannot be read
            return None
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return os.pread(fd, 100, 0).decode(errors="replace").strip() or "another process"
            fcntl.flock(fd, fcntl.LOCK_UN)
            return None
        finally:
            os.close(fd)

    def release(self) -> None:
        self._count -= 1
        if self._count > 0:
            return
        self._held.pop(self.path, None)
        try:
            os.ftruncate(self._fd, 0)
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
