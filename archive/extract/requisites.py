"""Page requisites: the images and stylesheets a page needs to replay as it was seen."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import lxml.html

__all__ = ["page_requisites", "tree_requisites"]

_IMAGE_ATTRIBUTES = ("src", "data-src", "data-original", "data-lazy-src", "data-srcset", "srcset")
_PLACEHOLDER = re.compile(r"(?:^data:|blank\.gif$|spacer\.gif$|pixel\.gif$|placeholder)", re.I)


def _srcset_urls(value: str) -> list[str]:
    """Every candidate of a srcset: replay tools pick one by screen, so all may be asked for."""
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def page_requisites(html: str, base_url: str, *, limit: int = 60) -> list[str]:
    """Absolute http(s) URLs of the page's images (lazy-loading attributes and srcset included),
    stylesheets and icons, in page order, without duplicates, at most `limit`."""
    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return []
    return tree_requisites(tree, base_url, limit=limit)


def tree_requisites(tree: lxml.html.HtmlElement, base_url: str, *, limit: int = 60) -> list[str]:
    """page_requisites() of a parsed page (the extraction worker's tree, before its passes change it)."""
    base = tree.find(".//base[@href]")
    base_url = urljoin(base_url, base.get("href")) if base is not None else base_url
    found: list[str] = []
    for element in tree.iter("img", "source", "link"):
        if element.tag == "link":
            rel = (element.get("rel") or "").lower().split()
            candidates = [element.get("href")] if {"stylesheet", "icon"} & set(rel) else []
        else:
            candidates = []
            for attribute in _IMAGE_ATTRIBUTES:
                value = element.get(attribute)
                if value:
                    candidates.extend(_srcset_urls(value) if "srcset" in attribute else [value.strip()])
        for candidate in candidates:
            if not candidate or _PLACEHOLDER.search(candidate):
                continue
            url = urljoin(base_url, candidate).split("#", 1)[0]
            if urlsplit(url).scheme in ("http", "https") and url not in found:
                found.append(url)
                if len(found) >= limit:
                    return found
    return found
