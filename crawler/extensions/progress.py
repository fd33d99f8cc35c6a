"""The crawl's progress: fetched, archived, articles, queued, errors, pages/s and WARC bytes.

On a terminal (a `crawler.console.ConsoleHandler` on the root logger whose stream is a TTY) one line is
redrawn every second; otherwise one log line (logger `newsarchive.progress`, INFO) is written every
NEWSARCHIVE_PROGRESS_INTERVAL seconds, as cron mails and CI logs want it. NEWSARCHIVE_PROGRESS_ENABLED=False
turns both off. It replaces Scrapy's once-a-minute LogStats line."""

from __future__ import annotations

import logging
import time
from collections import deque
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.console import PROGRESS_LOGGER, ConsoleHandler

__all__ = ["CrawlProgress", "progress_figures", "progress_text"]

logger = logging.getLogger(PROGRESS_LOGGER)
_LIVE_PERIOD = 1.0
_RATE_WINDOW = 10.0


def progress_figures(stats: dict[str, Any], queued: int | None) -> dict[str, Any]:
    """The figures of the progress line, from Scrapy's stats."""
    errors = 0
    for key, value in stats.items():
        if key.startswith("downloader/response_status_count/") and key.rsplit("/", 1)[1] >= "400":
            errors += value
        elif key.startswith("downloader/exception_type_count/") and not key.endswith("IgnoreRequest"):
            errors += value  # timeouts, resets, DNS; not requests robots.txt or a filter kept out
        elif key.startswith("extract/dropped/"):
            errors += value
    return {
        "fetched": stats.get("downloader/response_count", 0),
        "archived": stats.get("warc/response", 0) + stats.get("warc/revisit", 0),
        "articles": stats.get("extract/ok", 0),
        "queued": queued,
        "errors": errors,
        "warc_bytes": stats.get("warc/bytes", 0),
    }


def progress_text(figures: dict[str, Any], pages_per_s: float) -> str:
    queued = "?" if figures["queued"] is None else figures["queued"]
    return (
        f"{figures['fetched']} fetched, {figures['archived']} archived, {figures['articles']} articles, "
        f"{queued} queued, {figures['errors']} errors, {pages_per_s:.1f} pages/s, "
        f"{figures['warc_bytes']:,} WARC bytes"
    )


def _console() -> ConsoleHandler | None:
    for handler in logging.getLogger().handlers:
        if isinstance(handler, ConsoleHandler) and getattr(handler.stream, "isatty", lambda: False)():
            return handler
    return None


class CrawlProgress:
    def __init__(self, crawler, interval: float, console: ConsoleHandler | None):
        self.crawler = crawler
        self.interval = interval
        self.console = console
        self.task = None
        self._samples: deque[tuple[float, int]] = deque()

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("NEWSARCHIVE_PROGRESS_ENABLED"):
            raise NotConfigured
        interval = settings.getfloat("NEWSARCHIVE_PROGRESS_INTERVAL")
        console = _console()
        if console is None and interval <= 0:
            raise NotConfigured
        progress = cls(crawler, interval, console)
        crawler.signals.connect(progress.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(progress.spider_closed, signal=signals.spider_closed)
        return progress

    def spider_opened(self, spider) -> None:
        from twisted.internet import task

        self._samples = deque([(time.monotonic(), 0)])
        self.task = task.LoopingCall(self.tick)
        self.task.start(_LIVE_PERIOD if self.console else self.interval, now=False)

    def _queued(self) -> int | None:
        slot = getattr(self.crawler.engine, "_slot", None)
        scheduler = getattr(slot, "scheduler", None)
        try:
            return len(scheduler) + len(slot.inprogress) if scheduler is not None else None
        except TypeError:  # a scheduler that cannot count
            return None

    def line(self) -> str:
        figures = progress_figures(self.crawler.stats.get_stats(), self._queued())
        now = time.monotonic()
        self._samples.append((now, figures["fetched"]))
        while len(self._samples) > 2 and now - self._samples[1][0] >= _RATE_WINDOW:
            self._samples.popleft()  # the rate over the last ten seconds or so, not since the start
        then, fetched = self._samples[0]
        rate = (figures["fetched"] - fetched) / (now - then) if now > then else 0.0
        return progress_text(figures, rate)

    def tick(self) -> None:
        if self.console is not None:
            self.console.show(self.line())
        else:
            logger.info("progress: %s", self.line())

    def spider_closed(self, spider, reason) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        if self.console is not None:
            self.console.clear()
