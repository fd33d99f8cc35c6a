"""`newsarchive sources --probe NAME`: what discovery finds for one source, fetched with a plain HTTP client and
archived nowhere. Reads in the crawl's order (archive.discovery.plan: robots.txt, sitemaps, feeds, homepage),
politely and briefly."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
import zlib
from dataclasses import asdict, dataclass, field
from urllib.parse import urljoin

from protego import Protego

from archive.discovery import (
    TooLarge,
    iso_utc,
    looks_like_feed,
    looks_like_sitemap,
    parse_feed,
    parse_robots,
    parse_sitemap,
)
from archive.discovery.pagekinds import url_kind
from archive.discovery.plan import feeds_to_read, listed_kind, sitemaps_to_read
from archive.sources import Source
from archive.warc.payload import decode_body

__all__ = ["ProbeReport", "probe", "Fetched"]


@dataclass
class Fetched:
    url: str
    status: int
    content_type: str
    body: bytes
    error: str = ""


@dataclass
class ProbeReport:
    source: str
    homepage: str
    robots_status: int | None = None
    crawl_delay: float | None = None
    robots_sitemaps: list[str] = field(default_factory=list)
    sitemaps: list[dict] = field(default_factory=list)  # url, status, kind, entries, news, found
    feeds: list[dict] = field(default_factory=list)  # url, status, kind, items, found
    samples: list[dict] = field(default_factory=list)  # url, published, via, kind
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    homepage_error: str = ""  # why the homepage could not be fetched (a connection error, or an HTTP status)

    @property
    def listed(self) -> int:
        listed = sum(s.get("entries", 0) for s in self.sitemaps if s.get("kind") == "urlset")
        return listed + sum(f.get("items", 0) for f in self.feeds)

    @property
    def method(self) -> str:
        if self.listed:
            return "sitemaps and feeds"
        if self.homepage_error:
            return "nothing: the homepage cannot be fetched and no sitemap or feed lists pages"
        return "link following from the homepage"

    def to_dict(self) -> dict:
        return {**asdict(self), "method": self.method, "listed": self.listed}


class _Client:
    def __init__(self, user_agent: str, delay: float, timeout: float, max_requests: int):
        self.user_agent = user_agent
        self.delay = delay
        self.timeout = timeout
        self.max_requests = max_requests
        self.count = 0
        self._last = 0.0

    def get(self, url: str) -> Fetched | None:
        if self.count >= self.max_requests:
            return None
        wait = self._last + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.count += 1
        request = urllib.request.Request(
            url, headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return _fetched(url, response.status, response.headers, response.read(64 * 1024 * 1024))
        except urllib.error.HTTPError as exc:
            return _fetched(url, exc.code, exc.headers, exc.read() if exc.fp else b"")
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            return Fetched(url, 0, "", b"", error=str(reason))
        finally:
            self._last = time.monotonic()


def _fetched(url: str, status: int, headers, body: bytes) -> Fetched:
    try:
        body = decode_body(body, headers.get("Content-Encoding") or "")
    except (OSError, ValueError, ImportError, zlib.error):
        pass  # kept as it came: the report says what it could read
    return Fetched(url, status, headers.get("Content-Type") or "", body)


def probe(
    source: Source,
    user_agent: str,
    *,
    timeout: float = 20,
    max_requests: int = 25,
    max_sitemaps: int = 6,
    sample: int = 10,
) -> ProbeReport:
    """Read robots.txt, the sitemaps and the feeds of SOURCE as the crawl would (at most MAX_REQUESTS
    requests, MAX_SITEMAPS sitemaps) and pick SAMPLE of the newest article URLs they list."""
    run = _Probe(source, user_agent, _Client(user_agent, source.delay, timeout, max_requests))
    run.read_robots()
    run.read_sitemaps(max_sitemaps)
    home = run.client.get(source.homepage)
    if home is not None and home.status != 200:
        run.report.errors.append(f"homepage: {home.error or home.status}")
        run.report.homepage_error = str(home.error or f"HTTP {home.status}")
    homepage = home.body if home is not None and home.status == 200 else None
    run.read_feeds(homepage)
    run.pick_samples(homepage, sample)
    run.report.requests = run.client.count
    return run.report


class _Probe:
    def __init__(self, source: Source, user_agent: str, client: _Client):
        self.source = source
        self.user_agent = user_agent
        self.client = client
        self.report = ProbeReport(source.name, source.homepage)
        self.rules = Protego.parse("")
        self.candidates: list[dict] = []  # url, published, via, news

    def allowed(self, url: str) -> bool:
        return self.rules.can_fetch(url, self.user_agent)

    def found(self, where: str) -> str:
        """Where a sitemap or feed was found, as the report words it."""
        if where == urljoin(self.source.homepage, "/robots.txt"):
            return "robots.txt"
        return "homepage" if where == self.source.homepage else where

    def read_robots(self) -> None:
        robots = self.client.get(urljoin(self.source.homepage, "/robots.txt"))
        if robots is None:
            return
        self.report.robots_status = robots.status or None
        if robots.error:
            self.report.errors.append(f"robots.txt: {robots.error}")
        if robots.status == 200:
            info = parse_robots(robots.body, self.user_agent)
            self.report.robots_sitemaps = info.sitemaps
            self.report.crawl_delay = info.min_delay or None
            self.rules = Protego.parse(robots.body.decode("utf-8", "replace"))
            self.client.delay = max(self.client.delay, min(info.min_delay, 10.0))

    def read_sitemaps(self, limit: int) -> None:
        queue = sitemaps_to_read(self.source, self.report.robots_sitemaps)
        seen: set[str] = set()
        while queue and len(self.report.sitemaps) < limit:
            url, found = queue.pop(0)
            if url in seen or not self.allowed(url):
                continue
            seen.add(url)
            fetched = self.client.get(url)
            if fetched is None:
                break
            if found == "guess" and fetched.status != 200:
                continue  # the usual locations that do not exist are not worth a line
            entry = {"url": url, "status": fetched.status, "found": self.found(found), "kind": None}
            entry.update(entries=0, news=0)
            sitemap = self._sitemap(fetched) if fetched.status == 200 else None
            if sitemap is not None:
                entry.update(kind=sitemap.kind, entries=len(sitemap.entries))
                entry["news"] = sum(1 for e in sitemap.entries if e.news)
                if sitemap.kind == "sitemapindex":
                    # Newest first: that is where a press site's articles are.
                    children = sorted(sitemap.entries, key=lambda e: e.lastmod or "", reverse=True)
                    queue[:0] = [(child.loc, url) for child in children[:3]]
                else:
                    self.candidates += [
                        {
                            "url": e.loc,
                            "published": iso_utc(e.published),
                            "via": "sitemap",
                            "news": bool(e.news),
                        }
                        for e in sitemap.entries
                    ]
            self.report.sitemaps.append(entry)

    def _sitemap(self, fetched: Fetched):
        if not looks_like_sitemap(fetched.body):
            return None
        try:
            return parse_sitemap(fetched.body, fetched.url, fetched.content_type)
        except (TooLarge, OSError, EOFError) as exc:
            self.report.errors.append(f"{fetched.url}: {exc}")
            return None

    def read_feeds(self, homepage: bytes | None) -> None:
        for url, found in feeds_to_read(self.source, homepage)[:8]:
            if not self.allowed(url):
                continue
            fetched = self.client.get(url)
            if fetched is None:
                break
            entry = {
                "url": url,
                "status": fetched.status,
                "found": self.found(found),
                "kind": None,
                "items": 0,
            }
            if fetched.status == 200 and looks_like_feed(fetched.body, fetched.content_type):
                try:
                    feed = parse_feed(fetched.body, url, fetched.content_type)
                except TooLarge as exc:  # a gzip body that inflates past the limit
                    self.report.errors.append(f"{url}: {exc}")
                    self.report.feeds.append(entry)
                    continue
                entry.update(kind=feed.kind, items=len(feed.items))
                self.candidates += [
                    {"url": i.url, "published": iso_utc(i.published), "via": "feed", "news": True}
                    for i in feed.items
                ]
            self.report.feeds.append(entry)

    def pick_samples(self, homepage: bytes | None, sample: int) -> None:
        picked: dict[str, dict] = {}
        for item in sorted(self.candidates, key=lambda c: c["published"] or "", reverse=True):
            url = item["url"]
            kind, _ = listed_kind(url, self.source, item["news"], item["via"])
            wanted = kind is not None and self.source.is_article_url(url) is not False and self.allowed(url)
            if wanted and url not in picked:
                picked[url] = {"url": url, "published": item["published"], "via": item["via"], "kind": kind}
            if len(picked) >= sample:
                break
        if not picked and homepage is not None:
            for url in filter(self.allowed, _article_links(homepage, self.source)):  # where links would start
                picked.setdefault(url, {"url": url, "published": None, "via": "link", "kind": "article"})
                if len(picked) >= sample:
                    break
        self.report.samples = list(picked.values())


def _article_links(body: bytes, source: Source) -> list[str]:
    from urllib.parse import urlsplit

    from lxml import html as lxml_html

    try:
        document = lxml_html.fromstring(body)
    except (ValueError, lxml_html.etree.ParserError):
        return []
    out = []
    for href in document.xpath("//a/@href"):
        url = urljoin(source.homepage, href.strip())
        host = urlsplit(url).hostname or ""
        in_scope = any(host == d or host.endswith("." + d) for d in source.domains)
        if in_scope and url_kind(url, source.article_urls) == "article" and url not in out:
            out.append(url)
    return out
