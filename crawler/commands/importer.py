"""`newsarchive import`: catalog WARC and ARC files written by other tools."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from archive.ops.importing import FileImport, import_files
from crawler.commands import acquire_lock, data_option, load_profiles, project_setting, sources_option

__all__ = ["command"]


@click.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@data_option
@sources_option
@click.option("--source", default=None, help="The source name to record for the imported captures.")
@click.option("--no-extract", is_flag=True, help="Catalog captures only; do not extract articles.")
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable report.")
def command(files, data_dir, sources_file, source, no_extract, as_json):
    """Import WARC and ARC files written by other tools (wget, Heritrix, pywb, older runs), WACZ packages (their
    WARC files, and the pages pages.jsonl lists), or every such file under a directory: copy each into
    DATA/warc, catalog its good records, index it for replay and extract its articles. Each bad record is
    reported with its file and offset; nothing already in the catalog changes, and a file imported before
    is skipped. Articles are extracted as `reindex` extracts them: with each source's profile from the
    sources file and what the crawl's metadata records say (our own files), so an import of a crawl's WARC
    files gives the articles that crawl gave. Records are identified by file and offset: an id another record
    already uses is reported as a collision and both are kept, while a copy of a record (the same id, URL,
    date and payload digest, in another file or repeated in this one) is cataloged once ("already
    cataloged"). A revisit that names no original by record id is linked to the original replay finds for it
    (its payload digest, at the URL it names under any scheme), also one imported before whose original comes
    only now (the one change made to what the catalog held). A record whose payload digest does not match is
    kept and flagged (`verify` lists it), and a gzip stream cut short gives every record before the cut (the
    file is marked truncated). Responses of other schemes than http(s) (Heritrix's dns: lookups) are good
    records, kept and indexed for replay, and counted, but no captures. Exit 0 when every record was good, 1 when some were bad or flawed, a file was
    cut short, or a file could not be imported.

    \b
    Example:
      newsarchive import ~/crawls/*.warc.gz old/*.arc --data /srv/archive
    """
    profiles = load_profiles(sources_file) if not no_extract else {}
    lock = acquire_lock(data_dir, "import when the crawl has finished")
    try:
        report = import_files(
            data_dir,
            files,
            source=source,
            extract=not no_extract,
            profiles=profiles,
            on_file=(lambda r: None) if as_json else _print,
            max_bytes=project_setting("EXTRACT_MAX_BYTES"),
        )
    finally:
        lock.release()
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(
            f"imported {sum(1 for f in report.files if f.stored_as)} of {len(report.files)} files: "
            f"{report.good} good records, {len(report.bad)} bad, {report.captures} new captures",
            err=True,
        )
    trouble = (
        report.bad
        or any(f.flawed or f.truncated for f in report.files)
        or any(f.skipped and not f.skipped.startswith("already") for f in report.files)
    )
    sys.exit(1 if trouble else 0)


def _print(result: FileImport) -> None:
    if result.skipped and not result.stored_as:
        click.echo(f"{result.source}: skipped: {result.skipped}")
    else:
        note = " (recompressed: its gzip members did not match its records)" if result.recompressed else ""
        click.echo(
            f"{result.source}: {result.records} good records, {len(result.bad)} bad, {result.captures} captures"
            f", {result.duplicates} already cataloged, {result.articles} articles -> {result.stored_as}{note}"
        )
    if result.non_http:
        schemes = ", ".join(f"{count} {scheme}:" for scheme, count in sorted(result.non_http.items()))
        click.echo(f"  not HTTP, kept and indexed but no captures: {schemes} records")
    if result.truncated:
        click.echo(f"  truncated: {result.truncated}")
    for bad in result.bad:
        click.echo(f"  bad record: {bad}")
    for flawed in result.flawed:
        click.echo(f"  kept, flawed: {flawed}")
    for collision in result.collisions:
        click.echo(f"  id collision, both kept: {collision}")
