"""Politeness across the workers of a shared crawl: a source's delay and concurrency hold for all of them
together, as do robots.txt and Retry-After.

Scrapy's download slots (delay, concurrency, AutoThrottle) are per process. Each worker keeps them, and
before a request goes out it also takes the slot's turn in Redis: the slot's next start time and the
requests in flight from every worker, checked and taken in one Lua script against Redis's clock (so the
workers' clocks never matter). The turn is taken in the download handler, after the local slot has waited,
so the moment it is granted is the moment the request is sent. A worker killed mid-download holds its
place for DOWNLOAD_TIMEOUT at most. robots.txt, fetched once per crawl by one worker, is shared through
Redis too (crawler.middlewares.politeness.RobotsRules reads it), and a Retry-After pauses the slot for all."""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import IgnoreRequest

from crawler.frontier_redis.connection import REDIS_ERRORS, FrontierKeys

__all__ = ["PolitenessGate", "SharedRobots"]

log = logging.getLogger(__name__)

# KEYS: next start (ms), in flight (sorted set, score = when the place expires). ARGV: delay ms, concurrency,
# member, hold ms. 0: go; > 0: ms until the next start; -1: the slot is full.
_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
if nxt > now then return nxt - now end
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[2]) then return -1 end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[3])
local delay = tonumber(ARGV[1])
if delay > 0 then redis.call('SET', KEYS[1], now + delay, 'PX', delay + 1000) end
return 0
"""

# KEYS: next start. ARGV: ms. Nothing starts before now + ms.
_PAUSE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local till = now + tonumber(ARGV[1])
if till > tonumber(redis.call('GET', KEYS[1]) or '0') then
  redis.call('SET', KEYS[1], till, 'PX', tonumber(ARGV[1]) + 1000)
end
return till
"""

_FULL_POLL = 0.05  # seconds between tries while every place of the slot is taken


class PolitenessGate:
    """Turns of each download slot, taken in Redis."""

    def __init__(self, server, crawler, worker_name: str, hold: float, on_error):
        self.server = server
        self.crawler = crawler
        self.worker_name = worker_name
        self.hold_ms = int(hold * 1000)
        self.on_error = on_error
        self._take = server.register_script(_TAKE)
        self._pause = server.register_script(_PAUSE)
        self._numbers = itertools.count()

    def _slot(self, request: Request) -> tuple[str, float, int]:
        key = request.meta.get("download_slot") or urlsplit(request.url).hostname or ""
        slot = self.crawler.engine.downloader.slots.get(key)
        if slot is None:
            return key, self.crawler.settings.getfloat("DOWNLOAD_DELAY"), 1
        return key, slot.delay, slot.concurrency

    async def take(self, request: Request) -> tuple[str, str]:
        """Wait for the slot's turn; returns what release() needs."""
        key, delay, concurrency = self._slot(request)
        nxt, active = FrontierKeys.polite(key)
        member = f"{self.worker_name}:{next(self._numbers)}"
        started, stats = time.monotonic(), getattr(self.crawler, "stats", None)
        while True:
            try:
                wait = int(
                    self._take(
                        keys=[nxt, active], args=[int(delay * 1000), concurrency, member, self.hold_ms]
                    )
                )
            except REDIS_ERRORS as exc:
                self.on_error(exc)
                raise IgnoreRequest("the frontier is gone") from None
            if wait == 0:
                if stats is not None:
                    # the time this request waited for its turn across workers, Redis's round trips included
                    stats.inc_value("frontier/turns")
                    stats.inc_value("frontier/turn_wait_s", time.monotonic() - started)
                return active, member
            await asyncio.sleep(wait / 1000 if wait > 0 else _FULL_POLL)

    def release(self, taken: tuple[str, str]) -> None:
        try:
            self.server.zrem(*taken)
        except REDIS_ERRORS as exc:
            self.on_error(exc)

    def pause(self, slot_key: str, seconds: float) -> None:
        """Retry-After: no worker starts a request of this slot for SECONDS."""
        try:
            self._pause(keys=[FrontierKeys.polite(slot_key)[0]], args=[int(seconds * 1000)])
        except REDIS_ERRORS as exc:
            self.on_error(exc)


class SharedRobots:
    """robots.txt bodies by host, for the workers that did not fetch them (b"" when there is none)."""

    def __init__(self, server, keys: FrontierKeys, on_error):
        self.server = server
        self.keys = keys
        self.on_error = on_error

    def get(self, netloc: str) -> bytes | None:
        try:
            return self.server.get(self.keys.robots(netloc))
        except REDIS_ERRORS as exc:
            self.on_error(exc)
            return b""

    def put(self, netloc: str, body: bytes) -> None:
        try:
            self.server.set(self.keys.robots(netloc), body)
        except REDIS_ERRORS as exc:
            self.on_error(exc)
