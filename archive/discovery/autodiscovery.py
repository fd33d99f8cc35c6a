"""Feeds a page declares with `<link rel="alternate" type="application/rss+xml" href="...">` (and Atom, JSON)."""

from __future__ import annotations

from urllib.parse import urljoin

from lxml import html as lxml_html

__all__ = ["feed_links", "FEED_TYPES"]

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
    "application/json",
    "application/xml",
    "text/xml",
)


def feed_links(body: bytes, base_url: str) -> list[str]:
    """Absolute URLs of the feeds a page links with rel=alternate, in page order, without repeats."""
    if not body.strip():
        return []
    try:
        document = lxml_html.fromstring(body)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return []
    base = document.xpath("string(//base/@href)") or base_url
    out: list[str] = []
    for link in document.xpath("//link[@href]"):
        rels = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        if "alternate" not in rels or kind not in FEED_TYPES:
            continue
        if kind == "application/json" and "feed" not in (link.get("title") or "").lower():
            continue  # oEmbed and API endpoints use the same type
        url = urljoin(urljoin(base_url, base), link.get("href").strip())
        if url not in out:
            out.append(url)
    return out
