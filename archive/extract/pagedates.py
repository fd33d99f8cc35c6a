"""Where on a page an article's dates are: a `<time>` of the article (never the page header) and a date written
near the headline. Reading the date strings themselves is `archive.dates`'s job."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from lxml.html import HtmlElement

from archive.dates import has_date, normalize_date, parse_iso, url_date
from archive.extract.boilerplate import text_of
from archive.extract.pagescope import PAGE_CHROME, article_scope, headline, in_page_chrome

__all__ = ["time_element", "visible_date", "page_dates", "date_conflict", "zoned"]

_DATE_CLASS = re.compile(r"date|time|publish|ngay-?dang|thoi-?gian|posted|dateline", re.I)


def time_element(tree: HtmlElement, which: str) -> str | None:
    words = ("publish", "created", "posted") if which == "published" else ("modif", "updated")
    prop = "datepublished" if which == "published" else "datemodified"
    fallback = None
    for element in tree.xpath("//*[@datetime or @itemprop]"):
        itemprop = (element.get("itemprop") or "").lower()
        value = element.get("datetime") or element.get("content")
        if not value:
            continue
        if itemprop == prop:
            return value
        if element.tag != "time" or in_page_chrome(element):
            continue
        attrs = f"{element.get('class', '')} {element.get('id', '')}".lower()
        if any(w in attrs for w in words):
            return value
        if which == "published" and fallback is None and not any(w in attrs for w in ("modif", "updated")):
            fallback = value
    return fallback


def visible_date(tree: HtmlElement) -> str | None:
    """A date written near the headline inside the article: in an element named like a date, else in one of
    the few short blocks right after the headline."""
    scope = article_scope(tree)
    for element in scope.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style"):
            continue
        attrs = f"{element.get('class', '')} {element.get('id', '')}"
        if not _DATE_CLASS.search(attrs) or PAGE_CHROME.search(attrs) or in_page_chrome(element):
            continue
        text = text_of(element)
        if 6 <= len(text) <= 120 and has_date(text):
            return text
    h1 = headline(scope)
    if h1 is None:
        return None
    for seen, element in enumerate(h1.itersiblings()):
        if seen >= 4 or not isinstance(element.tag, str):
            break
        text = text_of(element)
        if 6 <= len(text) <= 120 and has_date(text):
            return text
    parent = h1.getparent()
    if parent is not None and text_of(parent) == text_of(h1):  # <div class="title"><h1>...</h1></div>
        for seen, element in enumerate(parent.itersiblings()):
            if seen >= 4 or not isinstance(element.tag, str):
                break
            text = text_of(element)
            if 6 <= len(text) <= 120 and has_date(text):
                return text
    return None


_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "date",
    "citation_publication_date",
)


_MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "og:article:modified_time",
    "datemodified",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
    "article.updated",
)


# Discovery fields (crawler metadata: sitemap and feed entries). The forms "as written" keep their offset and come
# first; "published" is the spider's UTC rendering of the same date.
_HINT_PUBLISHED = (
    "published_local",  # the spider's reading, with the feed's date order and the source's zone
    "news:publication_date",
    "feed:pubDate",
    "feed:published",
    "feed:dc:date",
    "feed:issued",
    "feed:dc:issued",
    "feed:created",
    "feed:dc:created",
    "published",
    "publication_date",
    "pubDate",
    "date",
)


_HINT_MODIFIED = ("feed:updated", "feed:modified", "lastmod", "modified", "updated")


_CONFLICT = 86400  # seconds: a discovery date more than a day from the page's is flagged


_HAS_OFFSET = re.compile(r"(?:[+-]\d{2}:\d{2}|Z)$")


def _hint(hints: dict, keys: tuple[str, ...]) -> str | None:
    return next((hints[k] for k in keys if isinstance(hints.get(k), str) and hints[k].strip()), None)


def zoned(value: Any, site) -> tuple[str | None, str | None]:
    """(ISO date, where its zone came from): "page" when the value carries its offset, else the site zone's
    origin; a bare date has no zone."""
    normal = normalize_date(value if isinstance(value, str) else None)
    if not normal or "T" not in normal:
        return normal, None
    if _HAS_OFFSET.search(normal):
        return normal, "page"
    if site.zone is None:
        return normal, None
    return normalize_date(normal, site.zone), site.origin


def date_conflict(listed: str | None, page: str | None) -> dict | None:
    """{"discovery", "page", "hours"} when discovery's date and the page's are more than a day apart."""
    if not listed or not page or "T" not in listed or "T" not in page:
        return None
    try:
        a, b = parse_iso(listed), parse_iso(page)
    except ValueError:
        return None
    gap = abs((a - b).total_seconds())
    if gap <= _CONFLICT:
        return None
    return {"discovery": listed, "page": page, "hours": round(gap / 3600, 1)}


def page_dates(tree: HtmlElement, url: str, article: dict, meta_first, hints: dict, site) -> dict[str, Any]:
    """published (with where it came from and its zone's origin), modified and date_conflict: the first source
    that gives a date wins (JSON-LD, meta tags, <time>, the feed or sitemap, the URL, a visible date); the
    whole-tree walks are only made when the sources before them gave nothing."""
    published, published_from, published_zone = None, None, None
    candidates: list[tuple[str, Callable[[], Any]]] = [
        ("jsonld", lambda: article.get("datePublished") or article.get("dateCreated")),
        ("meta", lambda: meta_first(*_PUBLISHED_META)),
        ("time", lambda: time_element(tree, "published")),
        ("feed", lambda: _hint(hints, _HINT_PUBLISHED)),
        ("url", lambda: url_date(url)),
        ("text", lambda: visible_date(tree)),
    ]
    for where, find in candidates:
        normal, zone_from = zoned(find(), site)
        if normal:
            published, published_from, published_zone = normal, where, zone_from
            break
    modified = None
    for find in (
        lambda: article.get("dateModified"),
        lambda: meta_first(*_MODIFIED_META),
        lambda: time_element(tree, "modified"),
        lambda: _hint(hints, _HINT_MODIFIED),
    ):
        modified = zoned(find(), site)[0]
        if modified:
            break
    conflict = None
    if published_from not in (None, "feed", "url"):
        conflict = date_conflict(zoned(_hint(hints, _HINT_PUBLISHED), site)[0], published)
    return {
        "published": published,
        "published_from": published_from,
        "published_zone": published_zone,
        "date_conflict": conflict,
        "modified": modified,
    }
