"""RSS 2.0, RSS 1.0 (RDF), Atom and JSON Feed, read so that no item is lost.

An item needs only a URL: titles and dates are kept when present, unreadable dates become None, relative links
are resolved against `xml:base` or the feed's own URL, and an item listed twice is kept once. When libxml2's
recovery drops items of a broken document, each `<item>`/`<entry>` is parsed again on its own.

Dates are read as the whole feed writes them (archive.dates.style: day or month first, from all items and the
dates their URLs carry), and naive times are in the source's zone (`tz`), else UTC.
"""

from __future__ import annotations

import json
import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from urllib.parse import urljoin

from archive.dates import DateStyle, infer_order, parse_date
from archive.discovery.xmltext import (
    MAX_BYTES,
    decode_xml,
    ends_inside,
    local_name,
    opening,
    parse_xml,
    ungzipped,
)

__all__ = ["Feed", "FeedItem", "parse_feed", "looks_like_feed"]

_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Link relations that never name the entry's article: the API's own URL, media, comments, other pages.
_NOT_THE_ARTICLE = frozenset(
    ("self", "edit", "edit-media", "enclosure", "replies", "related", "via", "license")
)
_DATE_FIELDS = ("pubdate", "published", "issued", "date", "created", "updated", "modified")
_ITEM_OPEN = re.compile(r"<(?:[A-Za-z0-9_]+:)?(item|entry)(?=[\s>/]|\Z)", re.I)
# What closes an item: its own end tag or an ancestor's, even one cut short at the end of the document.
_ITEM_CLOSE = re.compile(r"</(?:[A-Za-z0-9_]+:)?(?:item|entry|channel|rss|feed|rdf)(?=[\s>]|\Z)", re.I)
_ITEM_BLOCK = re.compile(r"<((?:[A-Za-z0-9_]+:)?(?:item|entry))\b[^>]*>.*?</\1\s*>", re.I | re.S)


@dataclass
class FeedItem:
    url: str
    title: str = ""
    published: datetime | None = None
    dates: dict[str, str] = field(default_factory=dict)  # the feed's own fields, as written (pubDate, ...)
    guid: str = ""


@dataclass
class Feed:
    kind: str  # rss, rdf, atom, json, unknown
    title: str = ""
    items: list[FeedItem] = field(default_factory=list)
    recovered: bool = False  # items had to be read one by one
    date_style: DateStyle = field(default_factory=DateStyle)  # day or month first, by shape of slashed date


def looks_like_feed(body: bytes, content_type: str | None = None) -> bool:
    body = opening(body)
    if body is None:
        return False
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    ctype = (content_type or "").lower()
    if any(t in ctype for t in ("rss", "atom", "feed+json", "rdf")):
        return True
    if head.startswith(b"{") and b"jsonfeed.org" in body[:4096].lower():
        return True
    return any(marker in head for marker in (b"<rss", b"<feed", b"<rdf:rdf", b"<rdf "))


def parse_feed(
    body: bytes,
    url: str,
    content_type: str | None = None,
    tz: tzinfo | None = None,
    max_bytes: int = MAX_BYTES,
) -> Feed:
    """Every item of a feed; a document that is not a feed gives Feed(kind='unknown'). `tz`: the source's zone,
    for dates written without one. A gzip body (sent without Content-Encoding) is inflated, and raises TooLarge
    past `max_bytes`."""
    try:
        body = ungzipped(body, max_bytes)
    except (OSError, zlib.error):
        return Feed("unknown")  # gzip's magic number, then no gzip data
    stripped = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        return _dated(_json_feed(stripped, url), tz)
    text, _ = decode_xml(body, content_type)
    root = parse_xml(text)
    cut = ends_inside(text, _ITEM_OPEN, _ITEM_CLOSE)
    feed = _xml_feed(root, url, cut) if root is not None else Feed("unknown")
    expected = len(_ITEM_OPEN.findall(text)) - cut
    if len(feed.items) < expected:
        # Recovery lost items (an unclosed tag swallows what follows): read each item on its own.
        feed = _item_by_item(text, url, feed)
    return _dated(feed, tz)


def _dated(feed: Feed, tz: tzinfo | None) -> Feed:
    """Each item's publication date, read in the date order of the whole feed."""
    feed.date_style = infer_order((raw, item.url) for item in feed.items for raw in item.dates.values())
    for item in feed.items:
        item.published = None
        for key in sorted(item.dates, key=_date_rank):
            raw = item.dates[key]
            item.published = parse_date(raw, tz or UTC, feed.date_style.order(raw))
            if item.published is not None:
                break
    return feed


def _xml_feed(root, url: str, cut: bool) -> Feed:
    """The feed's items; `cut`: the document ends inside its last item, which is left out (its URL may be cut)."""
    name = local_name(root)
    kind = {"rss": "rss", "rdf": "rdf", "feed": "atom"}.get(name, "unknown")
    base = root.get(_XML_BASE) or url
    channel = next((c for c in root if local_name(c) == "channel"), None)
    feed = Feed(kind, title=_title(_child(channel if channel is not None else root, "title")))
    language = _text(_child(channel, "language"))
    items = [el for el in root.iter() if local_name(el) in ("item", "entry") and el is not root]
    if cut and items:
        items.pop()
    seen: set[str] = set()
    for element in items:
        item = _xml_item(element, _base_of(element, base), _language_of(element, language))
        if item is not None and item.url not in seen:
            seen.add(item.url)
            feed.items.append(item)
    return feed


def _item_by_item(text: str, url: str, feed: Feed) -> Feed:
    out = Feed(feed.kind if feed.kind != "unknown" else _guess_kind(text), feed.title, recovered=True)
    seen: set[str] = set()
    for match in _ITEM_BLOCK.finditer(text):
        element = parse_xml(match.group(0))
        if element is None:
            continue
        item = _xml_item(element, url, _language_of(element))
        if item is not None and item.url not in seen:
            seen.add(item.url)
            out.items.append(item)
    # Keep anything the whole-document pass found that the block pass did not (self-closed oddities).
    for item in feed.items:
        if item.url not in seen:
            seen.add(item.url)
            out.items.append(item)
    return out


def _guess_kind(text: str) -> str:
    head = text[:4096].lower()
    if "<feed" in head:
        return "atom"
    if "<rdf:rdf" in head:
        return "rdf"
    return "rss" if "<rss" in head or "<item" in head else "unknown"


def _xml_item(element, base: str, language: str = "") -> FeedItem | None:
    """An item or entry, if it names a URL; `language`: the feed's, to choose among links in several languages."""
    link = ""
    title = ""
    guid = ""
    enclosure = ""
    origlink = ""
    dates: dict[str, str] = {}
    for child in element:
        name = local_name(child)
        if name == "link" and child.get("href") is None:
            link = link or _text(child)
        elif name == "title" and not title:
            title = _title(child)
        elif name in ("guid", "id") and not guid:
            guid = _text(child)
            if name == "guid" and (child.get("isPermaLink") or "true").lower() == "false":
                guid = ""  # an opaque id, not a URL
        elif name in _DATE_FIELDS:
            # Some CMSs wrap the date in HTML: <pubDate><time datetime="...">Fri, 05/03/2019 - 15:21</time>
            stamp = next((d.get("datetime") for d in child.iter() if d.get("datetime")), None)
            dates.setdefault(_date_key(child), stamp or _text(child))
        elif name == "enclosure" and child.get("url"):
            enclosure = enclosure or child.get("url", "").strip()
        elif name == "origlink" and _text(child):
            origlink = _text(child)  # FeedBurner's original article URL beats its redirector
    link = origlink or _href_link(element, link, language)
    about = element.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
    # A podcast-style item may have nothing but its enclosure; it is kept (the spider skips media files).
    candidate = link or (guid if re.match(r"https?://", guid) else "") or (about or "") or enclosure
    # An entry whose only link is `self` (its URL in the feed's API) is still an entry; that URL is all it names.
    candidate = candidate or _self_link(element)
    if not candidate:
        return None
    return FeedItem(urljoin(base, candidate.strip()), title, None, dates, guid)


def _href_link(element, text_link: str, language: str) -> str:
    """The article's URL among an entry's `<link href>`s: the first alternate (Atom's default rel) that is a web
    page, in the feed's language when there are several; else RSS's `<link>` text; else an alternate of another
    type (a PDF); else a link of no known rel. Never `self`/`edit` (the feed API's URL for the entry), an
    enclosure, comments, or another page (an entry with only `self` falls back to it in _xml_item)."""
    links = [link for link in element if local_name(link) == "link" and (link.get("href") or "").strip()]
    alternates = [link for link in links if (link.get("rel") or "alternate").strip().lower() == "alternate"]
    pages = [link for link in alternates if _is_page_type(link.get("type"))]
    in_language = [link for link in pages if _same_language(link.get("hreflang"), language)]
    others = [link for link in links if (link.get("rel") or "").strip().lower() not in _NOT_THE_ARTICLE]
    for choice in (in_language, pages):
        if choice:
            return choice[0].get("href").strip()
    if text_link:
        return text_link
    return next((link.get("href").strip() for link in alternates + others), "")


def _self_link(element) -> str:
    """The entry's `rel="self"` URL, if it has one."""
    links = (link for link in element if local_name(link) == "link" and (link.get("href") or "").strip())
    return next((link.get("href").strip() for link in links if link.get("rel", "").lower() == "self"), "")


def _is_page_type(media_type: str | None) -> bool:
    """Whether a link's `type` names a web page (no type: the usual article link)."""
    kind = (media_type or "").split(";", 1)[0].strip().lower()
    return kind in ("", "text/html", "application/xhtml+xml")


def _same_language(hreflang: str | None, language: str) -> bool:
    """`en-US` is `en`; a feed with no language, or a link with none, matches nothing in particular."""
    if not hreflang or not language:
        return False
    return hreflang.split("-")[0].strip().lower() == language.split("-")[0].strip().lower()


def _language_of(element, default: str = "") -> str:
    """The language an item is written in: `xml:lang` on it or an ancestor (Atom), else `default` (RSS's
    channel `<language>`)."""
    for node in (element, *element.iterancestors()):
        if node.get(_XML_LANG):
            return node.get(_XML_LANG)
    return default


def _date_key(element) -> str:
    """`pubDate`, `dc:date`, `published`, ... as the feed names them (prefix kept for Dublin Core)."""
    tag = element.tag if isinstance(element.tag, str) else ""
    local = tag.rsplit("}", 1)[-1]
    if tag.startswith("{http://purl.org/dc/"):
        return f"dc:{local}"
    return local


def _date_rank(key: str) -> int:
    order = (
        "pubDate",
        "published",
        "date_published",
        "dc:date",
        "issued",
        "dc:issued",
        "dc:created",
        "created",
    )
    order += ("updated", "date_modified")
    return order.index(key) if key in order else len(order)


def _json_feed(body: bytes, url: str) -> Feed:
    try:
        data = json.loads(body.decode("utf-8-sig", "replace"))
    except ValueError:
        return Feed("unknown")
    if not isinstance(data, dict):
        return Feed("unknown")
    feed = Feed("json", title=str(data.get("title") or ""))
    base = data.get("home_page_url") or url
    seen: set[str] = set()
    for entry in data.get("items") or []:
        if not isinstance(entry, dict):
            continue
        ident = str(entry.get("id") or "")
        link = entry.get("url") or entry.get("external_url") or (ident if ident.startswith("http") else "")
        if not link:
            continue
        dates = {k: str(entry[k]) for k in ("date_published", "date_modified") if entry.get(k)}
        absolute = urljoin(base, str(link).strip())
        if absolute in seen:
            continue
        seen.add(absolute)
        feed.items.append(FeedItem(absolute, str(entry.get("title") or ""), None, dates, ident))
    return feed


def _base_of(element, default: str) -> str:
    chain = []
    node = element
    while node is not None:
        value = node.get(_XML_BASE)
        if value:
            chain.append(value)
        node = node.getparent()
    base = default
    for value in reversed(chain):
        base = urljoin(base, value)
    return base


def _child(element, name: str):
    if element is None:
        return None
    return next((c for c in element if local_name(c) == name), None)


def _title(element) -> str:
    """A title in composed form (NFC): windows-1258 Vietnamese decodes to base letters plus combining tone marks,
    which look the same but compare, search and deduplicate differently."""
    return unicodedata.normalize("NFC", _text(element))


def _text(element) -> str:
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())
