"""Pages fetched through headless Chromium (sources with `render = true`), by scrapy-playwright with Debian's
`chromium` (playwright's own browser download cannot work offline).

Every HTTP exchange the browser makes for a page (the HTML, its scripts, the JSON they load) is collected here
as a plain `Exchange` with the body as the browser received it, so that the recorder writes each as a response
record with its request; the Scrapy response (the rendered DOM) is kept as a `conversion` record referring to
the page's own response. A page whose scripts never settle is archived as far as it got
(`render_unsettled`)."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime

from archive.warc.records import Exchange
from crawler.meta import PAGE_KIND, RENDER

__all__ = [
    "BrowserCapture",
    "RenderUnavailable",
    "chromium_path",
    "configure_rendering",
    "mark_render",
    "playwright_settings",
]

log = logging.getLogger(__name__)

# Headers that described the bytes on the wire: the browser hands over the body decoded and unchunked
_WIRE_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


def chromium_path() -> str | None:
    """NEWSARCHIVE_CHROMIUM, else Debian's `chromium` on PATH."""
    return (
        os.environ.get("NEWSARCHIVE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


def playwright_settings(chromium: str, timeout: float) -> dict:
    """The scrapy-playwright settings for one browser per crawl; only requests marked for rendering use it."""
    handler = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
    return {
        "DOWNLOAD_HANDLERS": {"http": handler, "https": handler},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {
            "executable_path": chromium,
            "headless": True,
            "args": ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        },
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": 2,
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": int(timeout * 1000),
    }


# What a rendering source still fetches with Scrapy's own client: machine-read files, and what pages need
_NOT_RENDERED = ("robots", "sitemap", "feed", "requisite", "document")


class RenderUnavailable(RuntimeError):
    """A source asks for rendering and no Chromium is installed."""


def mark_render(meta: dict, source) -> None:
    """Mark a request of a `render = true` source for the browser (pages only: homepage, listings, articles)."""
    if source.render and meta.get(PAGE_KIND) not in _NOT_RENDERED:
        meta[RENDER] = True


def configure_rendering(sources, settings) -> None:
    """Sources with `render = true`: one headless Chromium for the crawl, through scrapy-playwright's download
    handler, set by the spider like the slots because only the sources say whether it is needed (the browser
    starts on the first rendered page; other requests keep Scrapy's own handler)."""
    rendering = [s.name for s in sources if s.render]
    if not rendering:
        return
    chromium = chromium_path()
    if chromium is None:
        raise RenderUnavailable(
            f"source {rendering[0]} has render = true, but Chromium is not installed: install Debian's "
            "`chromium` package (make chromium) or set NEWSARCHIVE_CHROMIUM to its path"
        )
    for key, value in playwright_settings(chromium, settings.getfloat("NEWSARCHIVE_RENDER_TIMEOUT")).items():
        settings.set(key, value, priority="spider")


@dataclass
class BrowserCapture:
    """What the browser fetched for one page, in the order the exchanges finished."""

    url: str
    timeout: float
    exchanges: list[tuple[str, Exchange]] = field(default_factory=list)  # (resource type, exchange)
    unsettled: bool = False
    _pending: set[asyncio.Task] = field(default_factory=set)

    def finished(self, request) -> None:
        """playwright's `requestfinished` event: fetch the response's body while the page is open."""
        task = asyncio.ensure_future(self._collect(request))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _collect(self, request) -> None:
        try:
            response = await request.response()
            if response is None:
                return
            status = response.status
            body = b"" if 300 <= status < 400 else await response.body()
            headers = [(k, v) for k, v in (await response.headers_array()) if k.lower() not in _WIRE_HEADERS]
            headers.append(("Content-Length", str(len(body))))
            request_headers = await request.headers_array()
        except Exception as exc:  # the page closed first, or a response without a body (a redirect)
            log.debug("render: %s not kept: %s", request.url, exc)
            return
        exchange = Exchange(
            url=request.url,
            status=status,
            reason=response.status_text or "",
            response_headers=headers,
            body=body,
            method=request.method,
            request_headers=[(k, v) for k, v in request_headers if not k.startswith(":")],
            request_body=request.post_data_buffer or b"",
            protocol="HTTP/1.1",
            date=datetime.now(UTC),
        )
        self.exchanges.append((request.resource_type, exchange))

    async def settle(self, page) -> None:
        """A page method: wait until the network is quiet (scripts have loaded what they load), at most
        `timeout` seconds, then for the bodies still being read."""
        try:
            await page.wait_for_load_state("networkidle", timeout=self.timeout * 1000)
        except Exception:  # playwright's TimeoutError: the page is archived as far as it got
            self.unsettled = True
        if self._pending:
            await asyncio.wait(set(self._pending), timeout=self.timeout)

    def main_document(self, url: str) -> Exchange | None:
        """The page's own response: the document exchange for its URL (after redirects, the last)."""
        documents = [ex for kind, ex in self.exchanges if kind == "document" and ex.status < 300]
        same = [ex for ex in documents if ex.url == url]
        return (same or documents or [None])[-1]
