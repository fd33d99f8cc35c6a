"""Where the article is on a page: its own container, and what is page chrome (navigation, page header,
footer, sidebars, today's-date bars) around it."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from .boilerplate import text_of

__all__ = ["article_scope", "in_page_chrome", "PAGE_CHROME"]

PAGE_CHROME = re.compile(r"today|current|clock|weather|header-?top|top-?bar|topbar|calendar", re.I)


def article_scope(tree: HtmlElement) -> HtmlElement:
    """The article's own container: <article>, an Article microdata item, or the block around the headline."""
    for element in tree.iter("article"):
        if any(True for _ in element.iter("h1")) or len(text_of(element)) > 500:
            return element
    for element in tree.iter():
        if isinstance(element.tag, str) and "article" in (element.get("itemtype") or "").lower():
            return element
    h1 = next(tree.iter("h1"), None)
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
        if PAGE_CHROME.search(f"{ancestor.get('class', '')} {ancestor.get('id', '')}"):
            return True
    return False
