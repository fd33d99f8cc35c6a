"""An HTTP response's payload as stored in a WARC record, decoded to the body a browser saw: chunked transfer
coding removed, then the Content-Encoding undone. Used wherever archived pages are read again (extraction,
import) and by the probe for what it fetches."""

from __future__ import annotations

import zlib

__all__ = ["decode_body", "dechunk"]


def decode_body(payload: bytes, content_encoding: str, transfer_encoding: str = "") -> bytes:
    """The entity body as a browser saw it: chunked transfer coding removed (other tools store it; ours never
    does), then its Content-Encoding undone (gzip, deflate, br where available)."""
    if "chunked" in (transfer_encoding or "").lower():
        payload = dechunk(payload)
    encodings = [e.strip().lower() for e in (content_encoding or "").split(",") if e.strip()]
    for encoding in reversed(encodings):
        if encoding in ("gzip", "x-gzip"):
            payload = zlib.decompressobj(zlib.MAX_WBITS | 32).decompress(payload)
        elif encoding == "deflate":
            try:
                payload = zlib.decompress(payload)
            except zlib.error:  # servers often send raw deflate without the zlib header
                payload = zlib.decompress(payload, -zlib.MAX_WBITS)
        elif encoding == "br":
            import brotli

            payload = brotli.decompress(payload)
        elif encoding not in ("identity", ""):
            raise ValueError(f"unsupported Content-Encoding {encoding!r}")
    return payload


def dechunk(data: bytes) -> bytes:
    """The body of a chunked transfer coding; bytes that are not chunked as they claim are returned as they
    are (warcio's rule: a server that lies about chunking sent the body plain)."""
    out = []
    pos = 0
    while pos < len(data):
        end = data.find(b"\r\n", pos)
        if end < 0:
            return data
        size_text = data[pos:end].split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            return data
        if size == 0:
            return b"".join(out)
        start = end + 2
        if start + size > len(data):
            out.append(data[start:])  # cut short: keep what arrived
            return b"".join(out)
        out.append(data[start : start + size])
        pos = start + size + 2
    return b"".join(out)
