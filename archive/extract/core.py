"""Extraction: one article page (bytes) in, the design's extraction JSON out.

    decode (header, BOM, meta, detection) -> NFC -> parse -> metadata -> source profile's drop selectors ->
    generic boilerplate rules -> photos and captions replaced by markers -> trafilatura -> markers become
    image positions -> NFC text

A page that yields no article still returns a dict, with `reason` saying why (not_html, too_short,
no_main_text, parse_error), so callers count and store the reason instead of silently dropping the page."""

from __future__ import annotations

import copy
import logging
import re
import unicodedata
from typing import Any

import lxml.html
import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.settings import Extractor

from archive.extract.boilerplate import drop_selectors, remove_boilerplate
from archive.extract.captions import MARKER, Photo, find_photos, jsonld_caption_map, mark_photos, split_credit
from archive.extract.encoding import decode_html
from archive.extract.lead import find_lead, same_text
from archive.extract.metadata import detect_language, page_metadata
from archive.extract.pagescope import article_scope, in_page_chrome
from archive.extract.requisites import tree_requisites
from archive.sources import ExtractProfile

__all__ = ["extract", "EXTRACTOR_VERSION", "REASONS", "MIN_TEXT_CHARS", "plain_trafilatura"]

# Bump the first number when our own passes change what they produce; trafilatura's version is part of it.
EXTRACTOR_VERSION = f"newsarchive-extract/1.0+trafilatura-{trafilatura.__version__}"
REASONS = ("not_html", "too_short", "no_main_text", "parse_error")
MIN_TEXT_CHARS = 100  # fewer characters of text than this is not an article (a stub, a photo page, an error)

_NOT_HTML_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"ID3", b"RIFF")
_HTML_TYPES = ("html", "xml", "text/plain")
_HTML_TAG = re.compile(rb"<(?:!doctype|html|head|body|div|p|article|title|meta|h1|section|main)[\s>/]", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)

log = logging.getLogger(__name__)
_AGENCY_LINE = re.compile(r"^(?:\(([A-ZĐ][^()]{1,39})\)|(?:Theo|Nguồn:?|Source:)\s+([A-ZĐ][^()]{1,39}?))\.?$")
_HAS_OFFSET = re.compile(r"(?:[+-]\d{2}:\d{2}|Z)$")

# trafilatura's own parser settings: comments and processing instructions in the tree change what it keeps
_PARSER = etree.HTMLParser(
    collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True
)
# lxml.html's own parser asks a Python method for the class of every element the code touches (it has
# special classes for forms and inputs, which nothing here uses); this C-level lookup gives the same
# HtmlElement classes without that call: ~4,000 calls per article page
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
)
_OPTIONS: Extractor | None = None


def _options() -> Extractor:
    """trafilatura's options, built once per process (parsing its config is not free)."""
    global _OPTIONS
    if _OPTIONS is None:
        _OPTIONS = Extractor(
            output_format="python",
            comments=False,  # reader comments are not the article
            tables=True,
            formatting=False,
            links=False,
            images=False,  # photos are our pass
            dedup=False,
            with_metadata=False,  # metadata is our pass, with its order of trust
        )
    return _OPTIONS


def _result(url: str, reason: str | None = None) -> dict[str, Any]:
    return {
        "url": url,
        "title": None,
        "author": None,
        "published": None,
        "modified": None,
        "language": None,
        "sitename": None,
        "text": "",
        "images": [],
        "canonical_url": None,
        "og_url": None,
        "categories": [],
        "tags": [],
        "published_from": None,
        "extractor_version": EXTRACTOR_VERSION,
        "reason": reason,
    }


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    return value


def _is_html(html: bytes, content_type: str) -> bool:
    if not html or not html.strip():
        return False
    mime = content_type.split(";")[0].strip().lower()
    if mime and not any(t in mime for t in _HTML_TYPES):
        return False
    head = html[:1024].lstrip()
    if head.startswith(_NOT_HTML_MAGIC):
        return False
    if html.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its BOM: look for tags in the text
        return bool(_HTML_TAG.search(html[:131072].decode("utf-16", "replace").encode("utf-8")))
    if b"\x00" in html[:1024]:
        return False  # binary, or UTF-16 without a BOM (which no press site serves)
    return bool(_HTML_TAG.search(html[:65536]))


def parse_html(html: bytes, content_type: str = "", encoding: str = "") -> tuple[HtmlElement, str]:
    """Decode with the right precedence, normalise to NFC, parse. Raises ValueError for unparseable input."""
    text, codec = decode_html(html, content_type, encoding)
    text = unicodedata.normalize("NFC", _XML_DECLARATION.sub("", text, count=1))
    try:
        tree = lxml.html.document_fromstring(text.encode("utf-8", "surrogatepass"), parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise ValueError(str(exc)) from exc
    return tree, codec


def extract(
    html: bytes,
    url: str,
    *,
    content_type: str = "",
    encoding: str = "",
    profile: ExtractProfile | None = None,
    hints: dict | None = None,
    requisites_limit: int = 0,
) -> dict[str, Any]:
    """The extraction JSON of one page; `reason` is None when an article was found.

    With `requisites_limit`, the result also lists the page's `requisites` (archive.extract.requisites), read from the
    tree extraction parses anyway, before its passes remove anything."""
    requisites: list[str] | None = [] if requisites_limit > 0 else None
    if not _is_html(html, content_type):
        return _with_requisites(_result(url, "not_html"), requisites)
    try:
        tree, codec = parse_html(html, content_type, encoding)
    except ValueError:
        return _with_requisites(_result(url, "parse_error"), requisites)
    if requisites is not None:
        requisites = tree_requisites(tree, url, limit=requisites_limit)
    try:
        result = _extract_tree(tree, codec, url, profile or ExtractProfile(), hints)
    except (etree.LxmlError, ValueError, TypeError, AttributeError, RecursionError) as exc:
        # a tree our passes or trafilatura cannot walk (deeply nested, odd markup): say so, with the cause
        log.warning("extraction failed on %s: %r", url, exc)
        result = _result(url, "parse_error")
        result["error"] = f"{type(exc).__name__}: {exc}"[:300]
    return _with_requisites(result, requisites)


def _with_requisites(result: dict[str, Any], requisites: list[str] | None) -> dict[str, Any]:
    if requisites is not None:  # asked for: always present, so that a missing key means the job failed
        result["requisites"] = requisites
    return result


def _extract_tree(
    tree: HtmlElement, codec: str, url: str, profile: ExtractProfile, hints: dict | None
) -> dict[str, Any]:
    result = _result(url)
    result["encoding"] = codec
    meta = page_metadata(tree, url, hints)
    for key in (
        "title",
        "author",
        "published",
        "published_from",
        "modified",
        "sitename",
        "canonical_url",
        "og_url",
    ):
        result[key] = meta[key]
    result["categories"], result["tags"] = meta["categories"], meta["tags"]

    base = url
    base_el = tree.find(".//base[@href]")
    if base_el is not None:
        base = lxml.html.urljoin(url, base_el.get("href"))
    # scripts and styles are code, never article text (JSON-LD has been read by now)
    etree.strip_elements(tree, "script", "style", "template", with_tail=False)
    drop_selectors(tree, profile.drop)
    remove_boilerplate(tree, url)
    scope = _body(tree, profile.body)
    photos = find_photos(
        scope,
        base,
        caption_selectors=profile.captions,
        jsonld_captions=jsonld_caption_map(meta["jsonld_images"]),
    )
    alive = list(tree.iter())  # holding the proxies keeps their id() stable while `order` is in use
    order = {id(el): i for i, el in enumerate(alive)}
    for photo in photos:
        photo.order = order.get(id(photo.img), 0)
    lead_scope = scope if scope is not tree else article_scope(tree)
    in_scope = {
        id(p.img): (lead_scope is not tree and _contains(lead_scope, p.img) and not in_page_chrome(p.img))
        for p in photos
    }
    mark_photos(photos)
    target = _subdocument(tree, scope) if scope is not tree else tree

    opts = copy.copy(_options())
    opts.url = url
    opts.source = url
    try:
        document = trafilatura.bare_extraction(target, options=opts)
    except Exception as exc:  # trafilatura lets many kinds through on malformed trees: one reason for all
        raise ValueError(f"trafilatura: {type(exc).__name__}: {exc}") from exc
    raw = (document.text if document is not None else "") or ""
    paragraphs, positions = _paragraphs(raw)
    if paragraphs and result["title"] and same_text(paragraphs[0], result["title"]):
        # trafilatura keeps the headline when it sits inside the article container: it is the title, not text
        paragraphs.pop(0)
        positions = {k: max(0, v - 1) for k, v in positions.items()}
    if len(paragraphs) > 1 and result["author"] and same_text(paragraphs[-1], result["author"]):
        paragraphs.pop()  # the byline closing the body (VnExpress, Báo Chính phủ) is the author field
    if not result["author"] and paragraphs:
        agency = _AGENCY_LINE.match(paragraphs[-1])
        if agency:
            result["author"] = (agency.group(1) or agency.group(2)).strip()  # "Theo TTXVN", "(TTXVN)"
    lead = find_lead(tree, scope, paragraphs, order)
    images = _images(photos, positions, in_scope, meta["jsonld_images"])
    if lead is not None:
        text_lead, lead_order = lead
        paragraphs.insert(0, text_lead)
        for image in images:
            if image.get("order", 0) > lead_order or image["position"] > 0:
                image["position"] += 1
    for image in images:
        image.pop("order", None)
    del alive
    text = "\n".join(paragraphs)  # one paragraph a line, as the catalog stores text
    result["text"] = text
    result["images"] = images
    result["language"] = detect_language(text, meta["declared_language"])
    if result["language"] == "vi":
        # a naive time on a page only the text shows to be Vietnamese is Vietnam time too (no DST there)
        for key in ("published", "modified"):
            value = result[key]
            if value and "T" in value and not _HAS_OFFSET.search(value):
                result[key] = value + "+07:00"
    # a photo story says most of what it says in its captions: they count towards the length
    captions = sum(len(i.get("caption") or "") for i in images)
    if not text and len(images) < 2:
        result["reason"] = "no_main_text"
    elif len(text) + captions < MIN_TEXT_CHARS:
        result["reason"] = "too_short" if text or captions else "no_main_text"
    return _nfc(result)


def _body(tree: HtmlElement, selector: str) -> HtmlElement:
    """The source profile's body element, when the profile names one and the page has it."""
    if selector:
        found = tree.cssselect(selector)
        if found:
            return found[0]
    return tree


def _subdocument(tree: HtmlElement, body: HtmlElement) -> HtmlElement:
    """A document of the page's head and one body element, for trafilatura."""
    doc = lxml.html.document_fromstring("<html><head></head><body></body></html>")
    head = tree.find("head")
    if head is not None:
        doc.replace(doc.find("head"), copy.deepcopy(head))
    doc.find("body").append(copy.deepcopy(body))
    return doc


def _contains(ancestor: HtmlElement, element: HtmlElement) -> bool:
    return any(a is ancestor for a in element.iterancestors())


def _paragraphs(raw: str) -> tuple[list[str], dict[int, int]]:
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


def _images(
    photos: list[Photo], positions: dict[int, int], in_scope: dict[int, bool], jsonld_images: list[dict]
) -> list[dict]:
    """Photos whose marker survived extraction (they stood in the article body), plus captioned photos of the
    article's own container that trafilatura left out (the lead photo above the text)."""
    images: list[dict] = []
    last = 0
    for photo in photos:
        if photo.index in positions:
            photo.position = last = positions[photo.index]
        elif photo.caption and in_scope.get(id(photo.img)):
            photo.position = last
        else:
            continue
        images.append({**photo.as_dict(), "order": photo.order})
    seen = {i["src"] for i in images}
    keys = {i["src"].split("?")[0].rsplit("/", 1)[-1] for i in images}
    for image in jsonld_images:
        key = image["src"].split("?")[0].rsplit("/", 1)[-1]
        if image.get("caption") and image["src"] not in seen and key not in keys:
            caption, credit = split_credit(image["caption"])
            images.insert(
                0, {"src": image["src"], "caption": caption, "credit": credit, "alt": None, "position": 0}
            )
            seen.add(image["src"])
            keys.add(key)
    images.sort(key=lambda i: i["position"])  # stable: document order within a position
    return images


def plain_trafilatura(html: bytes, url: str = "") -> str:
    """Plain trafilatura with its defaults, for comparison in the benchmark."""
    return trafilatura.extract(html, url=url or None) or ""
