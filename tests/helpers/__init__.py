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
    if isinstance(value, bool):
        return "true" if value else "false"
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


def project_settings(overrides: dict | None = None):
    """The project's settings.py (where each default lives once) with OVERRIDES, as a Scrapy Settings."""
    import importlib

    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule(importlib.import_module("settings"), priority="project")
    settings.setdict(overrides or {}, priority="cmdline")
    return settings


def project_crawler(settings: dict | None = None, spidercls=None):
    """scrapy.utils.test.get_crawler with the project's settings under SETTINGS (as `newsarchive crawl`)."""
    import importlib

    from scrapy.utils.test import get_crawler

    module = importlib.import_module("settings")
    merged = {name: getattr(module, name) for name in dir(module) if name.isupper()}
    merged.pop("TWISTED_REACTOR", None)  # get_crawler chooses the reactor its tests run under
    for components in ("EXTENSIONS", "ITEM_PIPELINES", "DOWNLOADER_MIDDLEWARES", "SPIDER_MIDDLEWARES"):
        merged.pop(components)  # a unit test builds the component it tests itself
    merged.update(settings or {})
    return get_crawler(spidercls, settings_dict=merged)
