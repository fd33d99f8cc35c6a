"""How a page is built, as evidence of article or listing: an article is one headline over paragraphs of prose
that are not links; a listing (homepage, section, tag page, video or photo hub) is mostly headline links, often
with many headlines. Related-article boxes beside an article are links too, so link weight alone is weak
evidence; many `<h1>`s or no prose at all is strong."""

from __future__ import annotations

import lxml.html
from lxml import etree

__all__ = ["structure"]

_MIN_PARAGRAPH = 40  # characters: shorter blocks are labels, dates, buttons
_PROSE = 500  # characters of prose paragraphs that make an article's body
_HEADLINE = 25  # characters (and four words) of a link that reads like a headline


def structure(html: bytes, tree=None) -> tuple[int, list[str]]:
    """(score, reasons): +2 one headline over prose; -1 mostly headline links; -2 many headlines or no prose
    beside many headline links; 0 when the build says neither."""
    if tree is None:
        try:
            tree = lxml.html.document_fromstring(html)
        except (etree.ParserError, ValueError):
            return 0, []
    h1s = sum(1 for h in tree.iter("h1") if _text(h))
    prose = 0
    for p in tree.iter("p"):
        text = _text(p)
        if len(text) < _MIN_PARAGRAPH or _in_code(p):
            continue
        linked = sum(len(_text(a)) for a in p.iter("a"))
        if linked < 0.3 * len(text):
            prose += len(text)
    headlines = 0
    headline_chars = 0
    for a in tree.iter("a"):
        text = _text(a)
        if len(text) >= _HEADLINE and len(text.split()) >= 4:
            headlines += 1
            headline_chars += len(text)
    # teaser blocks: headings that are links (a section page's headlines, each over its summary paragraph)
    teasers = sum(
        1 for h in tree.iter("h2", "h3", "h4") if any(True for _ in h.iter("a")) and len(_text(h)) >= 20
    )
    if h1s >= 5 and prose >= 3 * _PROSE and prose >= headline_chars:
        return 0, [
            f"build:{h1s}-h1+prose"
        ]  # a CMS that sets every module's heading as an h1, beside an article
    if h1s >= 5:
        return -2, [f"build:{h1s}-h1"]
    if teasers >= 6 and prose < 150 * teasers:
        return -1, [f"build:{teasers}-teasers"]
    if 1 <= h1s <= 2 and prose >= _PROSE and prose >= 0.5 * headline_chars:
        return 2, ["build:headline+prose"]
    if headlines >= 15 and prose < 200:
        return -2, ["build:headline-links-no-prose"]
    if h1s == 0 and prose < 200:
        return -3, ["build:no-headline-no-prose"]  # error pages, hubs of videos or photos
    if headlines >= 15 and headline_chars >= 2 * prose:
        return -1, ["build:mostly-headline-links"]
    return 0, []


def _text(element) -> str:
    return " ".join(element.text_content().split())


def _in_code(element) -> bool:
    return any(a.tag in ("script", "style", "noscript", "template") for a in element.iterancestors())
