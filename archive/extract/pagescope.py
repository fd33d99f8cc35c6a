"""Where the article is on a page: its own container, and what is page chrome (navigation, page header,
footer, sidebars, today's-date bars) around it."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from archive.extract.boilerplate import text_of

__all__ = ["article_scope", "headline", "in_page_chrome", "PAGE_CHROME"]

PAGE_CHROME = re.compile(r"today|current|clock|weather|header-?top|top-?bar|topbar|calendar", re.I)
# the site's header by name: whole class tokens only, so "article-header" and "detail__header" stay the article's
_SITE_HEADER = re.compile(
    r"(?:^|\s)(?:(?:site|main|top|global)[-_]?)?header(?:[-_]{0,2}(?:top|wrap|wrapper|main|inner|bar|container))?"
    r"(?:\s|$)|(?:^|\s)masthead(?:\s|$)",
    re.I,
)


def headline(tree: HtmlElement) -> HtmlElement | None:
    """The article's <h1>: the first one outside the page chrome (sites put their logo in an <h1> too) that the
    reader sees; a hidden copy for share previews (`<div style="display:none"><h1>`) only when no other."""
    found = [h for h in tree.iter("h1") if not in_page_chrome(h)]
    return next((h for h in found if not _hidden(h)), found[0] if found else None)


def _hidden(element: HtmlElement) -> bool:
    """Inside an element that is never shown: `hidden`, or an inline `display:none`."""
    return any(
        a.get("hidden") is not None or "display:none" in (a.get("style") or "").replace(" ", "").lower()
        for a in (element, *element.iterancestors())
    )


def article_scope(tree: HtmlElement) -> HtmlElement:
    """The article's own container: <article>, an Article microdata item, or the block around the headline."""
    for element in tree.iter("article"):
        if any(True for _ in element.iter("h1")) or len(text_of(element)) > 500:
            return element
    for element in tree.iter():
        if isinstance(element.tag, str) and "article" in (element.get("itemtype") or "").lower():
            return element
    h1 = headline(tree)
    node = h1.getparent() if h1 is not None else None
    while node is not None and node.tag not in ("body", "html"):
        if len(text_of(node)) >= 500:
            return node
        node = node.getparent()
    return tree


def in_page_chrome(element: HtmlElement) -> bool:
    """Inside the site's navigation, footer, sidebar or page header (not an article's own header)."""
    for ancestor in element.iterancestors():
        tag = ancestor.tag
        if tag in ("nav", "footer", "aside"):
            return True
        if tag == "header" and not any(a.tag == "article" for a in ancestor.iterancestors()):
            return True
        names = f"{ancestor.get('class', '')} {ancestor.get('id', '')}"
        if PAGE_CHROME.search(names) or _SITE_HEADER.search(names):
            return True
    return False
