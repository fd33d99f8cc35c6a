"""`newsarchive export`: the articles of the catalog as JSON Lines, Parquet or one text file per article."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click

from crawler.commands import catalog_path, data_option, fail

__all__ = ["command"]


@click.command()
@data_option
@click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice(["jsonl", "parquet", "text"]),
    help="jsonl and parquet: every article field and its images; text: one UTF-8 file per article.",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="The output file (jsonl, parquet) or directory (text).",
)
@click.option("--source", "source_name", help="Only the articles of this source.")
def command(data_dir: Path, fmt: str, out: Path, source_name: str | None) -> None:
    """Export articles as JSON Lines, Parquet or text files.

    The text format writes one file per article in the corpus layout (NNN_HASH.txt: a ` date YYYY-MM `
    header, then the text with each photo caption and credit where the photo stood) and index.jsonl beside
    them: per file its article id, source, URL, title, published date and WARC file, offset and record id,
    so every file can be traced to its capture (docs/export.md). The catalog is opened read-only, so an
    export can run while a crawl writes.

    \b
    Examples:
      newsarchive export --format jsonl --out articles.jsonl
      newsarchive export --format parquet --out articles.parquet --source baochinhphu
      newsarchive export --format text --out corpus/
    """
    from archive.catalog.db import open_database
    from archive.ops.export import export_jsonl, export_parquet, export_text

    path = catalog_path(data_dir)
    if fmt == "text":
        if out.exists() and not out.is_dir():
            raise click.UsageError(f"--out {out}: the text format writes a directory, and this is a file")
    elif out.is_dir():
        raise click.UsageError(f"--out {out}: is a directory; the {fmt} format writes one file")
    elif not out.parent.exists():
        raise fail(f"--out {out}: the directory {out.parent} does not exist")
    try:
        db = open_database(path, readonly=True)
        writer = {"jsonl": export_jsonl, "parquet": export_parquet, "text": export_text}[fmt]
        count = writer(db, out, source_name)
    except sqlite3.DatabaseError as exc:
        raise fail(f"{path}: cannot read the catalog: {exc}") from None
    except OSError as exc:
        raise fail(f"{out}: cannot write: {exc.strerror or exc}") from None
    click.echo(f"{count} articles written to {out}", err=True)
