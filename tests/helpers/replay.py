"""`newsarchive replay --port 0` as a user runs it, for the tests that look at replayed pages."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.helpers import ROOT


@contextmanager
def replaying(data: Path) -> Iterator[tuple[subprocess.Popen, str]]:
    """(the process, the collection URL it printed); stopped with SIGTERM afterwards, as a user stops it, and
    what it wrote to stderr kept as `process.stderr_text`."""
    process = subprocess.Popen(
        [sys.executable, "-m", "crawler", "replay", "--data", str(data), "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        collection = process.stdout.readline().strip()
        assert collection.startswith("http://127.0.0.1:"), process.stderr.read()
        yield process, collection
    finally:
        process.terminate()  # the command stops pywb on SIGTERM
        _, process.stderr_text = process.communicate(timeout=30)
