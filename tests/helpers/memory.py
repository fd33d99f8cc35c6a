"""A command in a subprocess with its memory measured: the peak RSS of its largest process (wait4's rusage covers
the process and every descendant it waited for: the extraction workers) and the peak of the whole tree's RSS,
sampled from /proc. Bounded by a timeout; the process group is killed when it runs out."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import ROOT

__all__ = ["Measured", "run_measured", "tree_rss"]

_PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Measured:
    returncode: int
    stderr: str
    max_rss_mb: float  # the largest single process
    tree_peak_mb: float  # the largest sum over the tree, sampled every 0.1 s
    seconds: float


def tree_rss(pid: int) -> int:
    """Bytes resident in PID and every process below it."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_bytes()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(entry.name))
        rss[int(entry.name)] = int(fields[21]) * _PAGE
    total, todo, seen = 0, [pid], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        total += rss.get(current, 0)
        todo.extend(children.get(current, []))
    return total


def run_measured(*args: str, timeout: float = 600, preexec=None) -> Measured:
    """`python -m crawler ARGS`, measured; its output kept (stdout and stderr in one file, so a chatty crawl
    never blocks on a pipe)."""
    started = time.monotonic()
    err = Path(os.environ.get("TMPDIR", "/tmp")) / f"measured-{os.getpid()}-{time.time_ns()}.err"
    with open(err, "w+", encoding="utf-8", errors="replace") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "crawler", *args],
            cwd=ROOT,
            stdout=stderr,  # the crawl's summary, with the log: one text to read
            stderr=stderr,
            start_new_session=True,
            preexec_fn=preexec,
        )
        peak = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.wait(0.1):
                peak = max(peak, tree_rss(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        killer = threading.Timer(timeout, lambda: os.killpg(proc.pid, signal.SIGKILL))
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
            done.set()
            sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        text = stderr.read()
    err.unlink(missing_ok=True)
    return Measured(
        proc.returncode, text, usage.ru_maxrss / 1024, peak / 1024 / 1024, time.monotonic() - started
    )
