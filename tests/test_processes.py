"""Pool workers end when the process that started them is killed outright (archive.processes), instead of
waiting forever on a queue whose write end they hold themselves."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive import processes as workerguard
from tests.helpers import ROOT

PARENT = """
import os, signal, sys
from concurrent.futures import ProcessPoolExecutor
from archive.processes import guard_parent, parent_token
from tests.helpers import ROOT

guarded = sys.argv[1] == "guarded"
kwargs = {"initializer": guard_parent, "initargs": (parent_token(), 0.1)} if guarded else {}
pool = ProcessPoolExecutor(1, **kwargs)  # one worker: the one whose pid is printed
print(pool.submit(os.getpid).result(), flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return False
    return stat[stat.rfind(b")") + 2 :].split()[0] != b"Z"


def _worker_of_a_killed_parent(mode: str, tmp_path: Path) -> int:
    out = tmp_path / "out.txt"  # a file, not a pipe: a lingering worker would keep a pipe open
    with open(out, "w") as fh:
        proc = subprocess.run([sys.executable, "-c", PARENT, mode], cwd=ROOT, stdout=fh, timeout=60)
    assert proc.returncode == -9
    return int(out.read_text().split()[0])


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_a_guarded_worker_exits_when_its_parent_is_killed(tmp_path):
    worker = _worker_of_a_killed_parent("guarded", tmp_path)
    deadline = time.monotonic() + 15
    while _running(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(worker)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_an_unguarded_worker_would_linger(tmp_path):  # what the guard is for; the test cleans up after it
    worker = _worker_of_a_killed_parent("plain", tmp_path)
    try:
        time.sleep(1)
        assert _running(worker)
    finally:
        os.kill(worker, 9)


def test_a_reused_pid_is_not_the_parent():
    pid, started = workerguard.parent_token()
    assert workerguard._alive(pid, started)
    assert not workerguard._alive(pid, started + "0")  # same pid, another start time
    assert not workerguard._alive(2**22 + 12345, started)  # no such process
