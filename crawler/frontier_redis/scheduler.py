"""The scheduler of a worker of a shared crawl: scrapy-redis's, with leases, Scrapy's request fingerprints,
keys per crawl, and a Redis that goes away handled as a stop rather than a traceback.

Settings: the frontier's (crawler.frontier_redis.settings); SCHEDULER_PERSIST is not used: the queue and the
seen-set live as long as the crawl, and the last worker out clears them (crawler.frontier_redis.worker)."""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler

from crawler.frontier_redis.connection import REDIS_ERRORS
from crawler.frontier_redis.queue import LeasedQueue
from crawler.meta import FRONTIER_LEASE

__all__ = ["FrontierScheduler", "FrontierDupeFilter"]

log = logging.getLogger(__name__)


class FrontierDupeFilter(RFPDupeFilter):
    """scrapy-redis's dupefilter, fingerprinting as the crawl does (REQUEST_FINGERPRINTER: 20 raw bytes, not
    40 hex characters), keyed per crawl and kept until the crawl ends (not cleared by each worker)."""

    def __init__(self, server, key: str, fingerprinter, debug: bool = False):
        super().__init__(server, key, debug)
        self.fingerprinter = fingerprinter

    def request_fingerprint(self, request: Request) -> bytes:
        return self.fingerprinter.fingerprint(request)

    def close(self, reason: str = "") -> None:
        pass  # the crawl's last worker clears it


class FrontierScheduler(Scheduler):
    """Requests go to the crawl's Redis queue and come back leased to this worker."""

    def __init__(self, crawler, worker):
        keys = worker.keys
        dupefilter = FrontierDupeFilter(
            worker.server,
            keys.seen,
            crawler.request_fingerprinter,
            debug=crawler.settings.getbool("DUPEFILTER_DEBUG"),
        )
        super().__init__(worker.server, persist=True, queue_key=keys.queue, dupefilter=dupefilter)
        self.crawler = crawler
        self.worker = worker
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        from crawler.frontier_redis.worker import FrontierWorker

        worker = crawler.get_extension(FrontierWorker)
        if worker is None:
            raise RuntimeError("FrontierScheduler needs the FrontierWorker extension (NEWSARCHIVE_FRONTIER)")
        return cls(crawler, worker)

    def open(self, spider) -> None:
        self.spider = spider
        keys = self.worker.keys
        self.queue = LeasedQueue(
            self.server, spider, keys.queue, keys.inflight(self.worker.name), keys.seq, keys.stats
        )
        self.worker.queue = self.queue
        try:
            waiting = len(self.queue)
        except REDIS_ERRORS as exc:
            self.worker.lost(exc)
            return
        if waiting:
            log.info("joining a shared crawl: %d requests queued", waiting)

    def close(self, reason: str) -> None:
        pass  # the queue belongs to the crawl, not to this worker

    def __len__(self) -> int:
        if self.worker.gone:
            return 0
        try:
            return len(self.queue)
        except REDIS_ERRORS as exc:
            self.worker.lost(exc)
            return 0

    def enqueue_request(self, request: Request) -> bool:
        if self.worker.gone:
            return False
        lease = request.meta.get(FRONTIER_LEASE)
        try:
            if not request.dont_filter and self.df.request_seen(request):
                self.df.log(request, self.spider)
                if lease is not None:  # a redirect to a URL fetched already: the original is done
                    self.worker.done(lease)
                return False
            if lease is not None:
                self.queue.hand_over(request, lease)
                self.worker.handed_over(lease)
            else:
                self.queue.push(request)
        except REDIS_ERRORS as exc:
            self.worker.lost(exc)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        if self.worker.gone or not self.worker.taking:
            return None
        try:
            request = self.queue.pop()
        except REDIS_ERRORS as exc:
            self.worker.lost(exc)
            return None
        if request is not None:
            self.worker.leased(request)
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        return len(self) > 0
