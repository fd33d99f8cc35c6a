"""Bounded work per URL: a response larger than DOWNLOAD_MAXSIZE, or whose body is still arriving near its timeout,
is cut where it is and kept (the recorder writes it with `WARC-Truncated: length` or `time`), instead of being
dropped with everything received; and a page that timed out is not tried again in this run, so one slow URL holds
its host (one connection per source) for one page timeout, not three.

The spider gives pages (articles, links, requisites) NEWSARCHIVE_PAGE_TIMEOUT and entry points (robots.txt, the
homepage, sitemaps, feeds) DOWNLOAD_TIMEOUT; entry points are retried as usual, because everything else of the
source depends on them. Settings: DOWNLOAD_MAXSIZE, NEWSARCHIVE_PAGE_TIMEOUT, NEWSARCHIVE_SLOW_BODY."""

from __future__ import annotations

import time

from scrapy import signals
from scrapy.exceptions import DownloadTimeoutError, StopDownload
from scrapy.http import Request
from twisted.internet.error import TimeoutError as TxTimeoutError

from crawler.meta import BODY_RECEIVED, BODY_STARTED, ENTRY_POINT, TRUNCATED

__all__ = ["FetchBounds"]

# Twisted hands the body over in reads of at most this many bytes: stopping this far below the limit keeps
# Scrapy's own DOWNLOAD_MAXSIZE check (which drops everything) from firing on the same read.
_READ = 65536


class FetchBounds:
    def __init__(self, crawler, *, maxsize: int, timeout: float, slow_body: float):
        self.crawler = crawler
        self.stats = crawler.stats
        self.maxsize = maxsize
        self.timeout = timeout
        self.slow_body = slow_body

    @classmethod
    def from_crawler(cls, crawler) -> FetchBounds:
        settings = crawler.settings
        bounds = cls(
            crawler,
            maxsize=settings.getint("DOWNLOAD_MAXSIZE"),
            timeout=settings.getfloat("DOWNLOAD_TIMEOUT"),
            slow_body=settings.getfloat("NEWSARCHIVE_SLOW_BODY"),
        )
        crawler.signals.connect(bounds.headers_received, signal=signals.headers_received)
        crawler.signals.connect(bounds.bytes_received, signal=signals.bytes_received)
        return bounds

    def headers_received(self, headers, body_length: int, request: Request, spider=None) -> None:
        meta = request.meta
        meta[BODY_RECEIVED] = 0
        meta[BODY_STARTED] = time.monotonic() - (meta.get("download_latency") or 0.0)
        maxsize = meta.get("download_maxsize", self.maxsize)
        if maxsize and isinstance(body_length, int) and body_length > maxsize:
            # Scrapy would drop the response unread; its status and headers are kept, the body is not fetched
            self._cut(request, "length")

    def bytes_received(self, data: bytes, request: Request, spider=None) -> None:
        meta = request.meta
        received = meta.get(BODY_RECEIVED, 0) + len(data)
        meta[BODY_RECEIVED] = received
        maxsize = meta.get("download_maxsize", self.maxsize)
        if maxsize and received + _READ > maxsize:
            self._cut(request, "length")
        timeout = meta.get("download_timeout") or self.timeout
        started = meta.get(BODY_STARTED)
        if self.slow_body and started is not None and time.monotonic() - started > self.slow_body * timeout:
            self._cut(request, "time")

    def _cut(self, request: Request, why: str) -> None:
        request.meta[TRUNCATED] = why
        self.stats.inc_value(f"bounds/truncated/{why}")
        raise StopDownload(fail=False)  # the response so far goes on, flagged "download_stopped"

    def process_exception(self, request: Request, exception: Exception, spider=None) -> None:
        """Runs before RetryMiddleware sees the exception: a page that timed out is given up for this run."""
        if isinstance(exception, DownloadTimeoutError | TxTimeoutError) and not request.meta.get(ENTRY_POINT):
            request.meta["dont_retry"] = True
            self.stats.inc_value("bounds/timeout_not_retried")
