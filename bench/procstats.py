"""Measure a child process tree from outside: wall time, CPU (children included, from wait4) and peak memory.

Peak memory is sampled from /proc every `interval` seconds over the process and all its descendants (the
extraction pool's workers): the largest RSS of the main process, the largest sum of RSS over the tree, and
the largest sum of PSS (shared pages divided among sharers, so forked workers are not counted twice)."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass, field

__all__ = ["RunStats", "run_measured", "tree_pids", "cpu_seconds"]

_PAGE = os.sysconf("SC_PAGE_SIZE")
_TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class RunStats:
    returncode: int = 0
    wall: float = 0.0
    cpu: float = 0.0  # user + system of the process and every child it waited for
    peak_rss_main: int = 0
    peak_rss_tree: int = 0
    peak_pss_tree: int = 0
    max_processes: int = 0
    samples: list[tuple[float, int]] = field(default_factory=list)  # (seconds since start, tree RSS)


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(b")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(name))
    return kids


def tree_pids(root: int) -> list[int]:
    kids = _children()
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(kids.get(pid, ()))
    return out


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * _PAGE
    except (OSError, IndexError):
        return 0


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int) -> float:
    """user + system CPU of one live process (for a server we stop ourselves)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICK
    except (OSError, IndexError):
        return 0.0


class _Sampler(threading.Thread):
    def __init__(self, pid: int, stats: RunStats, interval: float):
        super().__init__(daemon=True)
        self.pid, self.stats, self.interval = pid, stats, interval
        self.halt = threading.Event()
        self.start_time = time.monotonic()

    def run(self) -> None:
        while not self.halt.is_set():
            pids = tree_pids(self.pid)
            rss = [_rss(p) for p in pids]
            total = sum(rss)
            s = self.stats
            s.peak_rss_main = max(s.peak_rss_main, rss[0] if rss else 0)
            s.peak_rss_tree = max(s.peak_rss_tree, total)
            s.peak_pss_tree = max(s.peak_pss_tree, sum(_pss(p) for p in pids))
            s.max_processes = max(s.max_processes, len(pids))
            s.samples.append((time.monotonic() - self.start_time, total))
            self.halt.wait(self.interval)


def run_measured(argv: list[str], *, interval: float = 0.5, **popen) -> RunStats:
    """Run a command to completion and measure it (its output goes wherever `popen` says)."""
    stats = RunStats()
    start = time.monotonic()
    proc = subprocess.Popen(argv, **popen)
    sampler = _Sampler(proc.pid, stats, interval)
    sampler.start()
    # wait4 gives the rusage of the child and of everything it reaped (its pool workers).
    _, status, usage = os.wait4(proc.pid, 0)
    stats.wall = time.monotonic() - start
    sampler.halt.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    stats.returncode = proc.returncode
    stats.cpu = usage.ru_utime + usage.ru_stime
    stats.peak_rss_main = max(stats.peak_rss_main, usage.ru_maxrss * 1024)
    return stats
