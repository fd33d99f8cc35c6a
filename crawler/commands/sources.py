"""`newsarchive sources`: list the sources of a sources file, or probe what discovery finds for one."""

from __future__ import annotations

import json

import click

from crawler.commands import fail, load_named, sources_option

__all__ = ["command"]


@click.command()
@sources_option
@click.option(
    "--probe",
    "probe_name",
    metavar="NAME",
    help="Show what discovery finds for this source (archives nothing).",
)
@click.option("--json", "as_json", is_flag=True, help="With --probe: print the findings as JSON.")
@click.option(
    "--max-requests", default=25, show_default=True, type=click.IntRange(min=3), help="With --probe."
)
def command(sources_file, probe_name, as_json, max_requests):
    """List the sources in the sources file, with their homepages and languages.

    With --probe NAME, fetch that source's robots.txt, sitemaps, feeds and homepage (a few requests, at the
    source's delay, honouring robots.txt) and show what a crawl would start from: sitemaps, feeds and sample
    article URLs. Nothing is archived. Exit 1 when the homepage cannot be fetched and nothing lists pages.

    \b
    Examples:
      newsarchive sources --sources sources.toml
      newsarchive sources --probe baochinhphu
      newsarchive sources --probe vietnamplus --json
    """
    sources = load_named(sources_file, [probe_name] if probe_name else [])
    if probe_name:
        _probe(sources[probe_name], as_json, max_requests)
        return
    width = max((len(n) for n in sources), default=4)
    for name, source in sources.items():
        extras = []
        if source.sitemaps:
            extras.append(f"{len(source.sitemaps)} sitemap(s)")
        if source.feeds:
            extras.append(f"{len(source.feeds)} feed(s)")
        tail = f"  [{', '.join(extras)}]" if extras else ""
        click.echo(f"{name:<{width}}  {source.language or '-':<3} {source.homepage}  {source.title}{tail}")


def _probe(source, as_json: bool, max_requests: int) -> None:
    import importlib

    from scrapy.settings import Settings

    from archive.discovery.probe import probe
    from crawler.frontier import contact_user_agent

    settings = Settings()
    settings.setmodule(importlib.import_module("settings"), priority="project")
    report = probe(source, contact_user_agent(settings), max_requests=max_requests)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        _unreachable(source, report)
        return
    click.echo(f"{source.name}  {source.homepage}  {source.title}")
    delay = f", Crawl-delay {report.crawl_delay:g} s" if report.crawl_delay else ""
    click.echo(
        f"robots.txt: {report.robots_status or 'unreachable'}{delay}, {len(report.robots_sitemaps)} Sitemap line(s)"
    )
    click.echo(f"sitemaps ({len(report.sitemaps)}):")
    for s in report.sitemaps:
        news = f", {s['news']} news" if s["news"] else ""
        kind = f"{s['kind']}, {s['entries']} entries{news}" if s["kind"] else f"HTTP {s['status'] or 'error'}"
        click.echo(f"  {s['url']}  ({kind}; from {s['found']})")
    click.echo(f"feeds ({len(report.feeds)}):")
    for f in report.feeds:
        kind = f"{f['kind']}, {f['items']} items" if f["kind"] else f"HTTP {f['status'] or 'error'}"
        click.echo(f"  {f['url']}  ({kind}; from {f['found']})")
    click.echo(f"sample article URLs ({len(report.samples)}):")
    for item in report.samples:
        click.echo(f"  {item['published'] or '-':<20}  {item['via']:<7} {item['url']}")
    for error in report.errors:
        click.echo(f"problem: {error}")
    click.echo(f"discovery would use {report.method}; {report.requests} requests, nothing archived")
    _unreachable(source, report)


def _unreachable(source, report) -> None:
    """A probe that reached nothing a crawl could start from is a failure (exit 1), said in one line."""
    if report.homepage_error and not report.listed:
        raise fail(
            f"{source.name}: {source.homepage} cannot be fetched ({report.homepage_error}) and no sitemap or "
            "feed lists pages; check the homepage in the sources file and the network, then probe again"
        )
