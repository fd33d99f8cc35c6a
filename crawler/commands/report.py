"""`newsarchive report`: one self-contained HTML page of charts and tables about an archive."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click

from crawler.commands import catalog_path, data_option, fail, parse_day

__all__ = ["command"]


@click.command()
@data_option
@click.option(
    "--out", required=True, type=click.Path(path_type=Path), help="The HTML file to write (replaced whole)."
)
@click.option(
    "--since", callback=parse_day, help="Only articles published and captures fetched on or after this date."
)
def command(data_dir: Path, out: Path, since: str | None) -> None:
    """Write one self-contained HTML report of the archive: charts of articles per day per source,
    captures by status and by kind, failures by reason, duplicates by kind, WARC bytes per day, and a
    table per source (articles, newest article, last crawl, errors).

    The page needs no network to view (inline SVG and CSS, no script); its figures are the catalog's, the
    same `newsarchive status` and the crawl summary print. The catalog is read, so a crawl may run.

    \b
    Examples:
      newsarchive report --data /srv/archive --out report.html
      newsarchive report --data /srv/archive --out may.html --since 2026-05-01
    """
    from archive.catalog.db import open_database
    from archive.ops.report import write_report

    path = catalog_path(data_dir)
    if out.is_dir():
        raise click.UsageError(f"--out {out}: is a directory; the report is one HTML file")
    if not out.parent.exists():
        raise fail(f"--out {out}: the directory {out.parent} does not exist")
    try:
        db = open_database(path, readonly=True)
        try:
            figures = write_report(db, data_dir, out, since)
        finally:
            db.conn.close()
    except sqlite3.DatabaseError as exc:
        raise fail(f"{path}: cannot read the catalog: {exc}") from None
    except OSError as exc:
        raise fail(f"{out}: cannot write: {exc.strerror or exc}") from None
    t = figures.totals
    click.echo(
        f"report of {t['articles']:,} articles, {t['captures']:,} captures, {t['failures']:,} failures "
        f"written to {out}",
        err=True,
    )
