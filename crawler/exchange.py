"""Scrapy request/response pairs as plain `archive.warc.records.Exchange` values."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from scrapy.http import Request, Response

from archive.warc.records import Exchange

__all__ = ["exchange_from"]


def _text(value: bytes) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")


def _pairs(headers) -> list[tuple[str, str]]:
    return [(_text(name), _text(value)) for name, values in headers.items() for value in values]


def exchange_from(response: Response, request: Request) -> Exchange:
    """The exchange as it happened: raw (still content-encoded) body, headers as the server sent them."""
    latency = request.meta.get("download_latency") or 0.0
    sent = datetime.fromtimestamp(time.time() - latency, UTC)
    ip = getattr(response, "ip_address", None)
    return Exchange(
        url=response.url,
        status=response.status,
        response_headers=_pairs(response.headers),
        body=response.body,
        method=request.method,
        request_headers=_pairs(request.headers),
        request_body=request.body or b"",
        protocol=(getattr(response, "protocol", None) or "HTTP/1.1").upper(),
        ip_address=str(ip) if ip else "",
        date=sent,
    )
