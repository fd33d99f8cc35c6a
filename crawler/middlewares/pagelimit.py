"""`crawl --max-pages N`: at most N downloads, redirect hops, robots.txt and page requisites included.

CLOSESPIDER_PAGECOUNT closes the spider once N responses have arrived, but every request already scheduled
or in flight is still downloaded and archived (--max-pages 5 archived 20 captures). This middleware counts the
requests that reach the downloader and refuses the ones past N (IgnoreRequest, counted in
`pagelimit/refused`), so the archive holds at most N captures of the run."""

from __future__ import annotations

import logging

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request

__all__ = ["PageLimit"]

log = logging.getLogger(__name__)


class PageLimit:
    def __init__(self, limit: int, stats=None):
        self.limit = limit
        self.sent = 0
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        limit = crawler.settings.getint("NEWSARCHIVE_MAX_PAGES")
        if limit <= 0:
            raise NotConfigured
        return cls(limit, crawler.stats)

    def process_request(self, request: Request, spider=None):
        if self.sent >= self.limit:
            if self.stats is not None:
                self.stats.inc_value("pagelimit/refused")
            raise IgnoreRequest(f"{request.url}: past the limit of {self.limit} downloads (--max-pages)")
        self.sent += 1
        return None
