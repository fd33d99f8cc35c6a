"""`newsarchive sources`: list the sources of a sources file."""

from __future__ import annotations

import click

from archive.sources import SourceError, load_sources

from . import fail, sources_option

__all__ = ["command"]


@click.command()
@sources_option
def command(sources_file):
    """List the sources in the sources file, with their homepages and languages.

    \b
    Example:
      newsarchive sources --sources sources.toml
    """
    try:
        sources = load_sources(sources_file)
    except SourceError as exc:
        raise fail(str(exc)) from None
    width = max((len(n) for n in sources), default=4)
    for name, source in sources.items():
        extras = []
        if source.sitemaps:
            extras.append(f"{len(source.sitemaps)} sitemap(s)")
        if source.feeds:
            extras.append(f"{len(source.feeds)} feed(s)")
        tail = f"  [{', '.join(extras)}]" if extras else ""
        click.echo(f"{name:<{width}}  {source.language or '-':<3} {source.homepage}  {source.title}{tail}")
