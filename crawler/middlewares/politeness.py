"""Politeness beyond Scrapy's defaults: robots.txt fetched once (by the spider, archived like any page) and its
Crawl-delay honoured, and 429/503 answers that carry Retry-After honoured for the whole source.

Settings: ROBOTSTXT_OBEY, NEWSARCHIVE_CRAWL_DELAY_MAX, NEWSARCHIVE_RETRY_AFTER_MAX, RETRY_TIMES.
"""

from __future__ import annotations

import email.utils
import logging
import time
import zlib
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response
from scrapy.utils.asyncio import call_later
from scrapy.utils.misc import build_from_crawler
from twisted.internet.defer import Deferred

from archive.discovery import parse_robots
from archive.warc.payload import decode_body
from crawler.meta import REFUSED, VIA

__all__ = ["RobotsRules", "RetryAfterMiddleware", "retry_after_seconds"]

log = logging.getLogger(__name__)


class RobotsRules(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, fed by the spider's own robots.txt request when there is one.

    The press spider fetches robots.txt first (for its Sitemap lines, archived with via=robots); rather than
    fetching it a second time, requests to that host wait for that response. Crawl-delay and Request-rate
    then set a floor under the source's download slot that AutoThrottle may not go below."""

    def __init__(self, crawler, max_crawl_delay: float):
        super().__init__(crawler)
        self.max_crawl_delay = max_crawl_delay
        self.crawl_delays: dict[str, float] = {}  # download slot -> seconds
        self._waiting: dict[str, Deferred] = {}
        self._redirecting: set[int] = set()
        # with --frontier: robots.txt bodies other workers fetched (get(netloc), put(netloc, body)); set by
        # crawler.frontier_redis.worker, so that robots.txt is fetched once per shared crawl
        self.shared = None

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        rules = cls(crawler, crawler.settings.getfloat("NEWSARCHIVE_CRAWL_DELAY_MAX"))
        crawler.signals.connect(rules.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(rules.request_left_downloader, signal=signals.request_left_downloader)
        return rules

    async def robot_parser(self, request: Request):
        netloc = urlsplit(request.url).netloc
        spider = self.crawler.spider
        if netloc not in self._parsers and netloc in getattr(spider, "robots_netlocs", ()):
            waiting = Deferred()
            self._parsers[netloc] = waiting
            self._waiting[netloc] = waiting
            # Never wait forever: if the spider's request vanished, allow (as for an unreachable robots.txt).
            timeout = 3 * self.crawler.settings.getfloat("DOWNLOAD_TIMEOUT")
            call_later(timeout, self._adopt, netloc, None, None)
            if self.shared is not None:  # another worker may be the one fetching it
                self._from_shared(netloc, request.meta.get("download_slot"))
        parser = await super().robot_parser(request)
        # Several requests may wait on one Deferred, and only the first is handed its result (awaiting a
        # Deferred turns it into None for the next waiter), so read the parser back from where it is kept.
        kept = self._parsers.get(netloc)
        return parser if isinstance(kept, Deferred) else kept

    def process_request_2(self, rp, request: Request) -> None:
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest:
            request.meta[REFUSED] = "robots"  # recorded as a failure (crawler/failures.py)
            raise

    async def process_request(self, request: Request, spider=None) -> None:
        floor = self.crawl_delays.get(request.meta.get("download_slot", ""))
        if floor:
            # AutoThrottle would lower the delay again after fast responses; robots.txt asked for this one.
            request.meta["autothrottle_dont_adjust_delay"] = True
            self._raise_slot_delay(request.meta["download_slot"], floor)
        await super().process_request(request)

    def response_downloaded(self, response: Response, request: Request, spider=None) -> None:
        # Taken from the signal, before any middleware can fail on this response and leave hosts waiting.
        if not _spider_robots(request):
            return
        if 300 <= response.status < 400:
            self._redirecting.add(id(request))  # the redirect's target answers for this host
            return
        body = b""  # 4xx/5xx: no rules
        if 200 <= response.status < 300:
            body = _decoded(response)
        self._adopt(_origin_netloc(request), body, request.meta.get("download_slot"))

    def request_left_downloader(self, request: Request, spider=None) -> None:
        # A robots.txt that could not be fetched at all: allow, as Scrapy does.
        if id(request) in self._redirecting:
            self._redirecting.discard(id(request))
        elif _spider_robots(request):
            self._adopt(_origin_netloc(request), b"", None)

    def _from_shared(self, netloc: str, slot_key: str | None) -> None:
        """Adopt the robots.txt another worker fetched, looking again every half second until it is there."""
        if netloc not in self._waiting:
            return
        body = self.shared.get(netloc)
        if body is None:
            call_later(0.5, self._from_shared, netloc, slot_key)
        else:
            self._adopt(netloc, body, slot_key, fetched=False)

    def _adopt(self, netloc: str, body: bytes | None, slot_key: str | None, fetched: bool = True) -> None:
        waiting = self._waiting.pop(netloc, None)
        if waiting is None and netloc in self._parsers:
            return  # answered already (this is the request leaving the downloader, or the time-out)
        if fetched and body is not None and self.shared is not None:
            self.shared.put(netloc, body)
        parser = build_from_crawler(self._parserimpl, self.crawler, body or b"") if body is not None else None
        self._parsers[netloc] = parser
        if body and slot_key:
            user_agent = self._robotstxt_useragent or self.crawler.settings.get("USER_AGENT") or "*"
            wanted = parse_robots(body, user_agent).min_delay
            if wanted:
                floor = min(wanted, self.max_crawl_delay)
                self.crawl_delays[slot_key] = floor
                self._raise_slot_delay(slot_key, floor)
                self.crawler.stats.set_value(f"robotstxt/crawl_delay/{slot_key}", floor)
                log.info("%s: robots.txt asks for %.1f s between requests", netloc, floor)
        if waiting is not None:  # a robots.txt may arrive before any request to its host asked for it
            waiting.callback(parser)

    def _raise_slot_delay(self, slot_key: str, floor: float) -> None:
        slot = self.crawler.engine.downloader.slots.get(slot_key)
        if slot is not None and slot.delay < floor:
            slot.delay = floor


def _spider_robots(request: Request) -> bool:
    return request.meta.get(VIA) == "robots" and bool(request.meta.get("dont_obey_robotstxt"))


def _origin_netloc(request: Request) -> str:
    return urlsplit((request.meta.get("redirect_urls") or [request.url])[0]).netloc


def _decoded(response: Response) -> bytes:
    """The body as the signal sees it is still Content-Encoded (decoded within the size limit)."""
    encoding = (response.headers.get(b"Content-Encoding") or b"").decode("latin-1")
    try:
        return decode_body(response.body, encoding)
    except (ValueError, zlib.error, ImportError):
        return b""


def retry_after_seconds(value: str | bytes | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date; None when unreadable."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


class RetryAfterMiddleware:
    """429 and 503 with Retry-After: the whole source waits that long, then the request is tried again.

    Placed before Scrapy's RetryMiddleware (which would retry at once); without the header, or past
    NEWSARCHIVE_RETRY_AFTER_MAX, it leaves the response to RetryMiddleware. The answer itself is archived."""

    codes = (429, 503)

    def __init__(self, crawler, max_wait: float, max_retries: int):
        self.crawler = crawler
        self.max_wait = max_wait
        self.max_retries = max_retries
        # with --frontier: pause(slot key, seconds) for every worker; set by crawler.frontier_redis.worker
        self.shared_pause = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("RETRY_ENABLED"):
            raise NotConfigured
        middleware = cls(
            crawler, settings.getfloat("NEWSARCHIVE_RETRY_AFTER_MAX"), settings.getint("RETRY_TIMES")
        )
        # The slot is paused when the answer arrives: by the time process_response runs, the downloader has
        # already handed the slot its next request.
        crawler.signals.connect(middleware.response_downloaded, signal=signals.response_downloaded)
        return middleware

    def _wait_for(self, request: Request, response: Response) -> float | None:
        if response.status not in self.codes or request.meta.get("dont_retry"):
            return None
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        return None if wait is None or wait > self.max_wait else wait

    def response_downloaded(self, response: Response, request: Request, spider=None) -> None:
        wait = self._wait_for(request, response)
        if wait is not None:
            self._pause_slot(request, wait)

    def process_response(self, request: Request, response: Response, spider=None):
        wait = self._wait_for(request, response)
        if wait is None:
            asked = retry_after_seconds(response.headers.get(b"Retry-After"))
            if response.status in self.codes and asked is not None and asked > self.max_wait:
                # Asked to stay away longer than we wait: give the URL up rather than retry at once.
                request.meta["dont_retry"] = True
                self.crawler.stats.inc_value("politeness/retry_after/gave_up")
            return response
        retry = get_retry_request(
            request,
            spider=self.crawler.spider,
            reason=f"{response.status} Retry-After",
            max_retry_times=request.meta.get("max_retry_times", self.max_retries),
            stats_base_key="retry_after",
        )
        if retry is None:
            return response
        self.crawler.stats.inc_value(f"politeness/retry_after/{response.status}")
        log.info("%s answered %d: waiting %.0f s as Retry-After asks", request.url, response.status, wait)
        return retry

    def _pause_slot(self, request: Request, wait: float) -> None:
        downloader = self.crawler.engine.downloader
        key = request.meta.get("download_slot") or downloader.get_slot_key(request)
        if self.shared_pause is not None:
            self.shared_pause(key, wait)
        slot = downloader.slots.get(key)
        if slot is None:
            return
        # The downloader waits `delay - (now - lastseen)` before the slot's next request; a delay of 0 would
        # skip that check, so keep a token one.
        slot.delay = max(slot.delay, 0.001)
        slot.lastseen = time.monotonic() + wait - slot.delay
