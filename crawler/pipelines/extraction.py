"""The extraction pipeline: article pages are extracted in a process pool, off the reactor, so that fetching and
extraction use both cores; results are stored from the reactor thread (the catalog has one writer).

The workers run archive.ops.extraction.extract_for_catalog: the extraction, the catalog's text fingerprints and the
page's requisites (images, stylesheets), which this pipeline then asks the spider to request.

Per article page: `articles`/`images` rows (ArticleStore), a WARC `conversion` record with the text, the capture's
`extract_status` ("ok" or the reason), and the stats `extract/ok` or `extract/dropped/<reason>`.
Article pages an earlier run archived but never extracted go through it too (crawler.pipelines.pending).
Settings: EXTRACT_ENABLED, EXTRACT_WORKERS, EXTRACT_PENDING, EXTRACT_MAX_BYTES (larger pages: `too_large`)."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured

from archive.catalog.articles import ArticleStore
from archive.dates import utc_now_iso
from archive.extract.core import EXTRACTOR_VERSION
from archive.extract.requisites import page_requisites
from archive.ops.extraction import extract_for_catalog, over_limit, store_extraction
from archive.processes import guard_parent, parent_token
from archive.sources import ExtractProfile
from crawler.extensions.recorder import WarcRecorder
from crawler.items import ArticlePage
from crawler.pipelines.pending import extract_all, pending_pages

__all__ = ["ExtractionPipeline"]

log = logging.getLogger(__name__)


def _warm_up(parent: tuple[int, str]) -> None:
    """Each worker: leave Ctrl-C to the crawl (which then shuts the pool down cleanly; a worker killed by the
    terminal's SIGINT would break the pool mid-page), exit if the crawl is killed outright, and build
    trafilatura's options before the first page."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    guard_parent(parent)
    from archive.extract.core import _options

    _options()


class ExtractionPipeline:
    def __init__(self, crawler, *, workers: int, pending: bool = True, max_bytes: int = 0):
        self.crawler = crawler
        self.max_bytes = max_bytes
        self.stats = crawler.stats
        self.workers = max(1, workers)
        self.pending = pending
        self.catching_up: asyncio.Task | None = None
        self.pool: ProcessPoolExecutor | None = None
        self.profiles: dict[str, ExtractProfile] = {}
        self.store: ArticleStore | None = None

    @classmethod
    def from_crawler(cls, crawler) -> ExtractionPipeline:
        settings = crawler.settings
        if not settings.getbool("EXTRACT_ENABLED"):
            raise NotConfigured
        pipeline = cls(
            crawler,
            workers=settings.getint("EXTRACT_WORKERS"),
            pending=settings.getbool("EXTRACT_PENDING"),
            max_bytes=settings.getint("EXTRACT_MAX_BYTES"),
        )
        if pipeline.pending:
            # after the recorder's handler: the catalog is open and files a killed run left are recovered
            crawler.signals.connect(pipeline.spider_opened, signal=signals.spider_opened)
            crawler.signals.connect(pipeline.spider_idle, signal=signals.spider_idle)
        return pipeline

    def open_spider(self) -> None:
        spider = self.crawler.spider
        self.profiles = {s.name: s.extract for s in getattr(spider, "sources", [])}
        self.pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        # forkserver: workers do not inherit the reactor's threads, sockets and SQLite connection (fork would),
        # and unlike spawn they never re-run the command's __main__
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(
            [
                "archive.extract.core",
                "archive.extract.document",
                "archive.ops.extraction",
                "archive.processes",
            ]
        )
        return ProcessPoolExecutor(
            self.workers, mp_context=context, initializer=_warm_up, initargs=(parent_token(),)
        )

    def spider_opened(self) -> None:
        recorder = self._recorder()
        if recorder is not None and recorder.catalog is not None:
            self.catching_up = asyncio.ensure_future(self._catch_up(recorder))

    def spider_idle(self) -> None:
        if self.catching_up is not None and not self.catching_up.done():
            raise DontCloseSpider  # the crawl has nothing left to fetch, but earlier pages are being extracted

    async def _catch_up(self, recorder) -> None:
        catalog = recorder.catalog

        def unreadable(capture_id: int, reason: str) -> None:
            self.stats.inc_value(f"extract/pending/{reason}")
            catalog.update_capture(capture_id, extract_status=reason)

        pages = pending_pages(catalog.conn, recorder.data_dir, recorder.crawl_id, unreadable)
        done = await extract_all(pages, self._pending_one, parallel=2 * self.workers)
        if done:
            log.info("extracted %d article pages archived by earlier runs", done)

    async def _pending_one(self, page: ArticlePage) -> None:
        self.stats.inc_value("extract/pending")
        await self.process_item(page)

    def close_spider(self) -> None:
        if self.catching_up is not None:
            self.catching_up.cancel()  # what is left stays pending for the next run
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticlePage):
            return item
        if item.rejected or over_limit(item.body, self.max_bytes):
            # archived, not extracted: extraction would hold ~40 times the page in memory (EXTRACT_MAX_BYTES)
            item.body = b""
            self._store(
                item, {"url": item.url, "reason": item.rejected or "too_large", "text": "", "images": []}
            )
            return item
        if not item.body:
            # a 304 revisit carries no body: the article is unchanged, nothing to extract
            self.stats.inc_value("extract/skipped/empty")
            if item.record_type == "response":  # an empty 200: as re-extraction judges it, not left pending
                self._store(item, {"url": item.url, "reason": "not_html", "text": "", "images": []})
            return item
        html, item.body = item.body, b""  # the HTML stops here: items further on stay small
        result = await self._extract(item, html)
        if item.requisites_limit:
            self._follow_requisites(item, html, result.pop("requisites", None))
        self._store(item, result)
        return item

    def _follow_requisites(self, item: ArticlePage, html: bytes, urls: list[str] | None) -> None:
        """Schedule the page's images and stylesheets, as the worker listed them (or, when the worker failed,
        as a parse here finds them)."""
        if urls is None:
            text = html.decode(item.encoding or "utf-8", "replace")
            urls = page_requisites(text, item.url, limit=item.requisites_limit)
        spider, engine = self.crawler.spider, self.crawler.engine
        for request in spider.requisite_requests(item.url, item.source, urls, item.depth):
            try:
                engine.crawl(request)
            except (RuntimeError, AttributeError):  # the crawl is closing (SIGTERM): the page is archived
                log.debug("crawl closing: requisites of %s not requested", item.url)
                return

    async def _extract(self, item: ArticlePage, html: bytes) -> dict[str, Any]:
        kwargs = {
            "content_type": item.content_type,
            "encoding": item.encoding,
            "profile": self.profiles.get(item.source),
            "hints": item.discovery,
            "requisites_limit": item.requisites_limit,
        }
        for attempt in (1, 2):
            if self.pool is None:
                self.pool = self._new_pool()
            try:
                future = self.pool.submit(extract_for_catalog, html, item.url, **kwargs)
                return await asyncio.wrap_future(future)
            except BrokenProcessPool:
                # a worker died (out of memory, a crash in lxml): start a new pool and try once more
                log.warning("extraction worker died on %s (attempt %d)", item.url, attempt)
                self.pool.shutdown(wait=False, cancel_futures=True)
                self.pool = None
            except Exception:
                log.exception("extraction failed on %s", item.url)
                break
        return {"url": item.url, "reason": "parse_error", "text": "", "images": []}

    def _store(self, item: ArticlePage, result: dict[str, Any]) -> None:
        reason = (result.get("reason") or "").split(":")[0]
        if reason:
            self.stats.inc_value(f"extract/dropped/{reason}")
            log.debug("no article in %s: %s", item.url, reason)
        else:
            self.stats.inc_value("extract/ok")
            self.stats.inc_value("extract/images", len(result.get("images") or []))
        recorder = self._recorder()
        if recorder is None or recorder.catalog is None:
            return
        catalog = recorder.catalog
        if self.store is None or self.store.db is not catalog.db:
            self.store = ArticleStore(catalog.db, extractor_version=EXTRACTOR_VERSION)
        if recorder.stopped:
            return  # the disk is full: the page stays pending for the next run
        try:
            store_extraction(
                catalog,
                self.store,
                capture_id=item.capture_id,
                source=item.source,
                url=item.url,
                fetched_at=item.fetched_at or utc_now_iso(),
                result=result,
            )
        except Exception as exc:
            if not recorder.stop_for(exc):
                raise
            return
        if not reason and item.warc_record_id:
            recorder.write_conversion(item.url, item.warc_record_id, result["text"])

    def _recorder(self) -> WarcRecorder | None:
        if not self.crawler.settings.getbool("WARC_ENABLED"):
            return None
        return self.crawler.get_extension(WarcRecorder)
