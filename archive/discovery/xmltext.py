"""Turn the bytes of a feed or sitemap into an lxml tree, whatever the server and the XML declaration claim.

Feeds lie about their encoding (UTF-16 declared, UTF-8 sent), put blank lines before the XML declaration, and
carry unescaped ampersands or unclosed tags. We decide the encoding ourselves (BOM, then a declaration that the
bytes can honour, then the HTTP charset, then UTF-8, then windows-1252), decode to text, drop the declaration,
and let lxml recover what it can.
"""

from __future__ import annotations

import codecs
import gzip
import io
import re

from lxml import etree

__all__ = ["decode_xml", "parse_xml", "local_name", "gunzip_limited", "TooLarge"]

_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"'][^>]*\?>", re.I)
_DECLARATION_TEXT = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.I)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class TooLarge(ValueError):
    """A document bigger than the size guard allows."""


def gunzip_limited(body: bytes, max_bytes: int) -> bytes:
    """Decompress gzip bytes (a `.xml.gz` sitemap), refusing to inflate past `max_bytes` (gzip bombs)."""
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TooLarge(f"more than {max_bytes} bytes once decompressed")
    return data


def decode_xml(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """(text, encoding used) for XML bytes."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(name, "replace"), name
    candidates: list[str] = []
    m = _DECLARATION.match(body)
    if m:
        declared = m.group(1).decode("ascii").lower()
        # A document that declares UTF-16/32 yet spells its own declaration in single bytes is not UTF-16.
        if not (declared.startswith(("utf-16", "utf16", "utf-32", "ucs")) and b"\x00" not in body[:200]):
            candidates.append(declared)
    elif body[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        candidates.append("utf-16-le" if body[0] == 0x3C else "utf-16-be")
    if content_type:
        m = _CHARSET.search(content_type)
        if m:
            candidates.append(m.group(1).lower())
    candidates += ["utf-8", "windows-1252"]
    for name in candidates:
        try:
            codecs.lookup(name)
            return body.decode(name), name
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("utf-8", "replace"), "utf-8"


def parse_xml(text: str) -> etree._Element | None:
    """The root element of XML text, recovering from errors; None when nothing could be read."""
    text = _DECLARATION_TEXT.sub("", text.lstrip("\ufeff \t\r\n"), count=1)
    # Control characters other than tab and newlines are not allowed in XML 1.0 and stop libxml2 cold.
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", text)
    parser = etree.XMLParser(
        recover=True,
        resolve_entities=False,  # no entity is expanded: neither files (XXE) nor nested ones (billion laughs)
        load_dtd=False,
        no_network=True,
        huge_tree=True,
        remove_comments=True,
    )
    try:
        return etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError:
        return None


def local_name(element) -> str:
    """The tag without namespace or prefix (`{ns}title`, `dc:date` -> `title`, `date`)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()
