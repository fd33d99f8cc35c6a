"""The generic press spider: everything it does comes from a source entry in the sources file.

scrapy crawl press -a source=baochinhphu            (several: -a source=a,b; -a since=2026-05-01 -a until=...)
newsarchive crawl baochinhphu

Discovery per source, from the homepage alone: robots.txt first (its Sitemap lines), then the declared sitemaps
or the usual locations, the declared feeds or those the homepage links with rel=alternate, and the homepage.
Only when sitemaps and feeds name no page of the source does it follow links from the homepage and listings.
Entry points (robots.txt, sitemaps, feeds, homepage) are fetched every run; what the catalog already holds is
left to crawler.incremental.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider, signals
from scrapy.exceptions import CloseSpider, DontCloseSpider, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.spidermiddlewares.httperror import HttpError

from archive.discovery import (
    USUAL_LOCATIONS,
    TooLarge,
    feed_links,
    in_window,
    iso_utc,
    looks_like_feed,
    looks_like_sitemap,
    parse_feed,
    parse_robots,
    parse_sitemap,
)
from archive.pages import markup_says_article, url_kind
from archive.requisites import page_requisites
from archive.sources import Source, SourceError, load_sources
from crawler.frontier import (
    ENTRY,
    SourceState,
    contact_user_agent,
    content_type_of,
    feeds_on_page,
    is_html,
    parse_day,
    source_slot,
    stored_response,
)
from crawler.items import ArticlePage

__all__ = ["PressSpider"]


class PressSpider(Spider):
    name = "press"

    def __init__(self, source: str = "", sources_file: str = "", since: str = "", until: str = "", **kwargs):
        super().__init__(**kwargs)
        self.source_arg = source
        self.sources_file = sources_file
        self.since = parse_day(since, "since")
        self.until = parse_day(until, "until")
        self.sources: list[Source] = []
        self._by_host: dict[str, Source] = {}
        self.states: dict[str, SourceState] = {}
        self.robots_netlocs: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider._configure(crawler.settings)
        crawler.signals.connect(spider._idle, signal=signals.spider_idle)
        return spider

    def _configure(self, settings) -> None:
        path = self.sources_file or settings.get("NEWSARCHIVE_SOURCES")
        try:
            known = load_sources(path)
        except SourceError as exc:
            raise CloseSpider(str(exc)) from exc
        names = [n.strip() for n in self.source_arg.split(",") if n.strip()] or list(known)
        unknown = [n for n in names if n not in known]
        if unknown:
            raise ValueError(f"{path}: no source named {', '.join(unknown)} (known: {', '.join(known)})")
        self.sources = [known[n] for n in names]
        self.states = {s.name: SourceState() for s in self.sources}
        self.allowed_domains = sorted({d for s in self.sources for d in s.domains})
        for source in self.sources:
            for domain in source.domains:
                self._by_host[domain] = source
        # Settings may still change here (Scrapy freezes them after the spider is built): each source's
        # hosts get its own delay and one connection.
        slots = dict(settings.getdict("DOWNLOAD_SLOTS"))
        for source in self.sources:
            slots.setdefault(source_slot(source), {"concurrency": 1, "delay": source.delay})
        settings.set("DOWNLOAD_SLOTS", slots, priority="spider")
        if self.sources:
            settings.set("DOWNLOAD_DELAY", min(s.delay for s in self.sources), priority="spider")
        settings.set("USER_AGENT", contact_user_agent(settings), priority=settings.getpriority("USER_AGENT"))
        self.guess_sitemaps = settings.getbool("NEWSARCHIVE_GUESS_SITEMAPS", True)
        self.autodiscover_feeds = settings.getbool("NEWSARCHIVE_AUTODISCOVER_FEEDS", True)
        self.sitemap_max_bytes = settings.getint("NEWSARCHIVE_SITEMAP_MAX_BYTES", 50 * 1024 * 1024)
        self.sitemap_max_depth = settings.getint("NEWSARCHIVE_SITEMAP_MAX_DEPTH", 4)
        self.sitemap_max_files = settings.getint("NEWSARCHIVE_SITEMAP_MAX_FILES", 5000)
        self.requisites_max = settings.getint("NEWSARCHIVE_PAGE_REQUISITES", 60)
        # Scope is checked by host in source_for(): LinkExtractor's allow_domains does not ignore ports.
        self.link_extractor = LinkExtractor(unique=True)
        from crawler.resume import prepare_jobdir

        prepare_jobdir(settings, [s.name for s in self.sources])

    def source_for(self, url: str) -> Source | None:
        host = urlsplit(url).hostname or ""
        while host:
            if host in self._by_host:
                return self._by_host[host]
            host = host.partition(".")[2]
        return None

    # -- requests --------------------------------------------------------------------------------------
    def request(self, url: str, source: Source, via: str, **meta) -> Request:
        """A request of one source: its own download slot (delay, one connection) and how it was found."""
        meta.update(source=source.name, via=via, download_slot=source_slot(source))
        return Request(url, callback=self.parse, errback=self.failed, meta=meta)

    def entry(self, url: str, source: Source, via: str, callback, **meta) -> Request:
        """A discovery request (robots, sitemap, feed, homepage): counted until answered, fetched every run."""
        state = self.states[source.name]
        state.pending += 1
        state.entries.add(url)
        meta.update(ENTRY, source=source.name, via=via, download_slot=source_slot(source), entry=True)
        # A 404 or 5xx ends in self.failed (HttpError), which counts it as answered too.
        return Request(url, callback=callback, errback=self.failed, meta=meta, dont_filter=True, priority=10)

    async def start(self) -> AsyncIterator[Request]:
        for source in self.sources:
            robots = urljoin(source.homepage, "/robots.txt")
            # crawler.politeness.RobotsRules waits for this response instead of fetching robots.txt again.
            self.robots_netlocs.add(urlsplit(robots).netloc)
            yield self.entry(
                robots, source, "robots", self.parse_robots, page_kind="robots", dont_obey_robotstxt=True
            )
            yield self.entry(
                source.homepage, source, "homepage", self.parse, page_kind="listing", homepage=True
            )
            for url in source.sitemaps:
                for request in self._sitemap_request(source, url, "declared", depth=0):
                    yield request
            for url in source.feeds:
                for request in self._feed_request(source, url, "declared"):
                    yield request

    # -- callbacks -------------------------------------------------------------------------------------
    def parse_robots(self, response: Response) -> Iterator[Request]:
        source = self._source_of(response)
        sitemaps = parse_robots(response.body, self.settings.get("USER_AGENT", "*")).sitemaps
        self.crawler.stats.inc_value("discovery/robots_sitemaps", len(sitemaps))
        yield from self._after_robots(source, response.url, sitemaps)
        yield from self._settle(source)

    def _after_robots(self, source: Source | None, robots_url: str, sitemaps: list[str]) -> Iterator[Request]:
        if source is None:
            return
        for url in sitemaps:
            yield from self._sitemap_request(source, url, robots_url, depth=0)
        if not source.sitemaps and not sitemaps and self.guess_sitemaps:
            for path in USUAL_LOCATIONS:
                yield from self._sitemap_request(source, urljoin(source.homepage, path), "guess", depth=0)

    def _sitemap_request(
        self, source: Source, url: str, found_in: str, depth: int, lastmod: str = ""
    ) -> Iterator[Request]:
        state = self.states[source.name]
        if url in state.sitemaps:
            self.crawler.stats.inc_value("discovery/sitemap_loops")
            return
        if depth > self.sitemap_max_depth or len(state.sitemaps) >= self.sitemap_max_files:
            self.crawler.stats.inc_value("discovery/sitemap_limit")
            self.logger.warning("%s: sitemap %s skipped (depth or count limit)", source.name, url)
            return
        state.sitemaps.add(url)
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
            request.meta["discovery"] = {**request.meta["discovery"], "lastmod": lastmod}
        yield request

    def _feed_request(self, source: Source, url: str, found_in: str) -> Iterator[Request]:
        state = self.states[source.name]
        if url in state.feeds or len(state.feeds) >= 500:
            return
        state.feeds.add(url)
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
        meta["unconditional"] = True  # without If-None-Match: the whole body this time
        via = request.meta.get("via") or "sitemap"
        yield self.entry(request.url, source, via, request.callback, **meta)

    def _sitemap_entries(self, source: Source, response: Response) -> Iterator[Request]:
        stats = self.crawler.stats
        try:
            sitemap = parse_sitemap(
                response.body, response.url, content_type_of(response), max_bytes=self.sitemap_max_bytes
            )
        except (TooLarge, OSError, EOFError) as exc:
            stats.inc_value("discovery/sitemap_errors")
            self.logger.warning("%s: sitemap %s unreadable: %s", source.name, response.url, exc)
            return
        stats.inc_value(f"discovery/sitemaps/{sitemap.kind}")
        depth = response.meta.get("sitemap_depth", 0)
        for entry in sitemap.entries:
            if sitemap.kind == "sitemapindex":
                # A child sitemap last changed before --since cannot list anything newer.
                if self.since and entry.published and entry.published.date() < self.since:
                    stats.inc_value("discovery/filtered/sitemap_lastmod")
                    continue
                yield from self._sitemap_request(source, entry.loc, response.url, depth + 1, entry.lastmod)
                continue
            fields = {"sitemap": response.url, **entry.fields(), "published": iso_utc(entry.published)}
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
        feed = parse_feed(response.body, response.url, content_type)
        self.crawler.stats.inc_value(f"discovery/feeds/{feed.kind}")
        if feed.recovered:
            self.crawler.stats.inc_value("discovery/feeds_recovered")
        for item in feed.items:
            fields = {
                "feed": response.url,
                "feed:title": item.title or None,
                "published": iso_utc(item.published),
            }
            fields.update({f"feed:{k}": v for k, v in item.dates.items()})
            yield from self._listed(source, item.url, "feed", response.url, item.published, fields, True)

    def _listed(self, source, url, via, found_in, published, fields, article: bool) -> Iterator[Request]:
        """A page a sitemap or feed names: in scope, not a media file, and inside --since/--until."""
        state = self.states[source.name]
        if self.source_for(url) is not source:
            self.crawler.stats.inc_value("discovery/out_of_scope")
            return
        kind = url_kind(url, source.article_urls)
        if kind == "asset" or url in state.entries:  # the homepage is fetched as an entry point already
            return
        if article and not source.article_urls:
            kind = "article"  # news sitemaps and feeds list articles, whatever their URLs look like
        if kind == "article":
            # Only articles count: a sitemap of section pages alone still needs link following.
            state.listed += 1
        if not in_window(published, self.since, self.until):
            self.crawler.stats.inc_value(f"discovery/filtered/{via}")
            return
        self.crawler.stats.inc_value(f"discovery/listed/{via}")
        fields = {k: v for k, v in fields.items() if v not in (None, "", [])}
        yield self.request(url, source, via, discovered_from=found_in, page_kind=kind, discovery=fields)

    def parse(self, response: Response) -> Iterator[Request | ArticlePage]:
        source = self.source_for(response.url) or self._source_of(response)
        if source is not None and isinstance(response, TextResponse) and is_html(response):
            yield from self._page(response, source)
        if response.meta.get("entry"):
            yield from self._settle(source)

    def _page(self, response: TextResponse, source: Source) -> Iterator[Request | ArticlePage]:
        meta = response.meta
        kind = meta.get("page_kind") or url_kind(response.url, source.article_urls)
        if kind != "article" and not source.article_urls and markup_says_article(response.body):
            kind = "article"
        if kind == "article":
            yield ArticlePage.from_response(response, source.name)
            if self.requisites_max:
                yield from self._requisites(response, source)
        state = self.states[source.name]
        if meta.get("homepage") and not source.feeds and self.autodiscover_feeds:
            for url in feed_links(response.body, response.url):
                yield from self._feed_request(source, url, response.url)
        if kind == "article" and meta.get("via") in ("sitemap", "feed"):
            return  # pages that sitemaps and feeds name are leaves
        links = list(self._links(response, source))
        if state.mode == "links":
            yield from links
        elif not state.mode:
            state.deferred.extend(links)  # until sitemaps and feeds have said whether they list articles
        else:
            self.crawler.stats.inc_value("discovery/links_not_followed", len(links))

    def _requisites(self, response: TextResponse, source: Source) -> Iterator[Request]:
        """The images and stylesheets of an article page, from any host (photos live on CDNs), so that replay
        shows the page as it was. Fetched once: an archived requisite is never re-checked."""
        for url in page_requisites(response.text, response.url, limit=self.requisites_max):
            yield from self._robots_for(url, source)
            meta = {
                "source": source.name,
                "via": "requisite",
                "page_kind": "requisite",
                "discovered_from": response.url,
                "recheck": "never",
                "allow_offsite": True,
            }
            if (
                self.source_for(url) is source
            ):  # the source's own hosts share its slot (delay, one connection)
                meta["download_slot"] = source_slot(source)
            yield Request(url, callback=self._requisite, meta=meta, priority=-10)

    def _robots_for(self, url: str, source: Source) -> Iterator[Request]:
        """robots.txt of a host outside the sources (a CDN), asked for once a run before its first requisite;
        crawler.politeness.RobotsRules holds that host's requests until it is answered."""
        parts = urlsplit(url)
        if parts.netloc in self.robots_netlocs:
            return
        self.robots_netlocs.add(parts.netloc)
        meta = {
            "source": source.name,
            "via": "robots",
            "page_kind": "robots",
            "discovered_from": url,
            "dont_obey_robotstxt": True,
            "allow_offsite": True,
            "recheck": "always",  # the host's requests wait for it: it must never be skipped
        }
        yield Request(
            f"{parts.scheme}://{parts.netloc}/robots.txt", callback=self._requisite, meta=meta, priority=10
        )

    def _requisite(self, response: Response) -> Iterator[Request]:
        return iter(())  # archived by the recorder on arrival; nothing to parse

    def _links(self, response: TextResponse, source: Source) -> Iterator[Request]:
        for link in self.link_extractor.extract_links(response):
            link_kind = url_kind(link.url, source.article_urls)
            if link_kind == "asset" or self.source_for(link.url) is not source:
                continue
            if link.url in self.states[source.name].entries:
                continue  # already fetched this run as an entry point
            meta = ENTRY if link_kind == "listing" else {}  # listings are where new links appear: every run
            yield self.request(
                link.url, source, "link", discovered_from=response.url, page_kind=link_kind, **meta
            )

    def failed(self, failure) -> Iterator[Request]:
        """Errback: a discovery request that failed still counts as answered."""
        request = failure.request
        not_modified = failure.check(HttpError) and failure.value.response.status == 304  # a re-check: fine
        quiet = (
            failure.check(IgnoreRequest)
            or not_modified
            or (failure.check(HttpError) and request.meta.get("entry"))
        )
        (self.logger.debug if quiet else self.logger.info)("%s: %s", request.url, failure.getErrorMessage())
        if not request.meta.get("entry"):
            return
        source = self._source_of(request)
        if source is None:
            return
        if request.meta.get("via") == "robots":  # no robots.txt: the usual sitemap locations
            yield from self._after_robots(source, request.url, [])
        yield from self._settle(source)

    # -- deciding between structured discovery and link following --------------------------------------
    def _settle(self, source: Source | None) -> Iterator[Request]:
        if source is None:
            return
        state = self.states[source.name]
        state.pending -= 1
        if state.pending <= 0 and not state.mode:
            yield from self._decide(source)

    def _decide(self, source: Source) -> Iterable[Request]:
        state = self.states[source.name]
        deferred, state.deferred = state.deferred, []
        if state.listed:
            state.mode = "structured"
            self.crawler.stats.inc_value("discovery/links_not_followed", len(deferred))
            self.logger.info(
                "%s: sitemaps and feeds list %d pages; links are not followed", source.name, state.listed
            )
            return []
        state.mode = "links"
        self.logger.info("%s: no sitemap or feed lists its pages; following links", source.name)
        return deferred

    def _idle(self) -> None:
        """Safety net: a source whose discovery never settled (a request dropped unseen) decides now."""
        released = []
        for source in self.sources:
            if not self.states[source.name].mode:
                released.extend(self._decide(source))
        if released:
            for request in released:
                self.crawler.engine.crawl(request)
            raise DontCloseSpider

    def _source_of(self, thing: Response | Request) -> Source | None:
        name = thing.meta.get("source")
        for source in self.sources:
            if source.name == name:
                return source
        return self.source_for(thing.url)
