"""Tell article pages from listing pages, by URL and by markup. General rules, no site names."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

__all__ = [
    "page_kind",
    "url_kind",
    "markup_says_article",
    "document_links",
    "ASSET_EXTENSIONS",
    "DOCUMENT_EXTENSIONS",
]

ASSET_EXTENSIONS = frozenset(
    "jpg jpeg png gif webp svg ico bmp tif tiff avif mp3 mp4 m4a m4v webm ogg wav avi mov flv wmv "
    "doc docx xls xlsx ppt pptx zip rar 7z gz tgz bz2 exe dmg apk css js json woff woff2 ttf eot".split()
)
DOCUMENT_EXTENSIONS = frozenset({"pdf"})  # documents extracted like articles (decrees, reports, communiqués)
_PAGINATION = re.compile(r"(?:^|/)(?:page|trang|p)[-/]?\d+(?:/|\.html?)?$|(?:^|/)\d{1,3}/?$", re.I)
_LISTING_WORDS = re.compile(
    r"(?:^|/)(?:tag|tags|topic|topics|chu-de|category|categories|chuyen-muc|danh-muc|search|tim-kiem|author|tac-gia|"
    r"video|videos|photo|multimedia|rss|event|su-kien|timeline)(?:/|$)",
    re.I,
)
_DATE_PATH = re.compile(r"/(?:19|20)\d{2}/(?:0?[1-9]|1[0-2])(?:/|$)")
_LONG_ID = re.compile(r"(?:\d{5,})")
_PAGE_PARAMS = {"page", "p", "trang", "pageindex", "pagenumber", "start", "offset"}


def url_kind(url: str, article_patterns: tuple[str, ...] = ()) -> str:
    """'article', 'listing', 'document' (a PDF) or 'asset' for a URL; a source's own patterns decide first
    for pages (never for assets and documents, which their extension names)."""
    parts = urlsplit(url)
    path = parts.path or "/"
    last = path.rstrip("/").rsplit("/", 1)[-1]
    ext = last.rsplit(".", 1)[-1].lower() if "." in last else ""
    if ext in ASSET_EXTENSIONS:
        return "asset"
    if ext in DOCUMENT_EXTENSIONS:
        return "document"
    if article_patterns:
        return "article" if any(re.search(p, url) for p in article_patterns) else "listing"
    query = {k.lower() for k in parse_qs(parts.query)}
    if query & _PAGE_PARAMS or _LISTING_WORDS.search(path) or _PAGINATION.search(path):
        return "listing"
    stem = last.rsplit(".", 1)[0] if ext else last
    words = [w for w in re.split(r"[-_+]+", stem) if w]
    if _LONG_ID.search(stem) and len(words) >= 2:
        return "article"
    if len(words) >= 5:
        return "article"
    if _DATE_PATH.search(path) and len(words) >= 3:
        return "article"
    if ext in ("html", "htm", "shtml", "aspx", "php", "ghtml") and len(words) >= 4:
        return "article"
    return "listing"


_OG_ARTICLE = re.compile(rb"""<meta[^>]+property=["']og:type["'][^>]+content=["']article["']""", re.I)
_OG_ARTICLE_REV = re.compile(rb"""<meta[^>]+content=["']article["'][^>]+property=["']og:type["']""", re.I)
_LD_ARTICLE = re.compile(rb'"@type"\s*:\s*\[?\s*"(?:News|Report|Blog|Scholarly|Tech)?Article"', re.I)


def markup_says_article(html: bytes) -> bool:
    """True when the page declares itself an article (og:type, JSON-LD)."""
    head = html[:200_000]
    return bool(_OG_ARTICLE.search(head) or _OG_ARTICLE_REV.search(head) or _LD_ARTICLE.search(html))


def page_kind(url: str, body: bytes, article_patterns: tuple[str, ...] = (), said: str | None = None) -> str:
    """The kind of a fetched page: what discovery SAID (a sitemap or feed item), else the URL's shape, except
    that a page declaring itself an article is one (when the source has no article patterns of its own).
    The crawl marks its pages with it, and re-extraction judges pages no crawl marked (other tools' files)."""
    if body[:1024].lstrip().startswith(b"%PDF-"):
        return "document"  # a download URL without .pdf that serves a PDF
    kind = said or url_kind(url, article_patterns)
    if kind != "article" and not article_patterns and markup_says_article(body):
        return "article"
    return kind


_PDF_HREF = re.compile(rb"""href\s*=\s*["']([^"'<>\s]+?\.pdf(?:[?#][^"'<>\s]*)?)["']""", re.I)


def document_links(html: bytes, limit: int = 50) -> list[str]:
    """The PDF documents a page links to (as written; resolve against the page), found without parsing it: an
    article's attachments are fetched whatever the source's mode of discovery."""
    found: list[str] = []
    for match in _PDF_HREF.finditer(html):
        href = match.group(1).decode("utf-8", "replace").replace("&amp;", "&")
        if href not in found:
            found.append(href)
        if len(found) >= limit:
            break
    return found
