"""`newsarchive browse`: Datasette over the catalog, with the project's metadata, canned queries and plugin.

The catalog is opened mutable (read-only connections, never `-i`/immutable): a crawl may be writing it, and
WAL lets Datasette read a consistent snapshot while the crawl commits."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, NamedTuple

import click

from crawler.commands import catalog_path, data_option, fail, port_free

__all__ = ["command", "build_datasette", "datasette_dir", "SETTINGS", "Setting"]


class Setting(NamedTuple):
    name: str
    value: Any
    why: str


# Datasette settings, declared as data: what we change from Datasette's defaults, and why.
SETTINGS = (
    Setting("sql_time_limit_ms", 5000, "search and group-by queries over a large catalog need more than 1 s"),
    Setting("facet_time_limit_ms", 1000, "facets over hundreds of thousands of articles"),
    Setting("default_page_size", 50, "a day of one outlet fits on a page"),
    Setting("max_returned_rows", 5000, "canned queries over many versions or captures"),
    Setting(
        "truncate_cells_html", 400, "article text is long: tables show the start, row pages the whole text"
    ),
    Setting("num_sql_threads", 2, "the crawl shares the machine"),
    Setting("suggest_facets", False, "suggestions run one query per column on every table page"),
)


def datasette_dir() -> Path:
    """The Datasette app shipped in the package (crawler/datasette_app: metadata.yml, plugins/, templates/)."""
    from crawler.datasette_app import APP_DIR

    return APP_DIR


def build_datasette(catalog: Path, *, replay_url: str | None = None, directory: Path | None = None):
    """A Datasette instance over CATALOG as `newsarchive browse` serves it (tests use its `.client`)."""
    from datasette.app import Datasette
    from datasette.utils import parse_metadata

    directory = directory or datasette_dir()
    metadata_file = directory / "metadata.yml"
    if not metadata_file.exists():
        raise fail(f"no Datasette metadata at {metadata_file}: reinstall newsarchive (it ships the file)")
    metadata = parse_metadata(metadata_file.read_text(encoding="utf-8"))
    if replay_url:
        metadata.setdefault("plugins", {}).setdefault("newsarchive", {})["replay_url"] = replay_url
    return Datasette(
        [str(catalog)],
        metadata=metadata,
        plugins_dir=str(directory / "plugins"),
        template_dir=str(directory / "templates"),
        settings={s.name: s.value for s in SETTINGS},
        cors=False,
    )


def _upgrade(catalog: Path) -> None:
    """Apply schema migrations a catalog written by an older version lacks (the canned queries need them);
    a no-op, with no write, when it is current, as it is whenever a crawl is running."""
    from archive.catalog.db import open_database
    from archive.catalog.schema import migrate, migrations

    try:
        db = open_database(catalog)
        try:
            if migrations.pending(db):
                migrate(db)
                db.conn.commit()
        finally:
            db.conn.close()
    except sqlite3.OperationalError as exc:  # read-only media, or a writer holding the lock for long
        click.echo(f"warning: could not bring {catalog} up to date ({exc}); some queries may fail", err=True)


@click.command()
@data_option
@click.option(
    "--port", default=8001, show_default=True, type=click.IntRange(1, 65535), help="Port on 127.0.0.1."
)
@click.option(
    "--replay-url",
    envvar="NEWSARCHIVE_REPLAY_URL",
    default=None,
    help="Base of replay links (pywb collection URL). Env: NEWSARCHIVE_REPLAY_URL. "
    "Default: http://127.0.0.1:8080/archive/.",
)
def command(data_dir: Path, port: int, replay_url: str | None) -> None:
    """Explore the catalog in Datasette on http://127.0.0.1:PORT/ with the project's metadata: table and
    column descriptions, facets, canned queries (latest articles, syndicated stories, changed articles with
    diffs, captures of a URL, search without diacritics) and replay links into `newsarchive replay`.

    Safe while a crawl runs: the catalog is read, never opened immutable.

    \b
    Example:
      newsarchive browse --data /srv/archive --port 8001
      newsarchive replay --data /srv/archive --port 8080   # in another terminal, for the replay links
    """
    import uvicorn

    catalog = catalog_path(data_dir)
    _upgrade(catalog)
    host = "127.0.0.1"
    if not port_free(port, host):
        raise fail(f"port {port} on {host} is in use: pass --port with a free one")
    ds = build_datasette(catalog, replay_url=replay_url)
    click.echo(f"Datasette on http://{host}:{port}/ over {catalog} (Ctrl-C to stop)")
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on")
