"""`newsarchive verify`: fixity and consistency of the archive."""

from __future__ import annotations

import json
import sys

import click

from archive.ops.lock import DataLock
from archive.ops.verify.run import verify_archive
from crawler.commands import catalog_path, data_option

__all__ = ["command"]


@click.command()
@data_option
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable report.")
@click.option(
    "--deep",
    is_flag=True,
    help="Recompute every record's block and payload digests, also in files whose sha256 matches.",
)
def command(data_dir, as_json, deep):
    """Check fixity and consistency: every closed WARC file against its sha256, every record (readable,
    digests), every capture against its record, every record against the catalog and the CDXJ index, every
    revisit against an existing original. Exit 0 only when every check passes; otherwise list what is
    wrong (kind, file, offset, message) and exit 1. Records that `import` found bad are counted as known;
    records it kept although their payload digest does not match are listed as "flagged" (not new damage).
    While a crawl holds the data directory, its open WARC files are left to it and the rest is checked.

    By default a file whose sha256 and size match the catalog is checked without recomputing its records'
    digests: the sha256 already proves the bytes are those written. Its records (ids, types, URIs, offsets)
    come from the record list made as the file was written, when the catalog has one that fits the file
    (files from a crawl or reindex), else from a walk over the file. A file that fails its sha256, or has
    none, has every record's digests checked, so damage is located. --deep checks every record's digests in
    every file. The report says which mode ran and how many files were checked from their record list and how
    many deeply ("mode", "listed_files", "deep_files" in --json).

    \b
    Example (from cron, mailing only on trouble):
      newsarchive verify --data /srv/archive || echo "archive damaged"
    """
    catalog_path(data_dir)
    running = DataLock.holder(data_dir)
    if running:
        click.echo(
            f"a run ({running}) holds {data_dir}: its open WARC files are its own and not checked; "
            "the rest is",
            err=True,
        )
    report = verify_archive(data_dir, deep=deep, running=running or "")
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, default=str))
    else:
        for problem in report.problems:
            click.echo(str(problem))
        for flagged in report.flagged:
            click.echo(f"{flagged} (kept by import; not new damage)")
        verdict = "OK" if report.ok else f"{len(report.problems)} problem(s)"
        click.echo(
            f"{verdict}: {report.files} WARC files ({report.bytes:,} bytes), {report.records} records, "
            f"{report.captures} captures, {report.index_lines} index lines, {report.revisits} revisits checked"
            + _mode(report)
            + (f"; {report.known_damage} known bad records from imports" if report.known_damage else "")
            + (
                f"; {len(report.flagged)} imported records kept with a payload digest that does not match"
                if report.flagged
                else ""
            ),
            err=True,
        )
    sys.exit(0 if report.ok else 1)


def _mode(report) -> str:
    if report.mode == "deep":
        return "; deep: every record's digests recomputed"
    return (
        f"; fixity first: every record's digests recomputed in {report.deep_files} of {report.files} files "
        f"(the others' sha256 matched, {report.listed_files} checked from their record list; --deep for all)"
    )
