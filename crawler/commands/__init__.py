"""One module per `newsarchive` command; each defines `command`. Shared options live here."""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["data_option", "sources_option", "catalog_path", "fail"]

data_option = click.option(
    "--data",
    "data_dir",
    envvar="NEWSARCHIVE_DATA",
    default="data",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
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


def fail(message: str) -> click.ClickException:
    """An expected failure: one message, exit status 1, no traceback."""
    return click.ClickException(message)


def catalog_path(data_dir: Path) -> Path:
    path = data_dir / "catalog.db"
    if not path.exists():
        raise fail(f"no catalog at {path}: run `newsarchive crawl` first, or pass --data DIR")
    return path
