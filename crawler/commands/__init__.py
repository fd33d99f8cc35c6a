"""One module per `newsarchive` command; each defines `command`. Shared options live here."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import click

__all__ = [
    "data_option",
    "sources_option",
    "workers_option",
    "catalog_path",
    "fail",
    "parse_day",
    "port_free",
    "load_named",
    "load_profiles",
    "acquire_lock",
    "frontier_server",
    "reasons_text",
    "project_setting",
]


def _remember_data(ctx, param, value):
    """Kept where the command line's error handler finds it (crawler/cli.py: a damaged catalog met mid-command)."""
    ctx.meta["newsarchive.data_dir"] = value
    return value


data_option = click.option(
    "--data",
    "data_dir",
    envvar="NEWSARCHIVE_DATA",
    default="data",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    callback=_remember_data,
    help="The data directory (catalog.db, warc/, indexes/, state/). Env: NEWSARCHIVE_DATA.",
)
sources_option = click.option(
    "--sources",
    "sources_file",
    envvar="NEWSARCHIVE_SOURCES",
    default="sources.toml",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The sources file. Env: NEWSARCHIVE_SOURCES.",
)


workers_option = click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=lambda: os.cpu_count() or 1,
    show_default="all cores",
    help="Extraction processes.",
)


def parse_day(ctx, param, value):
    """Click callback for --since/--until: a date like 2026-05-01, as ISO text."""
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2026-05-01") from None


def fail(message: str) -> click.ClickException:
    """An expected failure: one message, exit status 1, no traceback."""
    return click.ClickException(message)


def load_named(sources_file: Path, names=()) -> dict:
    """The sources of SOURCES_FILE ({name: Source}), after checking that every one of NAMES is among them: a
    missing or broken file, and an unknown name, are usage errors (exit 2) said in one line."""
    from archive.sources import SourceError, load_sources

    try:
        known = load_sources(sources_file)
    except SourceError as exc:
        raise click.UsageError(str(exc)) from None
    unknown = [name for name in names if name not in known]
    if unknown:
        raise click.UsageError(
            f"no source named {', '.join(unknown)} in {sources_file} (known: {', '.join(known) or 'none'})"
        )
    return known


def load_profiles(sources_file: Path) -> dict:
    """Each source's extraction profile ({name: ExtractProfile}) for re-extracting archived pages (`reindex`,
    `import`); without a sources file, none, and a line on stderr that says so."""
    if not sources_file.exists():
        click.echo(f"no sources file at {sources_file}: extracting without site profiles", err=True)
        return {}
    return {name: source.extract for name, source in load_named(sources_file).items()}


def acquire_lock(data_dir: Path, busy: str = ""):
    """The data directory's lock (archive.ops.lock.DataLock), or a one-line failure: the directory is in use
    (BUSY is added to the message), or cannot be created or written."""
    from archive.ops.lock import DataLock, LockedError

    try:
        return DataLock.acquire(data_dir)
    except LockedError as exc:
        raise fail(f"{exc}{'; ' + busy if busy else ''}") from None
    except OSError as exc:
        where = exc.filename or data_dir
        raise fail(
            f"cannot use {data_dir} as the data directory: {where}: {exc.strerror or exc}; "
            "choose another with --data (or NEWSARCHIVE_DATA), or fix its permissions"
        ) from None


def project_setting(name: str):
    """A setting's default from the project's settings.py (where each default lives once), for the commands that
    work on an archive without running Scrapy (reindex, import, extract)."""
    import importlib

    return getattr(importlib.import_module("settings"), name)


def catalog_path(data_dir: Path) -> Path:
    """DATA/catalog.db, after checking that it is there and not damaged (one line saying how to rebuild it)."""
    from archive.catalog.health import catalog_problem, damaged_message

    path = data_dir / "catalog.db"
    if not path.exists():
        raise fail(f"no catalog at {path}: run `newsarchive crawl` first, or pass --data DIR")
    problem = catalog_problem(path)
    if problem:
        raise fail(damaged_message(path, problem))
    return path


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    """Whether a server of ours can listen on host:port (a clear message beats a traceback from the server)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def reasons_text(counts: dict[str, int]) -> str:
    """{reason: count} as one line: "timeout 2, robots 1"."""
    return ", ".join(f"{reason} {count}" for reason, count in counts.items())


def frontier_server(url: str, what_to_do: str):
    """A connection to the Redis of a shared crawl: a malformed URL is a usage error, no answer a failure whose
    message ends with WHAT_TO_DO."""
    from crawler.frontier_redis import FrontierError, check_url, connect

    try:
        check_url(url)
    except FrontierError as exc:
        raise click.UsageError(str(exc)) from None
    try:
        return connect(url)
    except FrontierError as exc:
        raise fail(f"{exc}; {what_to_do}") from None
