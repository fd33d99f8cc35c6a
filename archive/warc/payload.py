"""An HTTP response's payload as stored in a WARC record, decoded to the body a browser saw: chunked transfer
coding removed, then the Content-Encoding undone. Used wherever archived pages are read again (extraction,
import) and by the probe for what it fetches."""

from __future__ import annotations

import zlib

__all__ = ["MAX_BODY", "BodyTooLarge", "decode_body", "dechunk", "inflate"]

MAX_BODY = 64 << 20  # a decoded body stops here (a decompression bomb); the crawl's DOWNLOAD_MAXSIZE


class BodyTooLarge(ValueError):
    """A body that decodes to more than the limit allows."""


def decode_body(
    payload: bytes, content_encoding: str, transfer_encoding: str = "", max_bytes: int = MAX_BODY
) -> bytes:
    """The entity body as a browser saw it: chunked transfer coding removed (other tools store it; ours never
    does), then its Content-Encoding undone (gzip, deflate, br where available), never past MAX_BYTES
    (BodyTooLarge)."""
    if "chunked" in (transfer_encoding or "").lower():
        payload = dechunk(payload)
    encodings = [e.strip().lower() for e in (content_encoding or "").split(",") if e.strip()]
    for encoding in reversed(encodings):
        if encoding in ("gzip", "x-gzip"):
            payload = inflate(payload, zlib.MAX_WBITS | 32, max_bytes)
        elif encoding == "deflate":
            try:
                payload = inflate(payload, zlib.MAX_WBITS, max_bytes)
            except zlib.error:  # servers often send raw deflate without the zlib header
                payload = inflate(payload, -zlib.MAX_WBITS, max_bytes)
        elif encoding == "br":
            import brotli

            payload = _unbrotli(brotli, payload, max_bytes)
        elif encoding not in ("identity", ""):
            raise ValueError(f"unsupported Content-Encoding {encoding!r}")
    return payload


def inflate(data: bytes, wbits: int, max_bytes: int = MAX_BODY) -> bytes:
    """zlib/gzip/raw deflate data decompressed (one stream, as much as arrived), refusing to pass MAX_BYTES."""
    decomp = zlib.decompressobj(wbits)
    out = decomp.decompress(data, max_bytes + 1)
    if len(out) > max_bytes:
        raise BodyTooLarge(f"the body decodes to more than {max_bytes} bytes")
    return out


def _unbrotli(brotli, data: bytes, max_bytes: int) -> bytes:
    decoder = brotli.Decompressor()
    if hasattr(decoder, "can_accept_more_data"):  # brotli >= 1.2: output limited as it is made
        out = decoder.process(data, output_buffer_limit=max_bytes + 1)
    else:
        out = decoder.process(data)
    if len(out) > max_bytes:
        raise BodyTooLarge(f"the body decodes to more than {max_bytes} bytes")
    return out


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
