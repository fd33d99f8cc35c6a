"""`newsarchive verify`: fixity and consistency of the archive."""

from __future__ import annotations

import json
import sys

import click

from archive.verify import verify_archive

from . import catalog_path, data_option

__all__ = ["command"]


@click.command()
@data_option
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable report.")
def command(data_dir, as_json):
    """Check fixity and consistency: every closed WARC file against its sha256, every record (readable,
    digests), every capture against its record, every record against the catalog and the CDXJ index, every
    revisit against an existing original. Exit 0 only when every check passes; otherwise list what is
    wrong (kind, file, offset, message) and exit 1. Records that `import` found bad are counted as known.

    \b
    Example (from cron, mailing only on trouble):
      newsarchive verify --data /srv/archive || echo "archive damaged"
    """
    catalog_path(data_dir)
    report = verify_archive(data_dir)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, default=str))
    else:
        for problem in report.problems:
            click.echo(str(problem))
        verdict = "OK" if report.ok else f"{len(report.problems)} problem(s)"
        click.echo(
            f"{verdict}: {report.files} WARC files ({report.bytes:,} bytes), {report.records} records, "
            f"{report.captures} captures, {report.index_lines} index lines, {report.revisits} revisits checked"
            + (f"; {report.known_damage} known bad records from imports" if report.known_damage else ""),
            err=True,
        )
    sys.exit(0 if report.ok else 1)
