"""`newsarchive crawl`: run the press spider over one or more sources."""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

import click

from crawler.commands import (
    acquire_lock,
    data_option,
    fail,
    frontier_server,
    load_named,
    parse_day,
    reasons_text,
    sources_option,
)
from crawler.commands.crawlsummary import FINISHED, print_summary
from crawler.console import setup_logging

__all__ = ["command", "build_settings", "run_crawl"]


def _parse_sets(ctx, param, values):
    out = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{item!r} is not SETTING=VALUE")
        key = key.strip()
        if key not in known_settings():
            raise click.BadParameter(
                f"{key} is no setting of newsarchive (settings.py) or Scrapy; check its spelling"
            )
        out[key] = value
    return out


def known_settings() -> set[str]:
    """The names --set accepts: the project's (settings.py) and Scrapy's own (its default settings)."""
    from scrapy.settings import default_settings

    project = importlib.import_module("settings")
    return {n for module in (project, default_settings) for n in dir(module) if n.isupper()}


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
    "-v", "--verbose", is_flag=True, help="Show Scrapy's log (INFO) too; the log file keeps it anyway."
)
@click.option(
    "--frontier",
    envvar="NEWSARCHIVE_FRONTIER",
    metavar="redis://HOST:PORT/DB",
    help="Be one worker of a crawl shared over Redis (docs/scale-out.md). Env: NEWSARCHIVE_FRONTIER.",
)
@click.option(
    "--set",
    "overrides",
    multiple=True,
    callback=_parse_sets,
    metavar="SETTING=VALUE",
    help="Override a setting from settings.py (repeatable), e.g. --set WARC_MAX_SIZE=100000000.",
)
def command(sources, sources_file, data_dir, since, until, max_pages, verbose, frontier, overrides):
    """Crawl press sources into WARC files and the catalog.

    With no SOURCE, every source in the sources file is crawled. The console shows warnings, errors and
    the progress (a live line on a terminal, a line every NEWSARCHIVE_PROGRESS_INTERVAL seconds
    otherwise); Scrapy's whole log goes to DATA/logs/crawl-TIMESTAMP.log. The crawl ends with a summary
    (what was archived, failures by reason, articles) whose figures `newsarchive status` shows too.

    \b
    Examples:
      newsarchive crawl baochinhphu
      newsarchive crawl baochinhphu nhandan --data /srv/archive --max-pages 500
      newsarchive crawl vietnamplus --since 2026-05-01 --until 2026-05-31
      newsarchive crawl baochinhphu nhandan --data /srv/shard1 --frontier redis://10.0.0.5:6379/0

    With --frontier, this process is one worker of a crawl shared over Redis: start the same command (same
    sources, its own --data) on as many machines as you like; each URL is fetched by one worker, politeness
    holds across all of them, and each exits once the shared queue has been empty for
    NEWSARCHIVE_FRONTIER_IDLE seconds. `newsarchive merge` then folds the data directories into one.
    """
    if since and until and until < since:
        raise click.UsageError(f"--until {until} is before --since {since}: nothing could match")
    known = load_named(sources_file, sources)
    names = list(sources) or list(known)
    if not names:
        raise fail(f"{sources_file} lists no sources")
    overrides = dict(overrides)
    if frontier:
        overrides["NEWSARCHIVE_FRONTIER"] = _reachable(frontier)
    lock = acquire_lock(data_dir)
    try:
        if max_pages:  # a hard limit on downloads (the page limit middleware) and the spider closed there
            overrides["NEWSARCHIVE_MAX_PAGES"] = max_pages
            overrides["CLOSESPIDER_PAGECOUNT"] = max_pages
        settings = build_settings(data_dir, sources_file, overrides)
        if frontier:
            _check_frontier_settings(settings)
        log_file = setup_logging(settings, data_dir, verbose=verbose)
        spider_args = {k: v for k, v in (("since", since), ("until", until)) if v}
        check_catalog(data_dir)
        started = time.monotonic()
        crawl_id, stopped = run_crawl(settings, names, spider_args)
        elapsed = time.monotonic() - started
    finally:
        lock.release()
    if stopped:
        raise fail(stopped)
    if crawl_id is None:
        raise fail(f"the crawl did not start; see {log_file}")
    summary = print_summary(data_dir, crawl_id, elapsed)
    click.echo(f"  {'log':<12} {log_file}")
    reason = summary["finish_reason"]
    # in a shared crawl another worker may have fetched a source's every page: only a lone crawl can tell
    silent = {} if frontier else _silent_sources(data_dir, crawl_id, names)
    if reason == "shutdown":
        click.echo(
            "interrupted: what was downloaded is archived; run the same command again to continue", err=True
        )
    if reason == "frontier_lost":
        click.echo(
            f"lost the frontier at {frontier} mid-crawl: this worker stopped, and what it archived is in "
            f"{data_dir} (WARC files closed, catalog consistent); start it again once Redis is back",
            err=True,
        )
    if reason not in FINISHED or silent:
        if reason not in FINISHED and reason != "frontier_lost":
            click.echo(f"the crawl ended with {reason or 'no finish reason'}; see {log_file}", err=True)
        sys.exit(1)


def _silent_sources(data_dir: Path, crawl_id: int, names: list[str]) -> dict[str, dict[str, int]]:
    """The sources this crawl could fetch nothing from, each with its failures by reason, said in one line each
    (the crawl then exits 1: README, "Exit status")."""
    from archive.catalog.db import open_database
    from archive.catalog.status import failures_by_reason

    db = open_database(data_dir / "catalog.db", readonly=True)
    conn = db.conn
    try:
        fetched = {
            source
            for (source,) in conn.execute(
                "SELECT DISTINCT source FROM captures WHERE crawl_id = ?", (crawl_id,)
            )
        }
        silent = {
            name: failures_by_reason(conn, crawl_id, source=name) for name in names if name not in fetched
        }
    finally:
        conn.close()
    for name, why in silent.items():
        click.echo(
            f"source {name}: nothing could be fetched ({reasons_text(why) or 'no request was answered'}); check its "
            f"homepage URL and the network, then `newsarchive status --data {data_dir}`",
            err=True,
        )
    return silent


def _check_frontier_settings(settings) -> None:
    from crawler.frontier_redis.known import retention_of

    try:
        retention_of(settings.get("NEWSARCHIVE_FRONTIER_KNOWN_FOR"))
    except ValueError as exc:
        raise click.UsageError(f"NEWSARCHIVE_FRONTIER_KNOWN_FOR: {exc}") from None


def _reachable(url: str) -> str:
    """The frontier's URL once Redis answered there: a malformed URL is a usage error, no answer a failure."""
    frontier_server(url, "start redis-server there, or check the URL").close()
    return url
