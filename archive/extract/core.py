"""Extraction: one article page (bytes) in, the design's extraction JSON out.

    decode (header, BOM, meta, detection) -> NFC -> parse -> metadata -> source profile's drop selectors ->
    generic boilerplate rules -> photos and captions replaced by markers -> trafilatura -> markers become
    image positions -> NFC text

A page that yields no article still returns a dict, with `reason` saying why (not_html, too_short,
no_main_text, parse_error, not_article: a listing, homepage or error page by archive.discovery.pagekinds's
evidence, kept in `page_kind` and `page_kind_reasons`), so callers count and store the reason instead of silently
dropping the page."""

from __future__ import annotations

import copy
import logging
import re
import unicodedata
from functools import lru_cache
from typing import Any

import lxml.html
import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.settings import Extractor

from archive.dates import normalize_date, site_zone
from archive.discovery.pagekinds import page_kind
from archive.extract.body import body as body_element
from archive.extract.body import contains, subdocument
from archive.extract.body import images as placed_images
from archive.extract.body import paragraphs as split_paragraphs
from archive.extract.boilerplate import drop_selectors, remove_boilerplate
from archive.extract.captions import find_photos, jsonld_caption_map, mark_photos
from archive.extract.encoding import decode_html
from archive.extract.lead import find_lead, same_text
from archive.extract.metadata import detect_language, page_metadata
from archive.extract.pagescope import article_scope, in_page_chrome
from archive.extract.requisites import tree_requisites
from archive.extract.result import blank_result
from archive.extract.words import words_for
from archive.sources import ExtractProfile

__all__ = ["extract", "EXTRACTOR_VERSION", "REASONS", "MIN_TEXT_CHARS", "plain_trafilatura"]

# Bump the first number when our own passes change what they produce; trafilatura's version is part of it.
EXTRACTOR_VERSION = f"newsarchive-extract/1.0+trafilatura-{trafilatura.__version__}"
REASONS = ("not_html", "too_short", "no_main_text", "parse_error", "not_article")
MIN_TEXT_CHARS = 100  # fewer characters of text than this is not an article (a stub, a photo page, an error)

_NOT_HTML_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"ID3", b"RIFF")
_HTML_TYPES = ("html", "xml", "text/plain")
_HTML_TAG = re.compile(rb"<(?:!doctype|html|head|body|div|p|article|title|meta|h1|section|main)[\s>/]", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)

log = logging.getLogger(__name__)
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
    return blank_result(
        url, reason, page_kind=None, page_kind_reasons=[], extractor_version=EXTRACTOR_VERSION
    )


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
        result = _extract_tree(tree, html, codec, url, profile or ExtractProfile(), hints)
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
    tree: HtmlElement, html: bytes, codec: str, url: str, profile: ExtractProfile, hints: dict | None
) -> dict[str, Any]:
    """Metadata first (it reads JSON-LD and scripts), then the page is cleaned, its photos marked, the body
    extracted by trafilatura, and the text, lead, byline and photo positions put together."""
    result = _result(url)
    result["encoding"] = codec
    listed = _listed(hints)
    evidence = page_kind(url, html, listed=listed, tree=tree)
    result["page_kind"], result["page_kind_reasons"] = evidence.kind, list(evidence.reasons)
    meta = page_metadata(tree, url, hints, timezone=profile.timezone, language=profile.language)
    result.update({key: meta[key] for key in _META_KEYS})
    language = profile.language or meta["declared_language"]

    base_el = tree.find(".//base[@href]")
    base = lxml.html.urljoin(url, base_el.get("href")) if base_el is not None else url
    # scripts and styles are code, never article text (JSON-LD has been read by now)
    etree.strip_elements(tree, "script", "style", "template", with_tail=False)
    drop_selectors(tree, profile.drop)
    remove_boilerplate(tree, url)
    scope = body_element(tree, profile.body)
    photos = find_photos(
        scope,
        base,
        caption_selectors=profile.captions,
        jsonld_captions=jsonld_caption_map(meta["jsonld_images"]),
        page_title=result["title"],
    )
    alive = list(tree.iter())  # holding the proxies keeps their id() stable while `order` is in use
    order = {id(el): i for i, el in enumerate(alive)}
    for photo in photos:
        photo.order = order.get(id(photo.img), 0)
    lead_scope = scope if scope is not tree else article_scope(tree)
    in_scope = {
        id(p.img): (lead_scope is not tree and contains(lead_scope, p.img) and not in_page_chrome(p.img))
        for p in photos
    }
    mark_photos(photos)
    paragraphs, positions = _body_paragraphs(subdocument(tree, scope) if scope is not tree else tree, url)
    paragraphs, positions = _without_title_and_byline(paragraphs, positions, result, language)
    lead = find_lead(tree, scope, paragraphs, order)
    images = placed_images(photos, positions, in_scope, meta["jsonld_images"], result["title"])
    if lead is not None:
        text_lead, lead_order = lead
        paragraphs.insert(0, text_lead)
        for image in images:
            if image.get("order", 0) > lead_order or image["position"] > 0:
                image["position"] += 1
    for image in images:
        image.pop("order", None)
    del alive
    result["text"] = "\n".join(paragraphs)  # one paragraph a line, as the catalog stores text
    result["images"] = images
    result["language"] = detect_language(result["text"], meta["declared_language"])
    _zone_from_text_language(result)
    result["reason"] = _verdict(result["text"], images, evidence, listed)
    return _nfc(result)


_META_KEYS = (
    "title",
    "author",
    "published",
    "published_from",
    "published_zone",
    "date_conflict",
    "modified",
    "sitename",
    "canonical_url",
    "og_url",
    "categories",
    "tags",
)


def _listed(hints: dict | None) -> str:
    """How discovery named the page: "feed", "news-sitemap" or "" (evidence that it is an article)."""
    if any(k == "feed" or k.startswith("feed:") for k in hints or {}):
        return "feed"
    return "news-sitemap" if any(k.startswith("news:") for k in hints or {}) else ""


def _body_paragraphs(target: HtmlElement, url: str) -> tuple[list[str], dict[int, int]]:
    opts = copy.copy(_options())
    opts.url = url
    opts.source = url
    try:
        document = trafilatura.bare_extraction(target, options=opts)
    except Exception as exc:  # trafilatura lets many kinds through on malformed trees: one reason for all
        raise ValueError(f"trafilatura: {type(exc).__name__}: {exc}") from exc
    return split_paragraphs((document.text if document is not None else "") or "")


def _without_title_and_byline(
    paragraphs: list[str], positions: dict[int, int], result: dict[str, Any], language: str | None
) -> tuple[list[str], dict[int, int]]:
    if paragraphs and result["title"] and same_text(paragraphs[0], result["title"]):
        # trafilatura keeps the headline when it sits inside the article container: it is the title, not text
        paragraphs.pop(0)
        positions = {k: max(0, v - 1) for k, v in positions.items()}
    if len(paragraphs) > 1 and result["author"] and same_text(paragraphs[-1], result["author"]):
        paragraphs.pop()  # the byline closing the body (as many CMSs set it) is the author field
    if not result["author"] and paragraphs:
        agency = _agency_line(language).match(paragraphs[-1])
        if agency:
            result["author"] = (agency.group(1) or agency.group(2)).strip()  # "Theo <agency>", "(<agency>)"
    return paragraphs, positions


def _verdict(text: str, images: list[dict], evidence, listed: str) -> str | None:
    """Why there is no article, or None. A photo story says most of what it says in its captions: they count
    towards the length."""
    captions = sum(len(i.get("caption") or "") for i in images)
    if not text and len(images) < 2:
        return "no_main_text"
    if len(text) + captions < MIN_TEXT_CHARS:
        return "too_short" if text or captions else "no_main_text"
    if evidence.kind == "listing" and not listed and evidence.score < 0:
        return "not_article"  # a homepage, section or error page: clearly not one article
    return None


@lru_cache(maxsize=32)
def _agency_line(language: str | None) -> re.Pattern:
    """A closing line that names where the story came from: "(AGENCY)", or a source word of the language
    ("Theo ...", "Source: ...", from words.toml) and a capitalised name."""
    words = words_for(language).alternation("source_line")
    return re.compile(
        rf"^(?:\((?!(?i:end|ends|hết|het|fin)\))([A-ZĐ][^()]{{1,39}})\)|(?i:{words})\s+([A-ZĐ][^()]{{1,39}}?))\.?$"
    )  # "(END)" / "(HẾT)" close a wire story: they name no agency


def _zone_from_text_language(result: dict[str, Any]) -> None:
    """Naive times left on a page whose text alone shows its language: that language's zone, when it has one."""
    site = site_zone("", result["language"], "")
    if site.zone is None:
        return
    for key in ("published", "modified"):
        value = result[key]
        if value and "T" in value and not _HAS_OFFSET.search(value):
            result[key] = normalize_date(value, site.zone)
            if key == "published":
                result["published_zone"] = site.origin


def plain_trafilatura(html: bytes, url: str = "") -> str:
    """Plain trafilatura with its defaults, for comparison in the benchmark."""
    return trafilatura.extract(html, url=url or None) or ""
