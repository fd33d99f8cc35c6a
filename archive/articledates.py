"""Article dates as ISO 8601 strings: the forms web pages and feeds write them in, and where on a page to
look (a `<time>` of the article, a date in the URL, a visible date inside the article, never the page header)."""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, date, datetime, timedelta, timezone
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from .boilerplate import text_of
from .pagescope import PAGE_CHROME, article_scope, headline, in_page_chrome

__all__ = ["VIETNAM", "normalize_date", "time_element", "url_date", "visible_date"]

VIETNAM = timezone(timedelta(hours=7))
# "Thứ Bảy, ngày 9 tháng 3 năm 2024, 18:42": the date spelled out, as older Vietnamese CMSes print it
_SPELLED = re.compile(r"ngày\s*(?P<d>\d{1,2})\s*tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>(?:19|20)\d{2})", re.I)
_GMT = re.compile(r"(?:GMT|UTC)\s*([+-]\d{1,2})")
_CLOCK = re.compile(r"(?<!\d)([01]?\d|2[0-3])\s*[:hg]\s*([0-5]\d)(?!\d)")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|[-_.]|$)")
_URL_STAMP = re.compile(r"[-_/]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:\d{0,9})(?:[-_./]|$)")
_DMY = re.compile(
    r"(?<!\d)(0?[1-9]|[12]\d|3[01])[/.-](0?[1-9]|1[0-2])[/.-]((?:19|20)\d{2})"
    r"(?:\D{1,6}?(\d{1,2})[:hg](\d{2})(?::(\d{2}))?)?(?:\s*\(?(?:GMT|UTC)\s*([+-]\d{1,2})\)?)?"
)
_YMD = re.compile(
    r"((?:19|20)\d{2})[/.-](0?[1-9]|1[0-2])[/.-](0?[1-9]|[12]\d|3[01])(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?"
)
_HMS_FIRST = re.compile(
    r"(\d{1,2})[:hg](\d{2})(?::(\d{2}))?\D{1,12}?(0?[1-9]|[12]\d|3[01])[/.-](0?[1-9]|1[0-2])[/.-]((?:19|20)\d{2})"
)
_DATE_CLASS = re.compile(r"date|time|publish|ngay-?dang|thoi-?gian|posted|dateline", re.I)


def normalize_date(value: str | None, default_tz: timezone | None = None) -> str | None:
    """An ISO 8601 string (with offset when known) for the common date forms of web pages and feeds."""
    if not value or not isinstance(value, str):
        return None
    text = " ".join(value.split())
    when = _parse_date(text)
    if when is None:
        return None
    if isinstance(when, datetime):
        if not 1990 <= when.year <= datetime.now(UTC).year + 1:
            return None
        if when.tzinfo is None and default_tz is not None:
            when = when.replace(tzinfo=default_tz)
        return when.isoformat(timespec="seconds")
    if not 1990 <= when.year <= datetime.now(UTC).year + 1:
        return None
    return when.isoformat()


def _parse_date(text: str) -> datetime | date | None:
    iso = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", text.replace("Z", "+00:00").replace("z", "+00:00"))
    iso = re.sub(r"\.\d+(?=[+-]\d{2}:\d{2}$|$)", "", iso)
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
            return date.fromisoformat(iso)
        return datetime.fromisoformat(iso)
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        pass
    match = _YMD.search(text)
    if match:
        y, m, d, hh, mm, ss = match.groups()
        return _build(y, m, d, hh, mm, ss, None)
    match = _DMY.search(text)
    if match:
        d, m, y, hh, mm, ss, gmt = match.groups()
        return _build(y, m, d, hh, mm, ss, gmt)
    match = _HMS_FIRST.search(text)
    if match:
        hh, mm, ss, d, m, y = match.groups()
        return _build(y, m, d, hh, mm, ss, None)
    match = _SPELLED.search(text)
    if match:
        clock = _CLOCK.search(text)
        hh, mm = clock.groups() if clock else (None, None)
        gmt = _GMT.search(text)
        return _build(match["y"], match["m"], match["d"], hh, mm, None, gmt.group(1) if gmt else None)
    return None


def _build(y, m, d, hh, mm, ss, gmt) -> datetime | date | None:
    try:
        if hh is None:
            return date(int(y), int(m), int(d))
        tz = timezone(timedelta(hours=int(gmt))) if gmt else None
        return datetime(int(y), int(m), int(d), int(hh), int(mm), int(ss or 0), tzinfo=tz)
    except ValueError:
        return None


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


def url_date(url: str) -> str | None:
    path = urlsplit(url).path
    match = _URL_DATE.search(path) or _URL_STAMP.search(path)
    if not match:
        return None
    y, m, d = (int(g) for g in match.groups())
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


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
        if 6 <= len(text) <= 120 and _has_date(text):
            return text
    h1 = headline(scope)
    if h1 is None:
        return None
    for seen, element in enumerate(h1.itersiblings()):
        if seen >= 4 or not isinstance(element.tag, str):
            break
        text = text_of(element)
        if 6 <= len(text) <= 120 and _has_date(text):
            return text
    parent = h1.getparent()
    if parent is not None and text_of(parent) == text_of(h1):  # <div class="title"><h1>...</h1></div>
        for seen, element in enumerate(parent.itersiblings()):
            if seen >= 4 or not isinstance(element.tag, str):
                break
            text = text_of(element)
            if 6 <= len(text) <= 120 and _has_date(text):
                return text
    return None


def _has_date(text: str) -> bool:
    return bool(_DMY.search(text) or _YMD.search(text) or _SPELLED.search(text))
