"""Decode an HTML page to text: byte-order mark, HTTP header, `<meta>`, then detection (the browsers' order;
one exception: a utf-8 header that the bytes contradict gives way).

Vietnamese legacy pages (windows-1258, with combining tone marks) decode to decomposed text; callers normalise
to NFC afterwards. Labels and detection live in archive.charsets, shared with the feed and sitemap decoder."""

from __future__ import annotations

import codecs
import re

from archive.charsets import detect, python_codec, valid_utf8

__all__ = ["decode_html", "charset_from_content_type", "charset_from_meta"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.I)


def charset_from_content_type(content_type: str) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return python_codec(match.group(1)) if match else None


def charset_from_meta(html: bytes) -> str | None:
    head = html[:8192]
    match = _XML_DECL.search(head) or _META_CHARSET.search(head)
    if not match:
        return None
    codec = python_codec(match.group(1).decode("ascii", "ignore"))
    # A page that says utf-16 in its own ASCII-compatible bytes cannot be utf-16 (WHATWG rule).
    return "utf-8" if codec and codec.startswith("utf-16") else codec


def decode_html(html: bytes, content_type: str = "", hint: str = "") -> tuple[str, str]:
    """Return (text, codec used). Precedence: BOM, HTTP header, meta/XML declaration, detection, then `hint`
    (e.g. Scrapy's guess), then windows-1252. Undecodable bytes become U+FFFD rather than failing."""
    for bom, codec in _BOMS:
        if html.startswith(bom):
            return html[len(bom) :].decode(codec, "replace"), codec
    header = charset_from_content_type(content_type)
    if header == "utf-8" and not valid_utf8(html):
        # a server default that lies (legacy CMS pages behind a utf-8 web server): the page's own
        # declaration, else detection, knows better than a header the bytes contradict
        header = None
    codec = header or charset_from_meta(html) or detect(html) or python_codec(hint) or "cp1252"
    return html.decode(codec, "replace"), codec
