"""Sitemaps (sitemaps.org), sitemap indexes, Google News and image sitemaps, `.xml.gz` and plain-text lists.

The news fields (`news:publication_date`, `news:title`, `news:language`) and `lastmod` are kept as written, so a
crawl can filter by date before fetching and record how each article was found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from urllib.parse import urljoin

from archive.dates import DateStyle, infer_order, parse_date
from archive.discovery.xmltext import (
    GZIP_MAGIC,
    MAX_BYTES,
    TooLarge,
    decode_xml,
    ends_inside,
    local_name,
    opening,
    parse_xml,
    ungzipped,
)

__all__ = ["Sitemap", "SitemapEntry", "parse_sitemap", "looks_like_sitemap", "TooLarge", "USUAL_LOCATIONS"]

# Where sites keep sitemaps when robots.txt names none; the news ones are what a press site most often has.
USUAL_LOCATIONS = (
    "/sitemap.xml",
    "/sitemap_index.xml",
    "/sitemap-index.xml",
    "/sitemap-news.xml",
    "/sitemap_news.xml",
    "/news-sitemap.xml",
)
_ENTRY_OPEN = re.compile(r"<(?:[A-Za-z0-9_]+:)?(?:url|sitemap)(?=[\s>/]|\Z)", re.I)
# What closes an entry: its own end tag or the root's, even one cut short at the end of the document.
_ENTRY_CLOSE = re.compile(r"</(?:[A-Za-z0-9_]+:)?(?:url|sitemap|urlset|sitemapindex)(?=[\s>]|\Z)", re.I)


@dataclass
class SitemapEntry:
    loc: str
    lastmod: str = ""
    news: dict[str, str] = field(
        default_factory=dict
    )  # news:publication_date, news:title, news:language, ...
    images: list[str] = field(default_factory=list)
    # how the sitemap writes dates (set by parse_sitemap from all its entries): the source's zone, the date order
    zone: tzinfo | None = field(default=None, repr=False, compare=False)
    style: DateStyle | None = field(default=None, repr=False, compare=False)

    @property
    def published(self) -> datetime | None:
        """The best date there is: the news publication date, else lastmod."""
        return self.date(self.news.get("news:publication_date")) or self.date(self.lastmod)

    def date(self, raw: str | None) -> datetime | None:
        return parse_date(raw, self.zone or UTC, self.style.order(raw) if self.style else None)

    def fields(self) -> dict[str, object]:
        """What a WARC metadata record keeps about how this URL was listed."""
        out: dict[str, object] = {}
        if self.lastmod:
            out["lastmod"] = self.lastmod
        out.update(self.news)
        if self.images:
            out["image:loc"] = list(self.images)
        return out


@dataclass
class Sitemap:
    kind: str  # urlset, sitemapindex, text, unknown
    entries: list[SitemapEntry] = field(default_factory=list)


def looks_like_sitemap(body: bytes) -> bool:
    """A sitemap or sitemap index, also gzipped; a gzipped feed is not one (sites store feeds compressed too)."""
    head = opening(body)
    if head is None:
        return False
    if body[:2] == GZIP_MAGIC and not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return True  # a gzipped text sitemap: one URL a line
    head = head.lower()
    return b"<urlset" in head or b"<sitemapindex" in head


def parse_sitemap(
    body: bytes,
    url: str,
    content_type: str | None = None,
    max_bytes: int = MAX_BYTES,
    tz: tzinfo | None = None,
) -> Sitemap:
    """All entries of a sitemap or sitemap index. Raises TooLarge past `max_bytes` (after decompression).
    Dates are read in the order the whole sitemap writes them; naive ones in `tz` (the source's zone), else UTC."""
    body = ungzipped(body, max_bytes)
    if len(body) > max_bytes:
        raise TooLarge(f"{len(body)} bytes, more than {max_bytes}")
    text, _ = decode_xml(body, content_type)
    if not text.lstrip("\ufeff \t\r\n").startswith("<"):
        return _text_sitemap(text, url)
    root = parse_xml(text)
    if root is None:
        return Sitemap("unknown")
    kind = local_name(root)
    if kind not in ("urlset", "sitemapindex"):
        return Sitemap("unknown")
    sitemap = Sitemap(kind)
    seen: set[str] = set()
    child_name = "url" if kind == "urlset" else "sitemap"
    elements = [element for element in root if local_name(element) == child_name]
    if elements and ends_inside(text, _ENTRY_OPEN, _ENTRY_CLOSE):
        elements.pop()  # the download was cut inside it: its loc may be cut too
    for element in elements:
        entry = _entry(element, url)
        if entry is not None and entry.loc not in seen:
            seen.add(entry.loc)
            sitemap.entries.append(entry)
    samples = [(e.lastmod, e.loc) for e in sitemap.entries if e.lastmod]
    samples += [
        (e.news["news:publication_date"], e.loc) for e in sitemap.entries if "news:publication_date" in e.news
    ]
    style = infer_order(samples)
    for entry in sitemap.entries:
        entry.zone, entry.style = tz, style
    return sitemap


def _entry(element, base: str) -> SitemapEntry | None:
    loc = ""
    lastmod = ""
    news: dict[str, str] = {}
    images: list[str] = []
    for child in element:
        name = local_name(child)
        if name == "loc":
            loc = _text(child)
        elif name == "lastmod":
            lastmod = _text(child)
        elif name == "news":
            for part in child.iter():
                key = local_name(part)
                if key in ("publication", "news") or not _text(part) or len(part):
                    continue
                if key == "name":
                    key = "publication_name"
                news[f"news:{key}"] = _text(part)
        elif name == "image":
            image = next((p for p in child if local_name(p) == "loc"), None)
            if image is not None and _text(image):
                images.append(urljoin(base, _text(image)))
    if not loc:
        return None
    return SitemapEntry(urljoin(base, loc), lastmod, news, images)


def _text_sitemap(text: str, url: str) -> Sitemap:
    entries = [
        SitemapEntry(line.strip()) for line in text.splitlines() if re.match(r"\s*https?://\S+\s*$", line)
    ]
    return Sitemap("text" if entries else "unknown", entries)


def _text(element) -> str:
    return "".join(element.itertext()).strip()
