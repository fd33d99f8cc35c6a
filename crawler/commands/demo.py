"""`newsarchive demo`: serve the bundled sample press site on loopback, crawl it, and show what was archived."""

from __future__ import annotations

import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import click

from archive.ops.lock import DataLock, LockedError
from archive.sources import SourceError, load_sources
from crawler.commands import fail
from crawler.commands.demoreport import print_report
from crawler.console import setup_logging

__all__ = ["command", "SOURCES_NAME", "write_demo_sources"]

SOURCES_NAME = "demo-sources.toml"  # kept in the data directory, so later commands can use it too
SOURCE = "sample"
# Selectors of the sample site's CMS markup, as a real source entry would name them (see sources.toml).
_DROP = [
    "div[type=RelatedOneNews]",
    ".article__story",
    ".box-related",
    ".share-tools",
    ".detail-tags",
    ".more-news",
]
_CAPTIONS = [".PhotoCMS_Caption", "td.image_desc", "p.image-caption", ".cms-photo-caption"]


def write_demo_sources(path: Path, base_url: str) -> Path:
    """The sources file for the sample site: one source, no politeness delay (it is our own server)."""

    def toml_list(items: list[str]) -> str:
        return "[" + ", ".join(f'"{i}"' for i in items) + "]"

    path.write_text(
        "# Written by `newsarchive demo`: the bundled sample press site, served on loopback by the demo.\n"
        f"[sources.{SOURCE}]\n"
        'title = "Báo Tin Mẫu (sample site)"\n'
        f'homepage = "{base_url}/"\n'
        'language = "vi"\n'
        "delay = 0\n"
        f"[sources.{SOURCE}.extract]\n"
        f"drop = {toml_list(_DROP)}\n"
        'body = "div.detail-content"\n'
        f"captions = {toml_list(_CAPTIONS)}\n",
        encoding="utf-8",
    )
    return path


def _previous_port(sources_file: Path) -> int | None:
    """The port the last demo in this directory used: serving there again keeps the URLs identical, so the
    second run is a real incremental crawl (revisits, conditional GETs) instead of a new site."""
    try:
        source = load_sources(sources_file).get(SOURCE)
    except SourceError:
        return None
    return urlsplit(source.homepage).port if source else None


def _start_site(port: int | None):
    from samplesite.server import PRESS_SITE, SampleSite

    if port:
        try:
            return SampleSite(PRESS_SITE, port=port).start(), True
        except OSError:
            pass  # taken by something else now: a new port, hence new URLs
    return SampleSite(PRESS_SITE).start(), False


def _move_aside(data_dir: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = data_dir.with_name(f"{data_dir.name}.old-{stamp}")
    shutil.move(str(data_dir), str(target))
    return target


@click.command()
@click.option(
    "--data",
    "data_dir",
    default="demo-data",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the demo archive goes (its own directory, never your real archive).",
)
@click.option(
    "--fresh",
    is_flag=True,
    help="Move an earlier demo archive aside (to DIR.old-TIMESTAMP) and start from nothing.",
)
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log (INFO) while crawling.")
def command(data_dir: Path, fresh: bool, verbose: bool):
    """Serve a bundled sample press site on loopback, crawl it into DIR, and summarise the archive.

    Offline and self-contained: the site (Vietnamese state-media style pages, with photos and captions,
    pagination, robots.txt, sitemaps, an RSS feed, a redirect and a 404) is served by this process on
    127.0.0.1 and crawled with the same code as `newsarchive crawl`.

    Run it again and the second run is an incremental crawl of the same site (same port, same URLs) into
    the same archive: unchanged pages are skipped or stored as revisit records, never twice. Use --fresh
    to move the old archive aside and start over.

    \b
    Examples:
      newsarchive demo
      newsarchive demo --data /tmp/demo --fresh
    """
    from crawler.commands.crawl import build_settings, run_crawl

    sources_file = data_dir / SOURCES_NAME
    earlier = (data_dir / "catalog.db").exists()
    if earlier and not sources_file.exists():
        raise fail(
            f"{data_dir} holds an archive that `newsarchive demo` did not make; "
            "pass --data with a new directory (the demo never writes into a real archive)"
        )
    moved = None
    if earlier and fresh:
        try:
            DataLock.acquire(data_dir).release()  # never move a directory a crawl is writing to
        except LockedError as exc:
            raise fail(str(exc)) from None
        moved = _move_aside(data_dir)
        earlier = False
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        lock = DataLock.acquire(data_dir)
    except LockedError as exc:
        raise fail(str(exc)) from None
    try:
        site, same_port = _start_site(_previous_port(sources_file) if earlier else None)
        try:
            write_demo_sources(sources_file, site.base_url)
            click.echo(f"Serving the sample press site at {site.base_url}/ (loopback only, this process)")
            if moved:
                click.echo(f"Moved the earlier demo archive aside to {moved}; starting fresh.")
            elif earlier:
                how = (
                    "same addresses, so this is an incremental crawl: entry points are read again, "
                    "unchanged pages are not stored twice"
                    if same_port
                    else "its old port was taken, so the pages get new addresses on another port"
                )
                click.echo(f"{data_dir} already holds a demo archive: crawling again into it ({how}).")
            click.echo(f"Crawling it into {data_dir} ...")
            overrides = {
                "DOWNLOAD_TIMEOUT": 15,
                "CLOSESPIDER_TIMEOUT": 100,  # the demo promises to finish within two minutes
                "AUTOTHROTTLE_START_DELAY": 0,
                "RETRY_TIMES": 1,
            }
            settings = build_settings(data_dir, sources_file, overrides)
            log_file = setup_logging(settings, data_dir, verbose=verbose)
            started = time.monotonic()
            crawl_id, stopped = run_crawl(settings, [SOURCE], {})
            elapsed = time.monotonic() - started
        finally:
            site.stop()
    finally:
        lock.release()
    if stopped:
        raise fail(stopped)
    if crawl_id is None:
        raise fail(f"the demo crawl did not start; see {log_file}")
    ok = print_report(data_dir, crawl_id, elapsed, site.base_url, site.log)
    if not ok:
        sys.exit(1)
