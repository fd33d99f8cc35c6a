"""The order of discovery, for the crawl and the probe alike: which sitemaps and feeds to read for a source,
and what kind of page an item they list is.

1. robots.txt, then the sitemaps the source declares and those robots.txt names; the usual locations
   (`/sitemap.xml` ...) only when neither names any;
2. the feeds the source declares, else those its homepage links (`<link rel="alternate">`);
3. link following from the homepage only when no sitemap or feed lists an article (decided by the spider)."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from archive.discovery.autodiscovery import feed_links
from archive.discovery.pagekinds import url_evidence
from archive.discovery.sitemaps import USUAL_LOCATIONS
from archive.sources import Source

__all__ = ["sitemaps_to_read", "feeds_to_read", "listed_kind"]


def sitemaps_to_read(source: Source, robots_sitemaps: list[str], guess: bool = True) -> list[tuple[str, str]]:
    """(url, where it was found: "declared", the robots.txt URL, or "guess"), in the order to read them."""
    robots_url = urljoin(source.homepage, "/robots.txt")
    planned = [(url, "declared") for url in source.sitemaps]
    # `Sitemap: /sitemap.xml` is against the protocol but common: resolved against robots.txt's URL
    resolved = (urljoin(robots_url, url.strip()) for url in robots_sitemaps)
    planned += [(url, robots_url) for url in resolved if urlsplit(url).scheme in ("http", "https")]
    if not planned and guess:
        planned = [(urljoin(source.homepage, path), "guess") for path in USUAL_LOCATIONS]
    return planned


def feeds_to_read(
    source: Source, homepage: bytes | None, homepage_url: str = "", autodiscover: bool = True
) -> list[tuple[str, str]]:
    """(url, where it was found: "declared" or the homepage's URL): the declared feeds, else the homepage's."""
    if source.feeds:
        return [(url, "declared") for url in source.feeds]
    if homepage is None or not autodiscover:
        return []
    base = homepage_url or source.homepage
    return [(url, base) for url in feed_links(homepage, base)]


def listed_kind(url: str, source: Source, lists_articles: bool, via: str = "") -> tuple[str | None, str]:
    """(kind, why) of a page a sitemap or feed lists; kind None for one not to fetch (a media file). News
    sitemaps and feeds list articles whatever their URLs look like, unless the source's own patterns say
    otherwise; documents (PDFs) stay documents."""
    kind, why = url_evidence(url, source.article_urls)
    kind = kind if kind in ("article", "asset", "document") else "listing"
    if kind == "asset":
        return None, why
    if lists_articles and not source.article_urls and kind != "document":
        return "article", f"{why}; discovery:{'feed' if via == 'feed' else 'news-sitemap'}"
    return kind, why
