"""Discovery state shared by the workers of a crawl: crawler.frontier.SourceState's answers, kept in Redis.

Whichever worker fetches a source's robots.txt, sitemaps or feeds, all of them must agree on how many
discovery requests are still out, whether sitemaps and feeds listed articles, and so whether links are
followed; and a sitemap or feed named twice is asked for once per crawl. Each answer that two workers could
race on is one Lua script (atomic in Redis)."""

from __future__ import annotations

import pickle

from scrapy import Request
from scrapy.utils.request import request_from_dict

from crawler.frontier_redis.connection import REDIS_ERRORS, FrontierKeys

__all__ = ["SharedSourceState"]

# KEYS: discovery hash. A discovery request answered: 1 when it was the last one out and no mode is set.
_ANSWER = """
local left = redis.call('HINCRBY', KEYS[1], 'pending', -1)
if left <= 0 and redis.call('HEXISTS', KEYS[1], 'mode') == 0 then return 1 end
return 0
"""

# KEYS: discovery hash, deferred list. Sets the mode once; returns {mode, links kept until now, listed}.
_DECIDE = """
local mode = redis.call('HGET', KEYS[1], 'mode')
local listed = tonumber(redis.call('HGET', KEYS[1], 'listed') or '0')
if mode then return {mode, {}, listed} end
if listed > 0 then mode = 'structured' else mode = 'links' end
redis.call('HSET', KEYS[1], 'mode', mode)
local kept = redis.call('LRANGE', KEYS[2], 0, -1)
redis.call('DEL', KEYS[2])
return {mode, kept, listed}
"""

# KEYS: discovery hash, deferred list; ARGV: encoded requests. The mode, or '' after keeping the requests.
_FOLLOW = """
local mode = redis.call('HGET', KEYS[1], 'mode')
if mode then return mode end
if #ARGV > 0 then redis.call('RPUSH', KEYS[2], unpack(ARGV)) end
return ''
"""

# KEYS: a set; ARGV: member, limit. 'added', 'loop' or 'limit'.
_ADD = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 'loop' end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 'limit' end
redis.call('SADD', KEYS[1], ARGV[1])
return 'added'
"""

_CHUNK = 500  # requests per script call (Lua's unpack has a limit)


class SharedSourceState:
    """The methods of crawler.frontier.SourceState, answered by Redis for one source of a shared crawl. When
    Redis fails, ON_ERROR is told (the worker stops) and the answer asks for nothing more."""

    def __init__(self, server, keys: FrontierKeys, source: str, spider, entries: set[str], on_error):
        self.server = server
        self.on_error = on_error
        self.spider = spider
        self.hash = keys.source("discovery", source)
        self.deferred_key = keys.source("deferred", source)
        self.sitemaps_key = keys.source("sitemaps", source)
        self.feeds_key = keys.source("feeds", source)
        self.entries = set(entries)  # robots.txt and the homepage: every worker knows them
        self.mode = ""  # cached once set (it never changes during a crawl)
        self.listed = 0  # pages listed by this worker (Redis counts whether any was)
        self._answer = server.register_script(_ANSWER)
        self._decide = server.register_script(_DECIDE)
        self._follow = server.register_script(_FOLLOW)
        self._add = server.register_script(_ADD)

    @staticmethod
    def clear_keys(keys: FrontierKeys, source: str) -> list[str]:
        return [keys.source(what, source) for what in ("discovery", "deferred", "sitemaps", "feeds")]

    def _redis(self, call, *args, failed=None, **kwargs):
        try:
            return call(*args, **kwargs)
        except REDIS_ERRORS as exc:
            self.on_error(exc)
            return failed

    def open_entry(self, url: str) -> None:
        self._redis(self.server.hincrby, self.hash, "pending", 1)
        self.entries.add(url)

    def answer_entry(self) -> bool:
        return bool(self._redis(self._answer, keys=[self.hash], failed=0))

    def note_listed(self) -> None:
        self.listed += 1
        if self.listed == 1:  # whether any page was listed is what decides; one increment per worker
            self._redis(self.server.hincrby, self.hash, "listed", 1)

    def is_entry(self, url: str) -> bool:
        return url in self.entries

    def add_sitemap(self, url: str, max_files: int) -> str:
        return self._redis(
            self._add, keys=[self.sitemaps_key], args=[url, max_files], failed=b"limit"
        ).decode()

    def add_feed(self, url: str, max_feeds: int) -> bool:
        return self._redis(self._add, keys=[self.feeds_key], args=[url, max_feeds]) == b"added"

    def follow(self, links: list[Request]) -> tuple[list[Request], str]:
        if not self.mode:
            for start in range(0, max(len(links), 1), _CHUNK):
                chunk = [self._encode(r) for r in links[start : start + _CHUNK]]
                mode = self._redis(
                    self._follow, keys=[self.hash, self.deferred_key], args=chunk, failed=b"lost"
                )
                mode = mode.decode()
                if mode:
                    self.mode = mode
                    links = links[start:]  # the chunks before were kept, and released by the decider
                    break
            else:
                return [], ""
        return (links if self.mode == "links" else []), self.mode

    def decide(self) -> tuple[str, list[Request], int]:
        failed = [b"lost", [], 0]
        mode, kept, listed = self._redis(self._decide, keys=[self.hash, self.deferred_key], failed=failed)
        self.mode = mode.decode()
        return self.mode, [self._decode(data) for data in kept], int(listed)

    def decided(self) -> bool:
        if not self.mode:
            self.mode = (self._redis(self.server.hget, self.hash, "mode") or b"").decode()
        return bool(self.mode)

    def _encode(self, request: Request) -> bytes:
        return pickle.dumps(request.to_dict(spider=self.spider), protocol=-1)

    def _decode(self, data: bytes) -> Request:
        return request_from_dict(pickle.loads(data), spider=self.spider)
