"""Turn the bytes of a feed or sitemap into an lxml tree, whatever the server and the XML declaration claim.

Feeds lie about their encoding (UTF-16 declared, UTF-8 sent), put blank lines before the XML declaration, and
carry unescaped ampersands or unclosed tags. We decide the encoding ourselves (BOM, then a declaration that the
bytes can honour, then the HTTP charset, then UTF-8, then a guess from the bytes, then windows-1252), decode to
text, drop the declaration, make every `&` one libxml2 can read (its recovery would otherwise drop the
document's later `&amp;`s), and let lxml recover what it can.
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
import zlib
from html.entities import html5

from lxml import etree

from archive.charsets import detect

__all__ = [
    "decode_xml",
    "parse_xml",
    "escape_references",
    "ends_inside",
    "local_name",
    "gunzip_limited",
    "gunzip_head",
    "ungzipped",
    "GZIP_MAGIC",
    "MAX_BYTES",
    "opening",
    "TooLarge",
]

_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"'][^>]*\?>", re.I)
_DECLARATION_TEXT = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# What an `&` may not touch: CDATA (also one cut by the end of the document), comments, processing instructions
# and the DOCTYPE with its internal subset (entity values there are the DTD's business).
_VERBATIM = re.compile(
    r"<!\[CDATA\[.*?(?:\]\]>|\Z)|<!--.*?(?:-->|\Z)|<\?.*?(?:\?>|\Z)|<!DOCTYPE[^\[>]*(?:\[.*?\]\s*)?>",
    re.S | re.I,
)
# The five XML entities need no look (a sitemap has hundreds of thousands of `&amp;`).
_REFERENCE = re.compile(
    r"&(?!(?:amp|lt|gt|quot|apos);)(?:#([0-9]{1,8});|#[xX]([0-9a-fA-F]{1,8});|([^\W\d][\w.:-]*);)?"
)
_DECLARED_ENTITY = re.compile(r"<!ENTITY\s+([^\W\d][\w.:-]*)\s")
_FINAL_TAG = re.compile(r"</[^<>]*>\s*\Z")
_XML_ENTITIES = frozenset(("amp", "lt", "gt", "quot", "apos"))
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.I)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


GZIP_MAGIC = b"\x1f\x8b"
# What a feed or sitemap may inflate to: the sitemap protocol's own limit for one uncompressed sitemap, far past
# any real feed (gzip bombs stop here)
MAX_BYTES = 50 * 1024 * 1024


class TooLarge(ValueError):
    """A document bigger than the size guard allows."""


def ungzipped(body: bytes, max_bytes: int) -> bytes:
    """The body, inflated when it is gzip data (a `.xml.gz` sitemap, or a feed a server stored compressed and
    sends without Content-Encoding); raises TooLarge past `max_bytes`, OSError when it is not gzip after all."""
    return gunzip_limited(body, max_bytes) if body[:2] == GZIP_MAGIC else body


def gunzip_limited(body: bytes, max_bytes: int) -> bytes:
    """Decompress gzip bytes, refusing to inflate past `max_bytes` (gzip bombs). A file cut short gives what was
    inflated before the cut (the parser then leaves out the entry the cut fell in)."""
    data = gunzip_head(body, max_bytes + 1)
    if len(data) > max_bytes:
        raise TooLarge(f"more than {max_bytes} bytes once decompressed")
    return data


def opening(body: bytes, size: int = 4096) -> bytes | None:
    """The first `size` bytes of a body as its parser will read them, inflated when it is gzip data (a feed or
    sitemap stored compressed, sent without Content-Encoding); None when it starts like gzip and is not."""
    if body[:2] != GZIP_MAGIC:
        return body[:size]
    try:
        return gunzip_head(body, size)
    except (OSError, zlib.error):
        return None


def gunzip_head(body: bytes, size: int) -> bytes:
    """At most the first `size` bytes of gzip data once inflated (all of it, if shorter)."""
    chunks: list[bytes] = []
    read = 0
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
        try:
            while read < size and (chunk := stream.read1(size - read)):
                chunks.append(chunk)
                read += len(chunk)
        except EOFError:
            pass  # the end-of-stream marker never came: the download was cut
    return b"".join(chunks)


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
    candidates.append("utf-8")
    # Bytes that are not UTF-8, undeclared or declared as it: guessed as the page decoder guesses (a Vietnamese
    # legacy feed is windows-1258, which windows-1252 would turn into mojibake), windows-1252 as the last word.
    candidates += [detect(body) or "windows-1252", "windows-1252"]
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
    text = escape_references(text)
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


def escape_references(text: str) -> str:
    """XML text in which every `&` starts a reference libxml2 can read.

    One bare `&` (`?a=1&b=2`, `Q&A`) or undeclared entity (`&nbsp;`, `&ndash;` in government titles) puts libxml2's
    recovery out of step: it then drops every later `&amp;` and `&lt;` of the document, so `?m=5&amp;d=4` becomes
    `?m=5d=4`. A bare `&` is escaped, an HTML entity becomes the character reference it names, an unknown entity
    stays as the text it is, and CDATA, comments and the DOCTYPE are left as written."""
    if "&" not in text:
        return text
    declared = set(_XML_ENTITIES)
    out: list[str] = []
    start = 0
    for verbatim in _VERBATIM.finditer(text):
        out.append(_REFERENCE.sub(lambda m: _reference(m, declared), text[start : verbatim.start()]))
        out.append(verbatim.group(0))
        if verbatim.group(0)[:9].upper() == "<!DOCTYPE":
            declared.update(_DECLARED_ENTITY.findall(verbatim.group(0)))  # they come before any use
        start = verbatim.end()
    out.append(_REFERENCE.sub(lambda m: _reference(m, declared), text[start:]))
    return "".join(out)


def _reference(match: re.Match, declared: set[str]) -> str:
    """One `&...` as libxml2 can read it (see escape_references)."""
    decimal, hexadecimal, name = match.groups()
    if decimal or hexadecimal:
        code = int(decimal) if decimal else int(hexadecimal, 16)
        # A reference to a character XML forbids (`&#0;`, a lone surrogate) derails recovery like a bare `&`;
        # it goes, as the raw control characters do in parse_xml.
        return match.group(0) if _xml_char(code) else ""
    if name is None:
        return "&amp;"
    if name in declared:
        return match.group(0)
    characters = html5.get(name + ";")
    if characters is None:
        return "&amp;" + name + ";"
    return "".join(f"&#{ord(c)};" for c in characters)


def _xml_char(code: int) -> bool:
    """Whether XML 1.0 allows the character (its production `Char`)."""
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def ends_inside(text: str, opening: re.Pattern, closing: re.Pattern) -> bool:
    """Whether the document ends inside its last element that `opening` finds: no `closing` tag (the element's own
    or an ancestor's, even cut short) follows that element's start tag. A download cut short ends so, and
    libxml2's recovery closes the element for us: it would come out whole, with a cut URL in it."""
    final = _FINAL_TAG.search(text, max(0, len(text) - 200))
    if final and closing.match(text, final.start()):
        return False  # the common case, read from the tail alone: the document ends with such a closing tag
    last = None
    for match in opening.finditer(text):
        last = match
    if last is None:
        return False
    start_tag_end = text.find(">", last.start())
    if start_tag_end == -1:
        return True
    if text[start_tag_end - 1] == "/":
        return False  # <item/>: closed by its own start tag
    return closing.search(text, start_tag_end) is None


def local_name(element) -> str:
    """The tag without namespace or prefix (`{ns}title`, `dc:date` -> `title`, `date`)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()
