"""Measure a child process tree from outside: wall time, CPU (children included) and peak memory.

CPU: wait4 only counts children the process itself reaped, and a forkserver pool's workers are the
forkserver's children, which nobody reaps into our tree's account. So every process of the tree is sampled
from /proc (its own user + system time), the main process is read once more as a zombie (final figures),
and the larger of that sum and wait4's figure is reported.

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
    cpu: float = 0.0  # user + system of the whole tree (see the module docstring)
    cpu_wait4: float = 0.0  # what wait4 alone reports (the process and the children it reaped)
    cpu_main: float = 0.0  # the main process alone (for a crawl: the reactor thread and everything on it)
    sampler_cpu: float = 0.0  # what measuring cost this (the bench's) process
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


def cpu_seconds(pid: int, children: bool = False) -> float:
    """user + system CPU of one process (live or zombie); with `children`, also that of the children it reaped."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])
        if children:
            ticks += int(fields[13]) + int(fields[14])
        return ticks / _TICK
    except (OSError, IndexError):
        return 0.0


class _Sampler(threading.Thread):
    def __init__(self, pid: int, stats: RunStats, interval: float):
        super().__init__(daemon=True)
        self.pid, self.stats, self.interval = pid, stats, interval
        self.halt = threading.Event()
        self.start_time = time.monotonic()
        self.cpu: dict[int, float] = {}  # pid -> its own CPU seconds when last seen

    def run(self) -> None:
        while not self.halt.is_set():
            pids = tree_pids(self.pid)
            for p in pids:
                self.cpu[p] = max(self.cpu.get(p, 0.0), cpu_seconds(p))
            rss = [_rss(p) for p in pids]
            total = sum(rss)
            s = self.stats
            s.peak_rss_main = max(s.peak_rss_main, rss[0] if rss else 0)
            s.peak_rss_tree = max(s.peak_rss_tree, total)
            s.peak_pss_tree = max(s.peak_pss_tree, sum(_pss(p) for p in pids))
            s.max_processes = max(s.max_processes, len(pids))
            s.samples.append((time.monotonic() - self.start_time, total))
            self.halt.wait(self.interval)


def run_measured(argv: list[str], *, interval: float = 0.25, **popen) -> RunStats:
    """Run a command to completion and measure it (its output goes wherever `popen` says)."""
    stats = RunStats()
    start = time.monotonic()
    own = time.process_time()
    proc = subprocess.Popen(argv, **popen)
    sampler = _Sampler(proc.pid, stats, interval)
    sampler.start()
    # Wait for the exit without reaping, so the final CPU figures can still be read from /proc as a zombie.
    os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)
    stats.wall = time.monotonic() - start
    sampler.halt.set()
    sampler.join()
    main_self = cpu_seconds(proc.pid)
    stats.cpu_main = main_self
    stats.sampler_cpu = time.process_time() - own
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    stats.returncode = proc.returncode
    stats.cpu_wait4 = usage.ru_utime + usage.ru_stime
    others = sum(cpu for pid, cpu in sampler.cpu.items() if pid != proc.pid)
    stats.cpu = max(stats.cpu_wait4, main_self + others)
    stats.peak_rss_main = max(stats.peak_rss_main, usage.ru_maxrss * 1024)
    return stats
