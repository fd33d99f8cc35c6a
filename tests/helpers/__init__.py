"""Helpers the tests share: paths, the CLI in a subprocess, sources files, request timing. Fixtures stay in
conftest.py; nothing here is a test."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
FIXTURES = TESTS / "fixtures"
SITES = TESTS / "sites"
SHARED_DATA = ROOT.parent / "shared" / "data"


def run_cli(*args: str, timeout: float = 300, env: dict | None = None, cwd: Path | None = None):
    """Run `python -m crawler ARGS` in a subprocess, as a user would run `newsarchive ARGS`."""
    return subprocess.run(
        [sys.executable, "-m", "crawler", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd or ROOT,
        env={**os.environ, **(env or {})},
        check=False,
    )


def write_sources(path: Path, entries: dict[str, dict]) -> Path:
    """Write a sources file from {name: {key: value}} (strings, numbers and lists of strings)."""
    lines = []
    for name, entry in entries.items():
        lines.append(f"[sources.{name}]")
        extract = entry.pop("extract", None)
        for key, value in entry.items():
            lines.append(f"{key} = {_toml(value)}")
        if extract:
            lines.append(f"[sources.{name}.extract]")
            for key, value in extract.items():
                lines.append(f"{key} = {_toml(value)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _toml(value) -> str:
    import json

    if isinstance(value, list):
        return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def timed(site) -> list[tuple[float, str]]:
    """Make the site keep when each request arrived."""
    stamps: list[tuple[float, str]] = []
    record = site.record

    def keep(line: str) -> None:
        stamps.append((time.monotonic(), line.split(" ", 1)[1]))
        record(line)

    site.record = keep
    return stamps
