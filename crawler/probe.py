"""`newsarchive sources --probe NAME`: what discovery finds for one source, fetched with a plain HTTP client and
archived nowhere. Follows the spider's order (robots.txt, sitemaps, feeds, homepage), politely and briefly."""

from __future__ import annotations

import gzip
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import asdict, dataclass, field
from urllib.parse import urljoin

from protego import Protego

from archive.discovery import (
    USUAL_LOCATIONS,
    TooLarge,
    feed_links,
    iso_utc,
    looks_like_feed,
    looks_like_sitemap,
    parse_feed,
    parse_robots,
    parse_sitemap,
)
from archive.discovery.pagekinds import url_kind
from archive.sources import Source

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

    @property
    def method(self) -> str:
        listed = sum(s.get("entries", 0) for s in self.sitemaps if s.get("kind") == "urlset")
        listed += sum(f.get("items", 0) for f in self.feeds)
        return "sitemaps and feeds" if listed else "link following from the homepage"

    def to_dict(self) -> dict:
        return {**asdict(self), "method": self.method}


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
    encoding = (headers.get("Content-Encoding") or "").lower()
    try:
        if encoding in ("gzip", "x-gzip"):
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
    except (OSError, zlib.error):
        pass
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
    client = _Client(user_agent, source.delay, timeout, max_requests)
    report = ProbeReport(source.name, source.homepage)
    candidates: list[dict] = []

    robots = client.get(urljoin(source.homepage, "/robots.txt"))
    rules = Protego.parse("")
    if robots is not None:
        report.robots_status = robots.status or None
        if robots.error:
            report.errors.append(f"robots.txt: {robots.error}")
        if robots.status == 200:
            info = parse_robots(robots.body, user_agent)
            report.robots_sitemaps = info.sitemaps
            report.crawl_delay = info.min_delay or None
            rules = Protego.parse(robots.body.decode("utf-8", "replace"))
            client.delay = max(client.delay, min(info.min_delay, 10.0))

    def allowed(url: str) -> bool:
        return rules.can_fetch(url, user_agent)

    queue: list[tuple[str, str]] = [(u, "declared") for u in source.sitemaps]
    queue += [(u, "robots.txt") for u in report.robots_sitemaps]
    if not queue:
        queue = [(urljoin(source.homepage, p), "guess") for p in USUAL_LOCATIONS]
    seen: set[str] = set()
    while queue and len(report.sitemaps) < max_sitemaps:
        url, found = queue.pop(0)
        if url in seen or not allowed(url):
            continue
        seen.add(url)
        fetched = client.get(url)
        if fetched is None:
            break
        entry = {"url": url, "status": fetched.status, "found": found, "kind": None, "entries": 0, "news": 0}
        if fetched.status == 200 and looks_like_sitemap(fetched.body):
            try:
                sitemap = parse_sitemap(fetched.body, url, fetched.content_type)
            except (TooLarge, OSError, EOFError) as exc:
                report.errors.append(f"{url}: {exc}")
                sitemap = None
            if sitemap is not None:
                entry.update(kind=sitemap.kind, entries=len(sitemap.entries))
                entry["news"] = sum(1 for e in sitemap.entries if e.news)
                if sitemap.kind == "sitemapindex":
                    # Newest first: that is where a press site's articles are.
                    children = sorted(sitemap.entries, key=lambda e: e.lastmod or "", reverse=True)
                    queue[:0] = [(child.loc, url) for child in children[:3]]
                else:
                    for e in sitemap.entries:
                        candidates.append({"url": e.loc, "published": iso_utc(e.published), "via": "sitemap"})
        elif found == "guess" and fetched.status != 200:
            continue  # the usual locations that do not exist are not worth a line
        report.sitemaps.append(entry)

    feeds = [(u, "declared") for u in source.feeds]
    home = client.get(source.homepage)
    if home is not None and home.status == 200 and not source.feeds:
        feeds += [(u, "homepage") for u in feed_links(home.body, source.homepage)]
    elif home is not None and home.status != 200:
        report.errors.append(f"homepage: {home.error or home.status}")
    for url, found in feeds[:8]:
        if not allowed(url):
            continue
        fetched = client.get(url)
        if fetched is None:
            break
        entry = {"url": url, "status": fetched.status, "found": found, "kind": None, "items": 0}
        if fetched.status == 200 and looks_like_feed(fetched.body, fetched.content_type):
            feed = parse_feed(fetched.body, url, fetched.content_type)
            entry.update(kind=feed.kind, items=len(feed.items))
            candidates += [
                {"url": i.url, "published": iso_utc(i.published), "via": "feed"} for i in feed.items
            ]
        report.feeds.append(entry)

    picked: dict[str, dict] = {}
    for item in sorted(candidates, key=lambda c: c["published"] or "", reverse=True):
        kind = url_kind(item["url"], source.article_urls)
        wanted = kind != "asset" and source.is_article_url(item["url"]) is not False and allowed(item["url"])
        if wanted and item["url"] not in picked:
            picked[item["url"]] = {**item, "kind": kind}
        if len(picked) >= sample:
            break
    if not picked and home is not None and home.status == 200:
        for url in filter(allowed, _article_links(home.body, source)):  # where link following would start
            picked.setdefault(url, {"url": url, "published": None, "via": "link", "kind": "article"})
            if len(picked) >= sample:
                break
    report.samples = list(picked.values())
    report.requests = client.count
    return report


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
