"""The article body between trafilatura's text and the extraction JSON: the profile's body element, the
subdocument trafilatura reads, paragraphs with the photo markers taken out, and the photos placed among them."""

from __future__ import annotations

import copy

import lxml.html
from lxml.html import HtmlElement

from archive.extract.captions import MARKER, Photo, split_credit
from archive.extract.lead import same_text

__all__ = ["body", "subdocument", "contains", "paragraphs", "images"]


def body(tree: HtmlElement, selector: str) -> HtmlElement:
    """The source profile's body element, when the profile names one and the page has it."""
    if selector:
        found = tree.cssselect(selector)
        if found:
            return found[0]
    return tree


def subdocument(tree: HtmlElement, body: HtmlElement) -> HtmlElement:
    """A document of the page's head and one body element, for trafilatura."""
    doc = lxml.html.document_fromstring("<html><head></head><body></body></html>")
    head = tree.find("head")
    if head is not None:
        doc.replace(doc.find("head"), copy.deepcopy(head))
    doc.find("body").append(copy.deepcopy(body))
    return doc


def contains(ancestor: HtmlElement, element: HtmlElement) -> bool:
    return any(a is ancestor for a in element.iterancestors())


def paragraphs(raw: str) -> tuple[list[str], dict[int, int]]:
    """Text lines without markers, and for each marker the number of paragraphs before it."""
    paragraphs: list[str] = []
    positions: dict[int, int] = {}
    for line in raw.split("\n"):
        found = MARKER.findall(line)
        for index in found:
            positions.setdefault(int(index), len(paragraphs))
        rest = " ".join(MARKER.sub(" ", line).split())
        if rest:
            paragraphs.append(rest)
    return paragraphs, positions


def images(
    photos: list[Photo],
    positions: dict[int, int],
    in_scope: dict[int, bool],
    jsonld_images: list[dict],
    title: str | None = None,
) -> list[dict]:
    """Photos whose marker survived extraction (they stood in the article body), plus captioned photos of the
    article's own container that trafilatura left out (the lead photo above the text)."""
    images: list[dict] = []
    last = 0
    for photo in photos:
        if photo.index in positions:
            photo.position = last = positions[photo.index]
        elif (photo.caption or photo.credit) and in_scope.get(id(photo.img)):
            photo.position = last
        else:
            continue
        images.append({**photo.as_dict(), "order": photo.order})
    seen = {i["src"] for i in images}
    keys = {i["src"].split("?")[0].rsplit("/", 1)[-1] for i in images}
    for image in jsonld_images:
        key = image["src"].split("?")[0].rsplit("/", 1)[-1]
        if title and image.get("caption") and same_text(image["caption"], title):
            continue  # the share image, "captioned" with the headline
        if image.get("caption") and image["src"] not in seen and key not in keys:
            caption, credit = split_credit(image["caption"])
            images.insert(
                0, {"src": image["src"], "caption": caption, "credit": credit, "alt": None, "position": 0}
            )
            seen.add(image["src"])
            keys.add(key)
    images.sort(key=lambda i: i["position"])  # stable: document order within a position
    return images
