"""Character sets as the web labels them, and a guess when the bytes say nothing: shared by the page decoder
(archive.extract.encoding) and the feed and sitemap decoder (archive.discovery.xmltext).

Vietnamese legacy documents (windows-1258, with combining tone marks) decode to decomposed text; callers
normalise to NFC afterwards."""

from __future__ import annotations

import codecs

__all__ = ["python_codec", "detect", "valid_utf8"]

# WHATWG maps these labels to supersets; pages labelled latin-1 are in practice windows-1252.
_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1258": "cp1258",
    "x-user-defined": "cp1252",
    "utf8": "utf-8",
    "unicode": "utf-8",
}


def python_codec(label: str | None) -> str | None:
    """The Python codec for a charset label, or None when Python does not know it."""
    if not label:
        return None
    label = label.strip().lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def detect(data: bytes) -> str | None:
    """The codec the bytes are most likely in: utf-8 when they are valid utf-8, else charset_normalizer's
    guess (it tells windows-1258 Vietnamese from windows-1252); None when it has none."""
    if valid_utf8(data):
        return "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    return python_codec(best.encoding) if best is not None else None


def valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
