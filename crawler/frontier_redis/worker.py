"""One worker of a crawl shared over Redis: its registration and heartbeat, its leases, the idle exit, and
what it does when Redis goes away.

- Every second the worker writes its heartbeat (Redis's clock), acks the requests its engine has finished
  with, puts back in the queue what workers silent for NEWSARCHIVE_FRONTIER_LEASE seconds held (killed
  ones), and publishes its figures for `newsarchive status --frontier`.
- The entry points are asked for once per crawl: by the first worker, or the first after a crawl ended.
- It exits by itself once the queue has been empty, with nothing in flight in any worker, for
  NEWSARCHIVE_FRONTIER_IDLE seconds; the last worker out clears the crawl's queue and seen-set.
- Redis unreachable mid-crawl: the spider is closed with the reason `frontier_lost` (WARC files closed, the
  catalog finished as after any stop) and `newsarchive crawl` exits 1 saying so.

Settings: NEWSARCHIVE_FRONTIER, NEWSARCHIVE_FRONTIER_WORKER, NEWSARCHIVE_FRONTIER_IDLE,
NEWSARCHIVE_FRONTIER_LEASE."""

from __future__ import annotations

import json
import logging
import time

from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.utils.asyncio import create_looping_call

from crawler.frontier_redis.connection import REDIS_ERRORS, FrontierKeys, connect
from crawler.frontier_redis.crawlstate import CrawlState
from crawler.frontier_redis.queue import LeasedQueue
from crawler.meta import FRONTIER_LEASE

__all__ = ["FrontierWorker", "LOST"]

log = logging.getLogger(__name__)

LOST = "frontier_lost"  # the finish reason when Redis went away
TICK = 1.0  # seconds between heartbeats
# seconds between two looks at the shared queue while this worker has room for more requests: Scrapy's engine
# looks (and runs its idle check) only when one of its own requests finishes, or at its 5 s heartbeat, which
# made the idle exit come up to 5 s after NEWSARCHIVE_FRONTIER_IDLE, and a worker that joined before the
# sitemaps were listed wait for its next heartbeat (1 s) to take work
WAKE = 0.25


class FrontierWorker:
    def __init__(self, crawler, server, url: str, keys: FrontierKeys, name: str, lease: float, idle: float):
        self.crawler = crawler
        self.server = server
        self.url = url
        self.keys = keys
        self.name = name
        self.idle = idle
        self.state = CrawlState(server, keys, name, lease)
        self.queue: LeasedQueue | None = None  # set by the scheduler when it opens
        self.gate = None
        self.lookup = None
        self.leases: dict[int, Request] = {}  # lease -> the request this worker's engine holds
        self.gone: BaseException | None = None  # Redis was lost
        self.taking = True
        self.idle_since: float | None = None
        self.seeded = False
        self._loop = None
        self._wake = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        url = settings.get("NEWSARCHIVE_FRONTIER")
        if not url:
            raise NotConfigured
        server = connect(url)  # the command checked it already: this fails only on a race
        spider = crawler.spider
        names = [s.name for s in getattr(spider, "sources", [])]
        worker = cls(
            crawler,
            server,
            url,
            FrontierKeys.for_sources(names, getattr(spider, "since", None), getattr(spider, "until", None)),
            settings.get("NEWSARCHIVE_FRONTIER_WORKER"),
            settings.getfloat("NEWSARCHIVE_FRONTIER_LEASE"),
            settings.getfloat("NEWSARCHIVE_FRONTIER_IDLE"),
        )
        crawler.signals.connect(worker.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(worker.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(worker.spider_closed, signal=signals.spider_closed)
        from crawler.extensions.recorder import capture_recorded

        crawler.signals.connect(worker.capture_recorded, signal=capture_recorded)
        return worker

    # -- lifecycle -------------------------------------------------------------------------------------
    def spider_opened(self, spider) -> None:
        from crawler.frontier_redis.hooks import connect_components

        try:
            taken = self.state.register()
        except REDIS_ERRORS as exc:
            self.lost(exc)
            return
        if taken:
            log.warning("worker %s restarted: %d requests it held are queued again", self.name, taken)
        connect_components(self)
        log.info("worker %s of the shared crawl %s at %s", self.name, self.keys.crawl, self.url)
        self._loop = create_looping_call(self.tick)
        self._loop.start(TICK, now=False)
        self._wake = create_looping_call(self.wake)
        self._wake.start(WAKE, now=False)

    def spider_closed(self, spider, reason: str) -> None:
        for loop in (self._loop, self._wake):
            if loop is not None and loop.running:
                loop.stop()
        if self.lookup is not None:
            self.lookup.close()
        if self.gone is not None:
            return
        try:
            returned = self.state.leave(finished=reason == "finished")
        except REDIS_ERRORS as exc:
            log.warning("could not leave the shared crawl cleanly: %s", exc)
            return
        if returned:
            log.info("%d requests this worker held are queued again for the others", returned)

    # -- entry points, once per crawl ------------------------------------------------------------------
    def claim_seed(self, spider) -> bool:
        """True for the one worker that asks for the entry points of this crawl."""
        try:
            self.seeded = self.state.claim_seed(spider.sources, json.dumps(self._crawl_params(spider)))
        except REDIS_ERRORS as exc:
            self.lost(exc)
            return False
        log.info("%s the shared crawl", "starting" if self.seeded else "joining")
        return self.seeded

    def _crawl_params(self, spider) -> dict:
        return {
            "sources": [s.name for s in spider.sources],
            "since": str(spider.since or ""),
            "until": str(spider.until or ""),
            "started_by": self.name,
            "started_at": time.time(),
        }

    def source_states(self, spider) -> dict:
        from urllib.parse import urljoin

        from crawler.frontier_redis.discovery import SharedSourceState

        return {
            s.name: SharedSourceState(
                self.server,
                self.keys,
                s.name,
                spider,
                {s.homepage, urljoin(s.homepage, "/robots.txt")},
                self.lost,
            )
            for s in spider.sources
        }

    # -- leases ----------------------------------------------------------------------------------------
    def leased(self, request: Request) -> None:
        self.leases[request.meta[FRONTIER_LEASE]] = request

    def handed_over(self, lease: int) -> None:
        self.leases.pop(lease, None)

    def done(self, lease: int) -> None:
        self.leases.pop(lease, None)
        try:
            self.queue.ack(lease)
        except REDIS_ERRORS as exc:
            self.lost(exc)

    def _ack_finished(self, everything: bool = False) -> None:
        """Ack the leases of requests the engine no longer holds (downloaded, called back, output queued)."""
        engine = self.crawler.engine
        # Scrapy keeps the requests it is working on in its engine slot; no public API says when one is done
        slot = getattr(engine, "_slot", None) if engine is not None else None
        inprogress = getattr(slot, "inprogress", None)
        for lease, request in list(self.leases.items()):
            if everything or inprogress is None or request not in inprogress:
                self.done(lease)

    # -- the heartbeat ---------------------------------------------------------------------------------
    def tick(self) -> None:
        if self.gone is not None:
            return
        try:
            self._ack_finished()
            for worker, returned in self.state.heartbeat(self._figures()):
                log.warning(
                    "worker %s stopped answering: %d requests it held are queued again", worker, returned
                )
        except REDIS_ERRORS as exc:
            self.lost(exc)

    def wake(self) -> None:
        """With room for more requests, let the engine look at the shared queue now (it pops what others
        queued) and, when nothing is left anywhere, run its idle check (spider_idle: the idle exit)."""
        engine = self.crawler.engine
        slot = getattr(engine, "_slot", None)
        if self.gone is None and slot is not None and engine.running and not engine.needs_backout():
            slot.nextcall.schedule()

    def _figures(self) -> dict:
        stats = self.crawler.stats.get_stats()
        errors = stats.get("downloader/exception_count", 0) + sum(
            v for k, v in stats.items() if k.startswith("downloader/response_status_count/") and k[-3] in "45"
        )
        return {
            "fetched": stats.get("response_received_count", 0),
            "errors": errors,
            "held": len(self.leases),
            "archived": stats.get("warc/response", 0) + stats.get("warc/revisit", 0),
        }

    # -- idle and exit ---------------------------------------------------------------------------------
    def globally_idle(self) -> bool:
        if self.gone is not None:
            return True
        try:
            return self.state.idle()
        except REDIS_ERRORS as exc:
            self.lost(exc)
            return True

    def spider_idle(self, spider) -> None:
        self._ack_finished(everything=True)  # the engine holds nothing now
        if self.gone is not None:
            return  # let it close
        if not self.globally_idle():
            self.idle_since = None
            raise DontCloseSpider
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
            log.info("the shared frontier is empty; exiting after %.0f s without work", self.idle)
        if now - self.idle_since < self.idle:
            raise DontCloseSpider

    def lost(self, exc: BaseException) -> None:
        """Redis went away: stop taking work and close the spider (once)."""
        if self.gone is not None:
            return
        self.gone = exc
        self.taking = False
        log.error("lost the frontier at %s: %s; stopping this worker", self.url, exc)
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            from scrapy.utils.defer import deferred_from_coro

            deferred_from_coro(engine.close_spider_async(reason=LOST))

    # -- shared incremental state ----------------------------------------------------------------------
    def capture_recorded(self, capture: dict) -> None:
        if self.lookup is not None and self.gone is None:
            self.lookup.record(capture)
