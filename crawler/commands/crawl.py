"""`newsarchive crawl`: run the press spider over one or more sources."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import click

from archive.catalog.db import open_database
from crawler.commands import acquire_lock, data_option, fail, load_named, parse_day, sources_option

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


def run_crawl(settings, source_names: list[str], spider_args: dict) -> int:
    """Run one crawl in this process (Scrapy's reactor can start once per process). Returns the crawl id."""
    from scrapy.crawler import CrawlerProcess

    process = CrawlerProcess(settings)
    crawler = process.create_crawler("press")
    process.crawl(crawler, source=",".join(source_names), **spider_args)
    process.start()
    from crawler.extensions.recorder import WarcRecorder

    recorder = crawler.get_extension(WarcRecorder) if crawler.settings.getbool("WARC_ENABLED") else None
    return recorder.crawl_id if recorder else None


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
    if since and until and until < since:
        raise click.UsageError(f"--until {until} is before --since {since}: nothing could match")
    known = load_named(sources_file, sources)
    names = list(sources) or list(known)
    if not names:
        raise fail(f"{sources_file} lists no sources")
    lock = acquire_lock(data_dir)
    try:
        overrides = dict(overrides)
        if max_pages:  # a hard limit on downloads (the page limit middleware) and the spider closed there
            overrides["NEWSARCHIVE_MAX_PAGES"] = max_pages
            overrides["CLOSESPIDER_PAGECOUNT"] = max_pages
        settings = build_settings(data_dir, sources_file, overrides)
        spider_args = {k: v for k, v in (("since", since), ("until", until)) if v}
        crawl_id = run_crawl(settings, names, spider_args)
    finally:
        lock.release()
    if crawl_id is None:
        raise fail("the crawl did not start; see the log above")
    _summary(data_dir, crawl_id)


def _summary(data_dir: Path, crawl_id: int) -> None:
    db = open_database(data_dir / "catalog.db", readonly=True)
    row = db.conn.execute("SELECT finish_reason, stats FROM crawls WHERE id = ?", (crawl_id,)).fetchone()
    captures, errors = db.conn.execute(
        "SELECT count(*), sum(status >= 400) FROM captures WHERE crawl_id = ?", (crawl_id,)
    ).fetchone()
    db.conn.close()
    reason, stats = row if row else ("unknown", "{}")
    stats = json.loads(stats or "{}")
    click.echo(
        f"crawl {crawl_id} {reason}: {captures} captures ({errors or 0} HTTP errors), "
        f"{stats.get('warc/bytes', 0):,} WARC bytes in {data_dir / 'warc'}",
        err=True,
    )
    if reason == "shutdown":
        click.echo(
            "interrupted: what was downloaded is archived; run the same command again to continue", err=True
        )
    if reason not in ("finished", "closespider_pagecount"):
        sys.exit(1)
