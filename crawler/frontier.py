"""What the press spider keeps while discovering a source, and the small helpers it shares with the probe.
Nothing here schedules requests: that stays in spiders/press.py."""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response, TextResponse
from scrapy.settings import SETTINGS_PRIORITIES

from archive.discovery import feed_links
from archive.sources import Source
from crawler.meta import PREVIOUS_CAPTURE, RECHECK

__all__ = [
    "ENTRY",
    "RecentSet",
    "SourceState",
    "contact_user_agent",
    "content_type_of",
    "feeds_on_page",
    "is_html",
    "parse_day",
    "source_slot",
    "effective_politeness",
    "stored_response",
]


class RecentSet:
    """The last `size` distinct keys seen, in a bounded memory: `seen(key)` says whether key is among them and
    remembers it. For skipping repeats cheaply (a site's logo on every page); whatever falls out is still
    caught by the scheduler's dupefilter, just at a higher cost."""

    def __init__(self, size: int = 20_000):
        self.size = size
        self._keys: OrderedDict[str, None] = OrderedDict()

    def seen(self, key: str) -> bool:
        if key in self._keys:
            self._keys.move_to_end(key)
            return True
        self._keys[key] = None
        if len(self._keys) > self.size:
            self._keys.popitem(last=False)
        return False

    def __len__(self) -> int:
        return len(self._keys)


# Entry points are fetched every run, even when a resumed job's seen-set already holds them.
ENTRY = {RECHECK: "always"}
FEEDISH_HREF = re.compile(r"(?:\.rss|\.atom|/rss/[^/]+\.xml|/feed/?)$", re.I)


@dataclass
class SourceState:
    """What discovery has learned about one source during this run, in this process.

    The spider asks it through methods, so that workers sharing a crawl over Redis can keep the same answers
    in Redis instead (crawler.frontier_redis.discovery.SharedSourceState has the same methods)."""

    pending: int = 0  # discovery requests (robots, sitemaps, feeds, homepage) still out
    listed: int = 0  # pages of the source that sitemaps and feeds named (before --since/--until)
    mode: str = ""  # "", then "structured" or "links" once discovery has settled
    deferred: list[Request] = field(default_factory=list)  # homepage links, until the mode is known
    entries: set[str] = field(default_factory=set)  # robots.txt and homepage: never followed as links
    sitemaps: set[str] = field(default_factory=set)  # loop guard
    feeds: set[str] = field(default_factory=set)

    def open_entry(self, url: str) -> None:
        """A discovery request was made: counted until answered."""
        self.pending += 1
        self.entries.add(url)

    def answer_entry(self) -> bool:
        """A discovery request was answered (or failed): True when it was the last one and no mode is set."""
        self.pending -= 1
        return self.pending <= 0 and not self.mode

    def note_listed(self) -> None:
        self.listed += 1

    def is_entry(self, url: str) -> bool:
        return url in self.entries

    def add_sitemap(self, url: str, max_files: int) -> str:
        """ "added", "loop" (asked for already) or "limit" (MAX_FILES sitemaps asked for already)."""
        if url in self.sitemaps:
            return "loop"
        if len(self.sitemaps) >= max_files:
            return "limit"
        self.sitemaps.add(url)
        return "added"

    def add_feed(self, url: str, max_feeds: int) -> bool:
        if url in self.feeds or len(self.feeds) >= max_feeds:
            return False
        self.feeds.add(url)
        return True

    def follow(self, links: list[Request]) -> tuple[list[Request], str]:
        """(the links to follow now, the mode): all of them when following links, none otherwise; while the
        mode is unknown they are kept until decide()."""
        if not self.mode:
            self.deferred.extend(links)
            return [], ""
        return (links if self.mode == "links" else []), self.mode

    def decide(self) -> tuple[str, list[Request], int]:
        """Settle the mode (once): (mode, the links kept until now, pages listed). The caller follows the
        kept links when the mode is "links"."""
        deferred, self.deferred = self.deferred, []
        if not self.mode:
            self.mode = "structured" if self.listed else "links"
        return self.mode, deferred, self.listed

    def decided(self) -> bool:
        return bool(self.mode)


def feeds_on_page(response: TextResponse) -> list[str]:
    """Feeds an HTML page offers: rel=alternate links, and the .rss links of an "RSS" index page."""
    found = feed_links(response.body, response.url)
    for href in response.css("a::attr(href)").getall():
        url = response.urljoin(href.strip())
        if FEEDISH_HREF.search(urlsplit(url).path) and url not in found:
            found.append(url)
    return found


def stored_response(data_dir: str, response: Response) -> Response | None:
    """For a 304 to a conditional GET: the archived body of the previous capture, as a 200; None if unreadable."""
    from crawler.middlewares.incremental import stored_body

    stored = stored_body(data_dir, response.meta.get(PREVIOUS_CAPTURE) or {})
    if stored is None:
        return None
    body, content_type = stored
    headers = {"Content-Type": content_type} if content_type else {}
    return Response(response.url, status=200, headers=headers, body=body, request=response.request)


def contact_user_agent(settings) -> str:
    """USER_AGENT, naming NEWSARCHIVE_CONTACT_URL even when only the contact URL was overridden."""
    agent = settings.get("USER_AGENT") or "newsarchive"
    contact = settings.get("NEWSARCHIVE_CONTACT_URL") or ""
    if not contact or contact in agent:
        return agent
    if re.search(r"\(\+[^)]*\)", agent):
        return re.sub(r"\(\+[^)]*\)", f"(+{contact})", agent, count=1)
    return f"{agent} (+{contact})"


def source_slot(source: Source) -> str:
    return f"source:{source.name}"


def effective_politeness(source: Source, settings) -> tuple[float, int]:
    """(delay, concurrency) for a source's download slot: the source's own, except that a user's explicit
    CONCURRENT_REQUESTS_PER_DOMAIN (command line or environment, above the project's default) raises the
    concurrency and an explicit DOWNLOAD_DELAY replaces the delay."""
    explicit = SETTINGS_PRIORITIES["project"]
    delay, concurrency = source.delay, source.concurrency
    if settings.getpriority("CONCURRENT_REQUESTS_PER_DOMAIN") > explicit:
        concurrency = max(concurrency, settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"))
    if settings.getpriority("DOWNLOAD_DELAY") > explicit:
        delay = settings.getfloat("DOWNLOAD_DELAY")
    return delay, concurrency


def parse_day(value: str | date | None, name: str) -> date | None:
    if not value:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValueError(f"{name}={value!r} is not a date like 2026-05-01") from None


def content_type_of(response: Response) -> str:
    return (response.headers.get(b"Content-Type") or b"").decode("latin-1")


def is_html(response: Response) -> bool:
    content_type = content_type_of(response).lower()
    return "html" in content_type or (not content_type and b"<html" in response.body[:2048].lower())
