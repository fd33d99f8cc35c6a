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
# The opening of a lead or body, up to a dash or bar, where press releases and wire copy put place and date
# ("Bern, 17.08.2007 - ...", "Pressemitteilung vom 25. Januar 2022 | Berlin – ..."); a date in a sentence
# ("On 12 March the minister...") has no such separator after it.
_DATELINE = re.compile(r"^(.{6,80}?)\s+[|–—-]\s+")


def time_element(tree: HtmlElement, which: str) -> str | None:
    """The datetime of the element that says it is the article's (itemprop, or a <time> named so), else, for the
    published date, of the first <time> outside the page chrome."""
    return _named_time(tree, which) or (_any_time(tree) if which == "published" else None)


def _named_time(tree: HtmlElement, which: str) -> str | None:
    """The datetime of `itemprop="datePublished"` (or Modified), or of a <time> whose class or id says which."""
    words = ("publish", "created", "posted") if which == "published" else ("modif", "updated")
    prop = "datepublished" if which == "published" else "datemodified"
    for element in tree.xpath("//*[@datetime or @itemprop]"):
        value = element.get("datetime") or element.get("content")
        if not value:
            continue
        if (element.get("itemprop") or "").lower() == prop:
            return value
        if element.tag == "time" and not in_page_chrome(element) and any(w in _names(element) for w in words):
            return value
    return None


def _any_time(root: HtmlElement) -> str | None:
    """The datetime of the first <time> under `root` outside the page chrome and not named as an update."""
    for element in root.iter("time"):
        update = any(w in _names(element) for w in ("modif", "updated"))
        if element.get("datetime") and not update and not in_page_chrome(element):
            return element.get("datetime")
    return None


def _names(element: HtmlElement) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}".lower()


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
    found = _date_after(h1)
    parent = h1.getparent()
    if found is None and parent is not None and text_of(parent) == text_of(h1):  # <div class="title"><h1>
        found = _date_after(parent)
    return found


def _date_after(element: HtmlElement) -> str | None:
    """The date in one of the few blocks after `element`: a short block with a date, or the dateline a longer
    one opens with."""
    for seen, sibling in enumerate(element.itersiblings()):
        if seen >= 4 or not isinstance(sibling.tag, str):
            break
        text = text_of(sibling)
        if 6 <= len(text) <= 120 and has_date(text):
            return text
        opening = _DATELINE.match(text)
        if opening and has_date(opening.group(1)):
            return opening.group(1)
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
    "og:release_date",  # Baidu's Open Graph for news, on Chinese sites
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


_OWN_METADATA = ("jsonld", "meta", "time")
# found by where they stand on the page, not by a name that says what they are
_BY_POSITION = ("time", "text")


def _published_sources(tree, url: str, article: dict, meta_first, hints: dict) -> list[tuple[str, Callable]]:
    """Where a published date may be, most trusted first; each meta tag on its own, so that a later tag's time
    can refine an earlier tag's day (`publishdate` 2020-01-02, `og:release_date` 2020-01-02 17:11)."""
    return [
        ("jsonld", lambda: article.get("datePublished") or article.get("dateCreated")),
        *(("meta", lambda key=key: meta_first(key)) for key in _PUBLISHED_META),
        ("time", lambda: time_element(tree, "published")),
        ("feed", lambda: _hint(hints, _HINT_PUBLISHED)),
        ("url", lambda: url_date(url)),
        ("text", lambda: visible_date(tree)),
    ]


def _in_article(tree: HtmlElement, where: str) -> Callable[[], str | None]:
    """The finder of `where` ("time" or "text") that looks only inside the article's own container: nothing when
    the page has none that is not the whole page."""

    def find() -> str | None:
        scope = article_scope(tree)
        if scope is tree:
            return _named_time(tree, "published") if where == "time" else None
        if where == "time":
            return _named_time(tree, "published") or _any_time(scope)
        return visible_date(tree)

    return find


def _refines(timed: str, day: str) -> bool:
    """Whether `timed` gives a time of day to `day`, a date without one: the same day as written."""
    return "T" in timed and "T" not in day and timed[:10] == day[:10]


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
    that gives a date wins (JSON-LD, meta tags, <time>, the feed or sitemap, the URL, a visible date), except
    that a later one with a time of day refines a day without one (a day-only meta tag, the URL's date) when it
    falls on that day; the whole-tree walks are only made when the sources before them gave no time."""
    published, published_from, published_zone = None, None, None
    for where, find in _published_sources(tree, url, article, meta_first, hints):
        if published is not None and where in _BY_POSITION and published_from in _OWN_METADATA:
            # the page's own day is refined from inside the article only, never from a sidebar
            find = _in_article(tree, where)
        normal, zone_from = zoned(find(), site)
        if normal and (published is None or _refines(normal, published)):
            published, published_from, published_zone = normal, where, zone_from
        if published and "T" in published:
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
