"""crawler.failures.classify: each way a fetch can fail gets its reason code; HTTP errors and requests skipped on
purpose are no failures (their response is a capture, or nothing was asked)."""

from __future__ import annotations

import gzip

import pytest
from scrapy import Request
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as tx
from twisted.python.failure import Failure
from twisted.web._newclient import ParseError, ResponseFailed, ResponseNeverReceived

from crawler.failures import classify
from crawler.meta import REFUSED


def failure_of(exc: BaseException, meta: dict | None = None) -> Failure:
    failure = Failure(exc)
    failure.request = Request("http://127.0.0.1/a", meta=meta or {})
    return failure


def wrapped(cause: BaseException) -> DownloadFailedError:
    outer = DownloadFailedError(str(cause))
    outer.__cause__ = ResponseFailed([Failure(cause)])
    return outer


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (DownloadTimeoutError("Getting http://x took longer than 15 seconds."), "timeout"),
        (tx.TimeoutError("user timeout"), "timeout"),
        (CannotResolveHostError("no such host"), "dns"),
        (tx.DNSLookupError("no such host"), "dns"),
        (DownloadConnectionRefusedError("refused"), "connection_refused"),
        (wrapped(tx.ConnectionLost("reset by peer")), "connection_reset"),
        (ResponseNeverReceived([Failure(tx.ConnectionDone())]), "connection_reset"),
        (wrapped(ParseError("non-integer status code", b"HTTP/1.1 abc")), "invalid_response"),
        (gzip.BadGzipFile("Not a gzipped file"), "invalid_response"),
        (
            DownloadCancelledError("Cancelling download: expected size (60000000) larger than max size"),
            "size_limit",
        ),
        (RuntimeError("something new"), "error"),
    ],
)
def test_network_failures_have_their_reason(exc, reason):
    found = classify(failure_of(exc))
    assert found is not None and found[0] == reason and found[1]


def test_refusals_and_limits_among_ignored_requests():
    assert classify(failure_of(IgnoreRequest("Forbidden by robots.txt"), {REFUSED: "robots"}))[0] == "robots"
    assert classify(failure_of(IgnoreRequest("max redirections reached")))[0] == "redirect_limit"
    bomb = IgnoreRequest(
        "Ignored response because its body exceeded DOWNLOAD_MAXSIZE (1 B) during decompression."
    )
    assert classify(failure_of(bomb))[0] == "size_limit"
    assert classify(failure_of(IgnoreRequest("already archived, no re-check due"))) is None


def test_http_errors_are_captures_not_failures():
    response = Response("http://127.0.0.1/a", status=404)
    assert classify(failure_of(HttpError(response, "Ignoring non-200 response"))) is None
