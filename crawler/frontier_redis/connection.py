"""The Redis server a shared crawl lives in: the URL checked, the connection made, and every key's name.

Keys of one crawl start with `newsarchive:crawl:<sources>`, so that crawls of other sources in the same
database keep their own queues; what outlives a crawl (what each URL's latest capture was, politeness per
source) is keyed by URL and by download slot alone, so every crawl sees it."""

from __future__ import annotations

import hashlib
import os
import re
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import redis

__all__ = ["FrontierError", "FrontierKeys", "connect", "check_url", "worker_name", "REDIS_ERRORS"]

PREFIX = "newsarchive"
# what a lost or refusing server raises (a timeout included; a server at its maxmemory refuses writes: the
# worker stops as when Redis is lost, rather than fail request by request)
REDIS_ERRORS = (redis.ConnectionError, redis.TimeoutError, redis.exceptions.OutOfMemoryError, OSError)


class FrontierError(Exception):
    """The frontier cannot be used: a message that says what to do."""


def check_url(url: str) -> str:
    """redis://HOST:PORT/DB (or rediss://, unix://): the URL as given; FrontierError when it is not one."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("redis", "rediss", "unix") or (parts.scheme != "unix" and not parts.hostname):
        raise FrontierError(f"{url!r} is not a Redis URL like redis://HOST:6379/0")
    if parts.scheme != "unix" and parts.path.strip("/") and not parts.path.strip("/").isdigit():
        raise FrontierError(f"{url!r}: the database is a number, as in redis://HOST:6379/0")
    return url


def connect(url: str, timeout: float = 5.0) -> redis.Redis:
    """A client of the server at URL, after one PING; FrontierError naming the URL when it does not answer."""
    check_url(url)
    client = redis.Redis.from_url(
        url, socket_timeout=timeout, socket_connect_timeout=timeout, health_check_interval=30
    )
    try:
        client.ping()
    except REDIS_ERRORS as exc:
        raise FrontierError(f"cannot reach the frontier at {url}: {_reason(exc)}") from None
    except redis.RedisError as exc:  # e.g. a password is needed
        raise FrontierError(f"the frontier at {url} refused us: {exc}") from None
    return client


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def worker_name(configured: str = "") -> str:
    """This worker's name: the one configured, else host-pid; only letters, digits, '.', '_' and '-' (it goes
    into WARC file names)."""
    name = configured or f"{socket.gethostname().split('.')[0]}-{os.getpid()}"
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or f"worker-{os.getpid()}"


@dataclass(frozen=True)
class FrontierKeys:
    """The Redis keys of one shared crawl (the crawl of one set of sources)."""

    crawl: str  # newsarchive:crawl:<sources>

    @classmethod
    def for_sources(cls, names: list[str], since=None, until=None) -> FrontierKeys:
        """The crawl of these sources, within this --since/--until window (another window is another crawl:
        its queue and seen-set must not be shared with one that lets other articles in)."""
        key = ",".join(sorted(names)) or "all"
        if since or until:
            key += f"@{since or ''}..{until or ''}"
        if len(key) > 80:
            key = key[:50] + "-" + hashlib.sha1(key.encode()).hexdigest()[:12]
        return cls(f"{PREFIX}:crawl:{key}")

    @property
    def queue(self) -> str:
        return f"{self.crawl}:queue"  # scrapy-redis's priority queue (a sorted set of pickled requests)

    @property
    def seen(self) -> str:
        return f"{self.crawl}:seen"  # request fingerprints (20 bytes each), for this crawl only

    @property
    def seeded(self) -> str:
        return f"{self.crawl}:seeded"  # set once per crawl by the worker that asks for the entry points

    @property
    def seq(self) -> str:
        return f"{self.crawl}:seq"  # lease numbers

    @property
    def workers(self) -> str:
        return f"{self.crawl}:workers"  # worker -> its last heartbeat (ms, Redis's clock)

    @property
    def stats(self) -> str:
        return f"{self.crawl}:stats"  # done, requeued

    def inflight(self, worker: str) -> str:
        return f"{self.crawl}:inflight:{worker}"

    def worker_stats(self, worker: str) -> str:
        return f"{self.crawl}:worker:{worker}"

    def source(self, what: str, source: str) -> str:
        """Discovery state of one source: discovery (hash), deferred (list), sitemaps, feeds (sets)."""
        return f"{self.crawl}:{what}:{source}"

    def robots(self, netloc: str) -> str:
        return f"{self.crawl}:robots:{netloc}"

    @staticmethod
    def known_prefix() -> str:
        """+ 16 bytes of the URL's digest: what its latest capture was (shared incremental state; outlives
        crawls, expires NEWSARCHIVE_FRONTIER_KNOWN_FOR after the URL's last fetch)."""
        return f"{PREFIX}:known:"

    @staticmethod
    def known() -> str:
        """The one hash of url -> entry that earlier versions kept, never expiring (read while it exists)."""
        return f"{PREFIX}:known"

    @staticmethod
    def polite(slot: str) -> tuple[str, str]:
        """(when the slot's next request may start, the slot's requests in flight): politeness across workers."""
        return f"{PREFIX}:polite:{slot}:next", f"{PREFIX}:polite:{slot}:active"

    @staticmethod
    def crawls_pattern() -> str:
        return f"{PREFIX}:crawl:*:seeded"
