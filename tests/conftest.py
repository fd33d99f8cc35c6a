"""Shared fixtures: a sample site on loopback, a data directory, the CLI in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from samplesite.server import SampleSite

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"


def pytest_collection_modifyitems(config, items):
    if os.environ.get("NEWSARCHIVE_ONLINE") == "1":
        return
    skip = pytest.mark.skip(reason="needs the internet (set NEWSARCHIVE_ONLINE=1)")
    for item in items:
        if "online" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def site_factory():
    """Start SampleSite servers on loopback for a directory; all are stopped after the test."""
    started: list[SampleSite] = []

    def start(root: Path, host: str = "127.0.0.1") -> SampleSite:
        site = SampleSite(root, host=host).start()
        started.append(site)
        return site

    yield start
    for site in started:
        site.stop()


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


@pytest.fixture(scope="session")
def crawled_archive(tmp_path_factory):
    """tests.archive_fixture.crawl_twice, once per test session (the verify tests share it)."""
    from tests.archive_fixture import crawl_twice

    return crawl_twice(tmp_path_factory.mktemp("archive"))


@pytest.fixture
def archive_data(crawled_archive, tmp_path):
    """A copy of the session's crawled archive that a test may damage."""
    from tests.archive_fixture import copy_archive

    return copy_archive(crawled_archive, tmp_path / "data")
