"""Worker processes that end when the process that started them is gone.

A process pool's workers wait on a queue whose write end they hold themselves, so when their parent is killed
(SIGKILL, the out-of-memory killer) they never see end-of-file and wait forever, ~60 MB each, and with them the
forkserver and the resource tracker. `guard_parent(pid)`, run in each worker (a pool's initializer), watches
the parent and exits the worker soon after the parent disappears."""

from __future__ import annotations

import os
import threading
import time

__all__ = ["parent_token", "guard_parent", "POLL_SECONDS"]

POLL_SECONDS = 1.0


def parent_token() -> tuple[int, str]:
    """(pid, start time) of this process, to hand to its workers: the start time tells a reused pid apart."""
    pid = os.getpid()
    return pid, _start_time(pid)


def guard_parent(token: tuple[int, str], poll_seconds: float = POLL_SECONDS) -> None:
    """In a worker: a daemon thread that exits the process once the process of TOKEN no longer runs."""

    def watch() -> None:
        pid, started = token
        while True:
            time.sleep(poll_seconds)
            if not _alive(pid, started):
                os._exit(0)  # nothing to clean up: the parent is gone, and with it whoever wanted our results

    threading.Thread(target=watch, name="parent-guard", daemon=True).start()


def _alive(pid: int, started: str) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else: a reused pid
        return False
    fields = _stat(pid)
    if fields and fields[0] == b"Z":  # killed, not yet reaped by its own parent: gone for us
        return False
    return _start_time(pid) == started


def _start_time(pid: int) -> str:
    """Field 22 of /proc/PID/stat (start time in clock ticks); "" where there is no /proc."""
    fields = _stat(pid)
    return fields[19].decode() if len(fields) > 19 else ""


def _stat(pid: int) -> list[bytes]:
    """The fields of /proc/PID/stat from the third (the state) on; [] where there is no /proc."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read()
    except OSError:
        return []
    # the command name (field 2) is in parentheses and may hold spaces: count fields after the last ")"
    return stat[stat.rfind(b")") + 2 :].split()
