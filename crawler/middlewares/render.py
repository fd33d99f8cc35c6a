"""Requests the spider marked for rendering (meta RENDER) go to headless Chromium through scrapy-playwright.

The browser's settings are added here, after the scheduler: a request waiting in the disk queue (JOBDIR) stays
picklable, carrying only the RENDER flag, and gets its page method and event handlers (a BrowserCapture) on
its way to the download handler."""

from __future__ import annotations

from scrapy.exceptions import NotConfigured
from scrapy.http import Request

from crawler.meta import RENDER, RENDER_CAPTURE
from crawler.render import BrowserCapture

__all__ = ["RenderRequests"]


class RenderRequests:
    def __init__(self, timeout: float):
        self.timeout = timeout

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS"):
            raise NotConfigured  # no source renders: scrapy-playwright is not even imported
        return cls(crawler.settings.getfloat("NEWSARCHIVE_RENDER_TIMEOUT"))

    def process_request(self, request: Request, spider=None):
        if not request.meta.get(RENDER) or request.meta.get("playwright"):
            return None
        from scrapy_playwright.page import PageMethod

        capture = BrowserCapture(request.url, self.timeout)
        request.meta.update(
            {
                "playwright": True,
                "playwright_page_goto_kwargs": {"wait_until": "domcontentloaded"},
                "playwright_page_methods": [PageMethod(capture.settle)],
                "playwright_page_event_handlers": {"requestfinished": capture.finished},
                RENDER_CAPTURE: capture,
            }
        )
        return None
