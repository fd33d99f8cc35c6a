"""`newsarchive merge`: fold worker data directories into one archive."""

from __future__ import annotations

from pathlib import Path

import click

from archive.ops.lock import LockedError
from crawler.commands import data_option, fail, load_profiles, sources_option, workers_option

__all__ = ["command"]


@click.command()
@click.argument("shards", nargs=-1, required=True, type=click.Path(file_okay=False, path_type=Path))
@data_option
@sources_option
@click.option(
    "--how",
    type=click.Choice(["link", "copy", "move"]),
    default="link",
    show_default=True,
    help="How WARC files get into DATA/warc: hard links (no copy; copies where links are impossible, "
    "such as another file system), copies (shards stay independent), or moves (shards emptied).",
)
@workers_option
def command(shards, data_dir, sources_file, how, workers):
    """Fold the data directories of the workers of a shared crawl (or any archives) into DATA.

    Every shard's WARC files go into DATA/warc (hard-linked by default; --how copy or move), with their
    CDXJ indexes; their records are cataloged as `reindex` does, their crawls added, and articles
    extracted, so that duplicates and article versions are worked out across all shards, as in a
    one-process crawl. Merging the same shards again adds nothing. A shard left by a killed worker is
    recovered first (its open WARC file cut to its last complete record and closed); a shard whose worker
    still runs is refused.

    \b
    Example:
      newsarchive merge /srv/shard1 /srv/shard2 /srv/shard3 --data /srv/archive
    """
    from archive.ops.merge import MergeError, merge

    for shard in shards:
        if not (shard / "catalog.db").exists():
            raise click.UsageError(f"{shard} is not a data directory (no catalog.db)")
    profiles = load_profiles(sources_file)
    try:
        report = merge(
            data_dir,
            shards,
            how=how,
            workers=workers,
            profiles=profiles,
            progress=lambda m: click.echo(m, err=True),
        )
    except (LockedError, MergeError) as exc:
        raise fail(str(exc)) from None
    placed = f"{report.linked} hard-linked" if how == "link" else f"{report.files} {how.rstrip('e')}ed"
    if how == "link" and report.linked < report.files:
        placed += f", {report.files - report.linked} copied (no hard link possible)"
    click.echo(
        f"merged {len(shards)} shard(s) into {data_dir}: {report.files} WARC files ({placed}), "
        f"{report.skipped} held already; {report.crawls} crawls, {report.captures} captures, "
        f"{report.articles} articles"
    )
