"""The lead paragraph (sapo, standfirst) that news pages set apart above the body and trafilatura leaves out."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from archive.extract.boilerplate import text_of
from archive.extract.pagescope import headline, in_page_chrome

__all__ = ["find_lead", "same_text"]


def same_text(a: str, b: str) -> bool:
    def norm(x: str) -> str:
        return " ".join(re.sub(r"[^\w\s]", " ", x.lower()).split())

    return norm(a) == norm(b)


_LEAD_CLASS = re.compile(
    r"sapo|(?:^|[\s_-])lead(?:$|[\s_-])|description|summary|chapeau|excerpt|standfirst|intro|tom-?tat|"
    r"subtitle|sub-?title|teaser|chapo|(?:^|[\s_-])(?:dek|desc?)(?:$|[\s_-])|des-?detail",
    re.I,
)


def find_lead(
    tree: HtmlElement, scope: HtmlElement, paragraphs: list[str], order: dict[int, int]
) -> tuple[str, int] | None:
    """The lead paragraph (sapo) that Vietnamese and other news pages set apart above the body, which
    trafilatura leaves out: after the headline, before the first paragraph it kept, set as a lead by its
    class, and not a list of links. Returns (text, document order)."""
    h1 = headline(tree)
    start = order.get(id(h1), -1) if h1 is not None else -1
    if not paragraphs:  # a photo story whose body is all photos and captions: the lead is its only text
        if h1 is None:
            return None
        paragraphs, end = [""], len(order) + 1
    else:
        end = None
    first = paragraphs[0][:60]
    for element in (scope if scope is not tree else tree).iter("p", "div", "li", "td", "blockquote", "h2"):
        if end is not None:
            break
        text = text_of(element)
        if text.startswith(first) and len(text) < len(paragraphs[0]) * 1.5 + 50:
            end = order.get(id(element))
            break
    if end is None:
        return None
    joined = "\n".join(paragraphs)
    for element in tree.iter("p", "div", "h2", "h3", "span", "section", "summary", "strong"):
        index = order.get(id(element), -1)
        if index <= start or index >= end:
            continue
        attrs = f"{element.get('class', '')} {element.get('id', '')}"
        if not _LEAD_CLASS.search(attrs) or in_page_chrome(element):
            continue
        text = text_of(element)
        if not 40 <= len(text) <= 1200 or text[:60] in joined:
            continue
        if sum(len(text_of(a)) for a in element.iter("a")) > 0.3 * len(text):
            continue
        return text, index
    return None
