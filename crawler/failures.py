"""What went wrong with a fetch that ended without a complete response, as a reason code of the `failures` table
(archive/catalog/failures.py lists them) and a detail in words.

The spider's errback classifies each failure and sends `fetch_failed`; the WARC recorder writes the failure's
metadata record and its catalog row. HTTP errors are not failures here: their response is a capture."""

from __future__ import annotations

import zlib
from gzip import BadGzipFile

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as tx
from twisted.python.failure import Failure
from twisted.web._newclient import ParseError, RequestNotSent, ResponseFailed

from crawler.meta import REFUSED

__all__ = ["classify", "fetch_failed"]

# Sent by the spider for each request that failed without a (complete) response: request, reason, detail.
fetch_failed = object()

_NETWORK = (
    (DownloadTimeoutError, "timeout"),
    (tx.TimeoutError, "timeout"),
    (CannotResolveHostError, "dns"),
    (tx.DNSLookupError, "dns"),
    (DownloadConnectionRefusedError, "connection_refused"),
    (tx.ConnectionRefusedError, "connection_refused"),
    (ResponseDataLossError, "truncated"),
    (tx.ConnectionLost, "connection_reset"),
    (tx.ConnectionDone, "connection_reset"),
    (tx.ConnectError, "connection_reset"),
    (RequestNotSent, "connection_reset"),
)


def classify(failure: Failure) -> tuple[str, str] | None:
    """(reason, detail) of an errback's failure, or None when it is no failure to record (an HTTP error, whose
    response was archived; a request a middleware skipped on purpose, such as one already archived)."""
    exc = failure.value
    if isinstance(exc, HttpError):
        return None
    if isinstance(exc, IgnoreRequest):
        return _refused(failure, exc)
    if isinstance(exc, DownloadCancelledError):
        text = str(exc)
        return ("size_limit", text) if "max" in text.lower() else ("timeout", text or "download cancelled")
    causes = _causes(exc)
    for cause in causes:
        if isinstance(cause, ParseError):
            return "invalid_response", f"not a valid HTTP response: {_words(cause)}"
    for cause in causes:
        for kind, reason in _NETWORK:
            if isinstance(cause, kind):
                return reason, _words(exc if cause is exc else cause)
    if isinstance(exc, BadGzipFile | zlib.error | EOFError):
        return "invalid_response", f"the body does not decode as its Content-Encoding says: {_words(exc)}"
    if isinstance(exc, DownloadFailedError | ResponseFailed):
        return "connection_reset", _words(exc)
    return "error", f"{type(exc).__name__}: {_words(exc)}"


def _refused(failure: Failure, exc: IgnoreRequest) -> tuple[str, str] | None:
    request = getattr(failure, "request", None)
    refused = request.meta.get(REFUSED) if request is not None else None
    text = str(exc)
    if refused:
        return refused, text
    if "max redirections" in text:  # RedirectMiddleware's words
        return "redirect_limit", text
    if "DOWNLOAD_MAXSIZE" in text:  # HttpCompressionMiddleware's: a decompression bomb
        return "size_limit", text
    return None  # skipped on purpose (already archived, offsite, ...)


def _causes(exc: BaseException) -> list[BaseException]:
    """EXC, what it wraps (__cause__), and the reasons of a Twisted ResponseFailed, outermost first."""
    found: list[BaseException] = []
    todo = [exc]
    while todo and len(found) < 20:
        item = todo.pop(0)
        if item is None or item in found:
            continue
        found.append(item)
        todo.append(item.__cause__)
        for reason in getattr(item, "reasons", None) or ():
            todo.append(reason.value if isinstance(reason, Failure) else reason)
    return found


def _words(exc: BaseException) -> str:
    text = str(exc).strip()
    if isinstance(exc, ResponseFailed | DownloadFailedError) or not text:
        inner = [c for c in _causes(exc)[1:] if str(c).strip()]
        text = "; ".join(f"{type(c).__name__}: {str(c).strip()}" for c in inner[:3]) or text
    return (text or type(exc).__name__)[:500]
