"""`newsarchive status`: what the archive holds, per source, and how the last crawl went."""

from __future__ import annotations

import click

from archive.catalog.db import open_database
from archive.catalog.status import archive_status
from crawler.commands import catalog_path, data_option, frontier_server, reasons_text

__all__ = ["command"]


@click.command()
@data_option
@click.option(
    "--frontier",
    envvar="NEWSARCHIVE_FRONTIER",
    metavar="redis://HOST:PORT/DB",
    help="Also show the crawls shared over this Redis: queued, in flight per worker, done, errors.",
)
def command(data_dir, frontier):
    """Per-source counts (captures, articles, errors), WARC totals and the last crawl; with --frontier, the
    shared crawls in that Redis too (the data directory is then optional).

    Errors are HTTP answers >= 400, article pages that yielded no article, and fetches that failed without a
    complete response (timeouts, resets, DNS, truncations, size limits, robots refusals: the `failures` table).

    \b
    Examples:
      newsarchive status --data /srv/archive
      newsarchive status --frontier redis://10.0.0.5:6379/0
    """
    if frontier:
        _frontier_status(frontier)
        if not (data_dir / "catalog.db").exists():
            return
    db = open_database(catalog_path(data_dir), readonly=True)
    try:
        status = archive_status(db, data_dir)
    finally:
        db.conn.close()
    last = status["last_crawl"]
    if last:
        click.echo(
            f"last crawl: #{last['id']} {last['started_at']} -> {last['finished_at'] or 'running or killed'}"
            f" ({last['finish_reason'] or 'unfinished'}), sources: {', '.join(last['sources']) or 'none'}"
        )
    else:
        click.echo("no crawl yet")
    if status["last_crawl_failures"]:
        click.echo(f"failed fetches in the last crawl: {reasons_text(status['last_crawl_failures'])}")
    still_open = status["open_warc_files"]
    click.echo(
        f"WARC: {status['warc_files']} files, {status['warc_bytes']:,} bytes"
        + (f" ({still_open} still open, counted at their size on disk)" if still_open else "")
    )
    header = (
        f"{'source':<16} {'captures':>9} {'articles':>9} {'versions':>9} {'dupes':>6} {'errors':>7} "
        f"{'failed':>7}  last fetched"
    )
    click.echo(header)
    for row in status["sources"]:
        click.echo(
            f"{row['source'] or '-':<16} {row['captures']:>9} {row['articles']:>9} {row['versions']:>9} "
            f"{row['duplicates']:>6} {row['errors']:>7} {row['failures']:>7}  {row['last_fetched'] or '-'}"
        )
    for row in status["sources"]:
        if row["failures"]:
            click.echo(f"  {row['source'] or '-'}: failed fetches: {reasons_text(row['failures_by_reason'])}")
    if status["failures_by_reason"]:
        click.echo(
            "errors: HTTP >= 400, pages with no article, failed fetches (the `failures` table in browse)"
        )


def _frontier_status(url: str) -> None:
    from crawler.frontier_redis.status import format_status, frontier_status

    server = frontier_server(url, "is redis-server running there?")
    for line in format_status(url, frontier_status(server)):
        click.echo(line)
