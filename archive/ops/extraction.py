"""Extraction for the catalog, the one job the crawl's workers, pending extraction, `reindex` and `import` run:
a response body decoded once (`decode_body`), extracted with its source's profile and discovery's hints, and
the text's fingerprints computed beside it (`extract_for_catalog`), in the worker process."""

from __future__ import annotations

import zlib
from typing import Any

from archive.catalog.textprep import PREPARED_KEY, prepare

__all__ = ["decode_body", "extract_for_catalog", "extract_job"]


def decode_body(payload: bytes, content_encoding: str) -> bytes:
    """The entity body with its Content-Encoding undone (gzip, deflate, br where available)."""
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


def extract_for_catalog(html: bytes, url: str, **kwargs: Any) -> dict[str, Any]:
    """archive.extract.core.extract() plus, for an article, prepare() of its text under PREPARED_KEY: the job
    the extraction workers run."""
    from archive.extract.core import extract  # imported in the workers: the catalog's process never needs it

    result = extract(html, url, **kwargs)
    if not result.get("reason"):
        result[PREPARED_KEY] = prepare(result.get("text"), result.get("title"))
    return result


def extract_job(job: tuple) -> dict[str, Any]:
    """extract_for_catalog() of (body, url, content_type, profile, hints); an exception becomes a reason, so that
    one bad page never stops a rebuild."""
    html, url, content_type, profile, hints = job
    try:
        return extract_for_catalog(html, url, content_type=content_type, profile=profile, hints=hints)
    except Exception as exc:
        return {"reason": f"parse_error: {type(exc).__name__}"}
