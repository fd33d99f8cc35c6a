"""`newsarchive reindex`: rebuild the catalog from the WARC files."""

from __future__ import annotations

import click

from archive.ops.lock import LockedError
from archive.ops.reindex import reindex
from crawler.commands import data_option, fail, load_profiles, project_setting, sources_option, workers_option

__all__ = ["command"]


@click.command()
@data_option
@sources_option
@workers_option
def command(data_dir, sources_file, workers):
    """Rebuild the catalog from the WARC files and re-extract every article with the current extractor.

    Each source's extraction profile comes from the sources file (when it exists), and the feed and sitemap
    fields that discovery recorded are given to the extractor again. The WARC files are the source of truth: captures, WARC file fixity, articles, images, versions and
    duplicates are derived from them again (the `crawls` history is kept). Runs in one transaction, so an
    interrupted rebuild leaves the catalog as it was. Needs the data directory to itself (no crawl running).

    A damaged catalog (the other commands say so) is moved aside to catalog.db.damaged-STAMP, never deleted, and
    a new one is built; the crawls the WARC files name get their rows back from the files' warcinfo records.

    \b
    Example (after upgrading newsarchive):
      newsarchive reindex --data /srv/archive
    """
    warc_dir = data_dir / "warc"
    if not warc_dir.is_dir():
        raise fail(f"no WARC files at {warc_dir}: nothing to rebuild from (check --data)")
    profiles = load_profiles(sources_file)
    try:
        report = reindex(
            data_dir,
            workers=workers,
            profiles=profiles,
            progress=lambda m: click.echo(m, err=True),
            max_bytes=project_setting("EXTRACT_MAX_BYTES"),
        )
    except LockedError as exc:
        raise fail(str(exc)) from None
    if report.set_aside:
        click.echo(
            f"the damaged catalog was kept as {report.set_aside}; delete it once you trust the new one",
            err=True,
        )
    for problem in report.damage:
        click.echo(f"damaged: {problem}", err=True)
    rejected = ", ".join(f"{k} {v}" for k, v in sorted(report.rejected.items())) or "none"
    click.echo(
        f"reindexed {report.files} WARC files: {report.captures} captures, {report.articles} articles "
        f"(extractor {report.extractor_version or 'missing'}; not articles: {rejected})"
    )
