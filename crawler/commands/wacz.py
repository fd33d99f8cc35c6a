"""`newsarchive wacz`: the archive, or a selection of it, as one WACZ file."""

from __future__ import annotations

from pathlib import Path

import click

from archive.replay.wacz import write_wacz
from crawler.commands import catalog_path, data_option, fail, parse_day

__all__ = ["command"]


@click.command()
@data_option
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The WACZ file to write.",
)
@click.option("--source", default=None, help="Only WARC files holding captures of this source.")
@click.option(
    "--since", default=None, callback=parse_day, help="Only captures fetched on or after this day (UTC)."
)
@click.option(
    "--until", default=None, callback=parse_day, help="Only captures fetched on or before this day (UTC)."
)
@click.option("--title", default="", help="The collection's title in datapackage.json.")
def command(data_dir, out, source, since, until, title):
    """Package the archive as one WACZ file that ReplayWeb.page and pywb open: the WARC files byte for
    byte, a CDXJ index, a page list of every article and a datapackage.json with each file's sha256.
    Written as a stream, so an archive of any size needs little memory.

    \b
    Example (one source, one month, for a colleague):
      newsarchive wacz --data /srv/archive --source baochinhphu --since 2026-05-01 --until 2026-05-31 \\
          --out baochinhphu-2026-05.wacz
    """
    catalog_path(data_dir)
    if out.suffix != ".wacz":
        raise click.UsageError(f"--out {out}: a WACZ file name ends in .wacz")
    try:
        summary = write_wacz(data_dir, out, source=source, since=since, until=until, title=title)
    except ValueError as exc:
        raise fail(str(exc)) from None
    click.echo(
        f"{summary.path}: {len(summary.warc_files)} WARC files, {summary.index_lines} index lines, "
        f"{summary.pages} pages, {summary.bytes:,} bytes"
    )
