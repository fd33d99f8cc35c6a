"""`newsarchive crawl`: run the press spider over one or more sources."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import click

from archive.catalog.db import open_database
from archive.ops.lock import DataLock, LockedError
from crawler.commands import data_option, fail, load_named, parse_day, sources_option

__all__ = ["command", "build_settings", "run_crawl"]


def _parse_sets(ctx, param, values):
    out = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{item!r} is not SETTING=VALUE")
        out[key.strip()] = value
    return out


def build_settings(data_dir: Path, sources_file: Path, overrides: dict | None = None):
    """The project's Scrapy settings with the command line's choices on top."""
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule(importlib.import_module("settings"), priority="project")
    settings.set("NEWSARCHIVE_DATA", str(data_dir), priority="cmdline")
    settings.set("NEWSARCHIVE_SOURCES", str(sources_file), priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_crawl(settings, source_names: list[str], spider_args: dict) -> tuple[int | None, str]:
    """Run one crawl in this process (Scrapy's reactor can start once per process). Returns the crawl id and,
    when the recorder had to stop (the disk is full, the catalog is damaged), its one-line message."""
    from scrapy.crawler import CrawlerProcess

    process = CrawlerProcess(settings)
    crawler = process.create_crawler("press")
    process.crawl(crawler, source=",".join(source_names), **spider_args)
    process.start()
    from crawler.extensions.recorder import WarcRecorder

    try:
        recorder = crawler.get_extension(WarcRecorder) if crawler.settings.getbool("WARC_ENABLED") else None
    except RuntimeError:  # the crawl never started: no extensions
        recorder = None
    return (recorder.crawl_id, recorder.stopped) if recorder else (None, "")


def check_catalog(data_dir: Path) -> None:
    """Refuse to start, before any request, when the catalog cannot be written: damaged, or on a read-only or
    full disk (a crawl would download everything and keep nothing)."""
    import sqlite3

    from archive.catalog.db import Catalog
    from archive.catalog.health import (
        catalog_problem,
        damaged,
        damaged_message,
        storage_full,
        storage_message,
    )

    path = data_dir / "catalog.db"
    problem = catalog_problem(path)
    if problem:
        raise fail(damaged_message(path, problem))
    try:
        catalog = Catalog(path)
        try:
            catalog.conn.execute("BEGIN IMMEDIATE")
            catalog.conn.rollback()
        finally:
            catalog.close()
    except (OSError, sqlite3.Error) as exc:
        if damaged(exc):
            raise fail(damaged_message(path, str(exc))) from None
        if storage_full(exc):
            raise fail(storage_message(str(path), exc)) from None
        raise fail(f"cannot write the catalog {path} ({exc}): check the permissions of {data_dir}") from None


@click.command()
@click.argument("sources", nargs=-1)
@sources_option
@data_option
@click.option(
    "--since", callback=parse_day, help="Only articles published on or after this date (YYYY-MM-DD)."
)
@click.option("--until", callback=parse_day, help="Only articles published on or before this date.")
@click.option("--max-pages", type=click.IntRange(min=1), help="Stop after this many downloads.")
@click.option(
    "--set",
    "overrides",
    multiple=True,
    callback=_parse_sets,
    metavar="SETTING=VALUE",
    help="Override a setting from settings.py (repeatable), e.g. --set WARC_MAX_SIZE=100000000.",
)
def command(sources, sources_file, data_dir, since, until, max_pages, overrides):
    """Crawl press sources into WARC files and the catalog.

    With no SOURCE, every source in the sources file is crawled.

    \b
    Examples:
      newsarchive crawl baochinhphu
      newsarchive crawl baochinhphu nhandan --data /srv/archive --max-pages 500
      newsarchive crawl vietnamplus --since 2026-05-01 --until 2026-05-31
    """
    known = load_named(sources_file, sources)
    names = list(sources) or list(known)
    if not names:
        raise fail(f"{sources_file} lists no sources")
    try:
        lock = DataLock.acquire(data_dir)
    except LockedError as exc:
        raise fail(str(exc)) from None
    try:
        overrides = dict(overrides)
        if max_pages:
            overrides["CLOSESPIDER_PAGECOUNT"] = max_pages
        settings = build_settings(data_dir, sources_file, overrides)
        spider_args = {k: v for k, v in (("since", since), ("until", until)) if v}
        check_catalog(data_dir)
        crawl_id, stopped = run_crawl(settings, names, spider_args)
    finally:
        lock.release()
    if stopped:
        raise fail(stopped)
    if crawl_id is None:
        raise fail("the crawl did not start; see the log above")
    _summary(data_dir, crawl_id, names)


def _summary(data_dir: Path, crawl_id: int, names: list[str]) -> None:
    """One line on what the crawl did, one per source that could fetch nothing, and the exit status: 0 when
    the crawl finished and every source answered, 1 otherwise (README, "Exit status")."""
    from archive.catalog.status import failures_by_reason

    db = open_database(data_dir / "catalog.db", readonly=True)
    conn = db.conn
    try:
        row = conn.execute("SELECT finish_reason, stats FROM crawls WHERE id = ?", (crawl_id,)).fetchone()
        captures, errors = conn.execute(
            "SELECT count(*), sum(status >= 400) FROM captures WHERE crawl_id = ?", (crawl_id,)
        ).fetchone()
        failures = failures_by_reason(conn, crawl_id)
        fetched = {
            source: count
            for source, count in conn.execute(
                "SELECT source, count(*) FROM captures WHERE crawl_id = ? GROUP BY source", (crawl_id,)
            )
        }
        silent = {
            name: failures_by_reason(conn, crawl_id, source=name) for name in names if not fetched.get(name)
        }
    finally:
        conn.close()
    reason, stats = row if row else ("unknown", "{}")
    stats = json.loads(stats or "{}")
    failed = sum(failures.values())
    click.echo(
        f"crawl {crawl_id} {reason}: {captures} captures ({errors or 0} HTTP errors, {failed} failed fetches"
        + (f": {_reasons(failures)}" if failures else "")
        + f"), {stats.get('warc/bytes', 0):,} WARC bytes in {data_dir / 'warc'}",
        err=True,
    )
    for name, why in silent.items():
        click.echo(
            f"source {name}: nothing could be fetched ({_reasons(why) or 'no request was answered'}); check its "
            f"homepage URL and the network, then `newsarchive status --data {data_dir}`",
            err=True,
        )
    if reason == "shutdown":
        click.echo(
            "interrupted: what was downloaded is archived; run the same command again to continue", err=True
        )
    if reason not in ("finished", "closespider_pagecount") or silent:
        sys.exit(1)


def _reasons(counts: dict[str, int]) -> str:
    return ", ".join(f"{reason} {count}" for reason, count in counts.items())
