"""Where on a page an article's dates are: a `<time>` of the article (never the page header) and a date written
near the headline. Reading the date strings themselves is `archive.dates`'s job."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from archive.dates import has_date
from archive.extract.boilerplate import text_of
from archive.extract.pagescope import PAGE_CHROME, article_scope, headline, in_page_chrome

__all__ = ["time_element", "visible_date"]

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
