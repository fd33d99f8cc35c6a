"""What robots.txt, sitemaps and feeds say a source has published: the press spider's callbacks for them.

A mixin of spiders.press.PressSpider, which provides `states`, `entry()`, `request()`, `source_for()`,
`_source_of()`, `frontier()`, the sitemap limits and `since`/`until`. It also decides, once every discovery
request of a source is answered, between structured discovery and link following (`_settle`, `_decide`).
The parsing itself is archive.discovery.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from scrapy import Request
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response, TextResponse

from archive.dates import site_zone
from archive.discovery import (
    TooLarge,
    in_window,
    iso_utc,
    looks_like_feed,
    looks_like_sitemap,
    parse_feed,
    parse_robots,
    parse_sitemap,
)
from archive.discovery.plan import listed_kind, sitemaps_to_read
from archive.sources import Source
from crawler.frontier import content_type_of, feeds_on_page, is_html, stored_response
from crawler.meta import DISCOVERY, SITEMAP_DEPTH, UNCONDITIONAL, VIA

__all__ = ["SitemapsAndFeeds"]


def _published_fields(published) -> dict:
    """The date discovery read (with the file's date order and the source's zone): in UTC for the catalog, and
    with the site's own offset for extraction (a page without a date of its own takes it)."""
    return {
        "published": iso_utc(published),
        "published_local": published.isoformat(timespec="seconds")
        if published and published.tzinfo
        else None,
    }


class SitemapsAndFeeds:
    """Callbacks for robots.txt, sitemaps (indexes, news, image) and feeds, and the requests they list."""

    def zone_of(self, source: Source):
        """The source's zone for naive dates: its `timezone`, else its language's or domain's (archive.dates)."""
        return site_zone(source.timezone, source.language, source.host).zone

    def parse_robots(self, response: Response) -> Iterator[Request]:
        source = self._source_of(response)
        sitemaps = parse_robots(response.body, self.settings.get("USER_AGENT") or "*").sitemaps
        self.crawler.stats.inc_value("discovery/robots_sitemaps", len(sitemaps))
        yield from self._after_robots(source, response.url, sitemaps)
        yield from self._settle(source)

    def _after_robots(self, source: Source | None, robots_url: str, sitemaps: list[str]) -> Iterator[Request]:
        if source is None:
            return
        for url, found in sitemaps_to_read(source, sitemaps, self.guess_sitemaps):
            if found != "declared":  # the declared ones were asked for at the start
                yield from self._sitemap_request(
                    source, url, robots_url if found != "guess" else found, depth=0
                )

    def _sitemap_request(
        self, source: Source, url: str, found_in: str, depth: int, lastmod: str = ""
    ) -> Iterator[Request]:
        max_files = self.sitemap_max_files if depth <= self.sitemap_max_depth else 0
        verdict = self.states[source.name].add_sitemap(url, max_files)
        if verdict == "loop":
            self.crawler.stats.inc_value("discovery/sitemap_loops")
            return
        if verdict == "limit":
            self.crawler.stats.inc_value("discovery/sitemap_limit")
            self.logger.warning("%s: sitemap %s skipped (depth or count limit)", source.name, url)
            return
        request = self.entry(
            url,
            source,
            "sitemap",
            self.parse_sitemap,
            page_kind="sitemap",
            discovered_from=None if found_in in ("declared", "guess") else found_in,
            sitemap_depth=depth,
            discovery={"found": found_in} if found_in in ("declared", "guess") else {},
        )
        if lastmod:
            request.meta[DISCOVERY] = {**request.meta[DISCOVERY], "lastmod": lastmod}
        if self.since or self.until:  # this reading leaves out entries: it cannot vouch for the sitemap later
            window = f"{self.since or ''}..{self.until or ''}"
            request.meta[DISCOVERY] = {**request.meta[DISCOVERY], "window": window}
        yield request

    def _feed_request(self, source: Source, url: str, found_in: str) -> Iterator[Request]:
        if not self.states[source.name].add_feed(url, 500):
            return
        yield self.entry(
            url,
            source,
            "feed",
            self.parse_feed,
            page_kind="feed",
            discovered_from=None if found_in == "declared" else found_in,
            discovery={"found": "declared"} if found_in == "declared" else {},
        )

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        source = self._source_of(response)
        stored = self._stored_if_unchanged(response)
        if stored is None:
            yield from self._refetch(source, response.request)
        elif looks_like_sitemap(stored.body):
            yield from self._sitemap_entries(source, stored)
        else:
            self.crawler.stats.inc_value("discovery/not_a_sitemap")
        yield from self._settle(source)

    def _stored_if_unchanged(self, response: Response) -> Response | None:
        """A sitemap or feed answered 304 to a conditional GET: the body archived last time, as a 200.

        Its entries are listed again, so pages a killed or filtered run did not fetch are not lost.
        None when that body cannot be read (then the caller fetches it in full)."""
        if response.status != 304:
            return response
        stored = stored_response(self.settings.get("NEWSARCHIVE_DATA"), response)
        if stored is None:
            self.logger.warning(
                "%s: 304, and the archived copy is unreadable; fetching it again", response.url
            )
            return None
        self.crawler.stats.inc_value("discovery/not_modified")
        return stored

    def _refetch(self, source: Source | None, request: Request) -> Iterator[Request]:
        if source is None:
            return
        dropped = ("previous_capture", "incremental_checked", "handle_httpstatus_list", "download_slot")
        dropped += ("source", "via", "entry", "recheck", "depth", "download_latency", "download_timeout")
        meta = {k: v for k, v in request.meta.items() if k not in dropped}
        meta[UNCONDITIONAL] = True  # without If-None-Match: the whole body this time
        via = request.meta.get(VIA) or "sitemap"
        yield self.entry(request.url, source, via, request.callback, **meta)

    def _sitemap_entries(self, source: Source, response: Response) -> Iterator[Request]:
        stats = self.crawler.stats
        try:
            sitemap = parse_sitemap(
                response.body,
                response.url,
                content_type_of(response),
                max_bytes=self.sitemap_max_bytes,
                tz=self.zone_of(source),
            )
        except (TooLarge, OSError, EOFError) as exc:
            stats.inc_value("discovery/sitemap_errors")
            self.logger.warning("%s: sitemap %s unreadable: %s", source.name, response.url, exc)
            return
        stats.inc_value(f"discovery/sitemaps/{sitemap.kind}")
        depth = response.meta.get(SITEMAP_DEPTH, 0)
        for entry in sitemap.entries:
            if sitemap.kind == "sitemapindex":
                # A child sitemap last changed before --since cannot list anything newer.
                if self.since and entry.published and entry.published.date() < self.since:
                    stats.inc_value("discovery/filtered/sitemap_lastmod")
                    continue
                yield from self._sitemap_request(source, entry.loc, response.url, depth + 1, entry.lastmod)
                continue
            fields = {"sitemap": response.url, **entry.fields(), **_published_fields(entry.published)}
            yield from self._listed(
                source, entry.loc, "sitemap", response.url, entry.published, fields, bool(entry.news)
            )

    def parse_feed(self, response: Response) -> Iterator[Request]:
        source = self._source_of(response)
        stored = self._stored_if_unchanged(response)
        if stored is None:
            yield from self._refetch(source, response.request)
        else:
            yield from self._feed_items(source, stored)
        yield from self._settle(source)

    def _feed_items(self, source: Source, response: Response) -> Iterator[Request]:
        content_type = content_type_of(response)
        if (
            not looks_like_feed(response.body, content_type)
            and isinstance(response, TextResponse)
            and is_html(response)
        ):
            # An "RSS" page that lists the site's feeds (common on Vietnamese sites): follow the feeds.
            for url in feeds_on_page(response):
                yield from self._feed_request(source, url, response.url)
            return
        try:
            feed = parse_feed(response.body, response.url, content_type, tz=self.zone_of(source))
        except TooLarge as exc:  # a gzip body that inflates past the limit
            self.crawler.stats.inc_value("discovery/feed_errors")
            self.logger.warning("%s: feed %s unreadable: %s", source.name, response.url, exc)
            return
        self.crawler.stats.inc_value(f"discovery/feeds/{feed.kind}")
        if feed.recovered:
            self.crawler.stats.inc_value("discovery/feeds_recovered")
        for item in feed.items:
            fields = {
                "feed": response.url,
                "feed:title": item.title or None,
                **_published_fields(item.published),
            }
            fields.update({f"feed:{k}": v for k, v in item.dates.items()})
            yield from self._listed(source, item.url, "feed", response.url, item.published, fields, True)

    def _listed(self, source, url, via, found_in, published, fields, article: bool) -> Iterator[Request]:
        """A page a sitemap or feed names: in scope, not a media file, and inside --since/--until."""
        state = self.states[source.name]
        if self.source_for(url) is not source:
            self.crawler.stats.inc_value("discovery/out_of_scope")
            return
        kind, why = listed_kind(url, source, article, via)
        if kind is None or state.is_entry(url):  # the homepage is fetched as an entry point already
            return
        if kind == "article":
            # Only articles count: a sitemap of section pages alone still needs link following.
            state.note_listed()
        if not in_window(published, self.since, self.until):
            self.crawler.stats.inc_value(f"discovery/filtered/{via}")
            return
        self.crawler.stats.inc_value(f"discovery/listed/{via}")
        fields = {k: v for k, v in fields.items() if v not in (None, "", [])}
        yield self.request(
            url, source, via, discovered_from=found_in, page_kind=kind, page_kind_reason=why, discovery=fields
        )

    # -- deciding between structured discovery and link following --------------------------------------
    def _settle(self, source: Source | None) -> Iterator[Request]:
        if source is None:
            return
        if self.states[source.name].answer_entry():
            yield from self._decide(source)

    def _decide(self, source: Source) -> Iterable[Request]:
        mode, deferred, listed = self.states[source.name].decide()
        if mode == "structured":
            self.crawler.stats.inc_value("discovery/links_not_followed", len(deferred))
            self.logger.info(
                "%s: sitemaps and feeds list %d pages; links are not followed", source.name, listed
            )
            return []
        self.logger.info("%s: no sitemap or feed lists its pages; following links", source.name)
        return deferred

    def _idle(self) -> None:
        """Safety net: a source whose discovery never settled (a request dropped unseen) decides now; in a
        shared crawl, only once no worker has anything left."""
        frontier = self.frontier()
        if frontier is not None and not frontier.globally_idle():
            return
        released = []
        for source in self.sources:
            if not self.states[source.name].decided():
                released.extend(self._decide(source))
        if released:
            for request in released:
                self.crawler.engine.crawl(request)
            raise DontCloseSpider
