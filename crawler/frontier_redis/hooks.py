"""Where a worker of a shared crawl plugs Redis into the components that otherwise ask only this process:
the incremental middlewares (what is archived already), the recorder (identical-payload revisits), robots.txt
rules and Retry-After. Each component exposes a hook set to None when it runs alone, so none of them imports
the frontier."""

from __future__ import annotations

from crawler.extensions.recorder import WarcRecorder
from crawler.frontier_redis.known import SharedLookup, retention_of
from crawler.frontier_redis.politeness import PolitenessGate, SharedRobots
from crawler.middlewares.incremental import IncrementalFilter, IncrementalMiddleware
from crawler.middlewares.politeness import RetryAfterMiddleware, RobotsRules

__all__ = ["connect_components"]


def connect_components(worker) -> None:
    crawler, server = worker.crawler, worker.server
    hold = crawler.settings.getfloat("DOWNLOAD_TIMEOUT") + 30  # a killed worker's place in a slot expires
    worker.gate = PolitenessGate(server, crawler, worker.name, hold, worker.lost)
    retention = retention_of(crawler.settings.get("NEWSARCHIVE_FRONTIER_KNOWN_FOR"))
    shared = None
    for middleware in (
        crawler.get_downloader_middleware(IncrementalMiddleware),
        getattr(crawler.get_spider_middleware(IncrementalFilter), "decider", None),
    ):
        if middleware is not None:
            middleware.lookup = shared = SharedLookup(server, middleware.lookup, worker.lost, retention)
    worker.lookup = shared or SharedLookup(server, None, worker.lost, retention)
    recorder = crawler.get_extension(WarcRecorder)
    if recorder is not None:
        local, lookup = recorder.original_of, worker.lookup
        recorder.original_of = lambda url, digest: local(url, digest) or lookup.original(url, digest)
    robots = crawler.get_downloader_middleware(RobotsRules)
    if robots is not None:
        robots.shared = SharedRobots(server, worker.keys, worker.lost)
    retry_after = crawler.get_downloader_middleware(RetryAfterMiddleware)
    if retry_after is not None:
        retry_after.shared_pause = worker.gate.pause
