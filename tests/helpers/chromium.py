"""A real headless Chromium for tests of pages people look at (Datasette, pywb replay).

Debian's `chromium` package is installed by `make test` (the Makefile's `chromium` target), never by a test;
without it these tests fail saying so. Screenshots are kept under `test-artifacts/` as test artifacts."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.helpers import ROOT

__all__ = ["chromium_path", "dump_dom", "screenshot", "ARTIFACTS"]

ARTIFACTS = ROOT / "test-artifacts"
_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
]


def chromium_path() -> str:
    """The Chromium binary; a clear failure when it is not installed."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise RuntimeError(
            "chromium is missing: run `make chromium` (or `apt-get install chromium`); "
            "`make test` installs it before the tests run"
        )
    return found


def _run(args: list[str], timeout: float) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        return subprocess.run(
            [chromium_path(), *_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            timeout=timeout,
            check=False,
        )


def dump_dom(url: str, *, wait_ms: int = 3000, timeout: float = 90) -> str:
    """The DOM after scripts ran, as a person's browser would have it."""
    result = _run([f"--virtual-time-budget={wait_ms}", "--dump-dom", url], timeout)
    if result.returncode != 0 and not result.stdout:
        raise RuntimeError(f"chromium failed on {url}: {result.stderr.decode(errors='replace')[-2000:]}")
    return result.stdout.decode("utf-8", errors="replace")


def screenshot(
    url: str, name: str, *, size: str = "1280,1600", wait_ms: int = 3000, timeout: float = 90
) -> Path:
    """Save a PNG of the page under test-artifacts/NAME.png and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    out = ARTIFACTS / f"{name}.png"
    result = _run(
        [f"--virtual-time-budget={wait_ms}", f"--window-size={size}", f"--screenshot={out}", url], timeout
    )
    if not out.exists():
        raise RuntimeError(
            f"chromium made no screenshot of {url}: {result.stderr.decode(errors='replace')[-2000:]}"
        )
    return out
