"""The generic press spider: everything it does comes from a source entry in the sources file.

scrapy crawl press -a source=baochinhphu            (several: -a source=a,b; -a since=2026-05-01 -a until=...)
newsarchive crawl baochinhphu

Discovery per source, from the homepage alone: robots.txt first (its Sitemap lines), then the declared sitemaps
or the usual locations, the declared feeds or those the homepage links with rel=alternate, and the homepage.
Only when sitemaps and feeds name no page of the source does it follow links from the homepage and listings.
Entry points (robots.txt, sitemaps, feeds, homepage) are fetched every run; what the catalog already holds is
left to crawler.middlewares.incremental.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider, signals
from scrapy.exceptions import CloseSpider, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS, LinkExtractor
from scrapy.spidermiddlewares.httperror import HttpError

from archive.discovery.pagekinds import page_kind, url_kind
from archive.discovery.plan import feeds_to_read
from archive.extract.pdf import is_pdf
from archive.extract.requisites import page_requisites
from archive.sources import Source, SourceError, load_sources
from crawler.failures import classify, fetch_failed
from crawler.frontier import (
    ENTRY,
    RecentSet,
    SourceState,
    contact_user_agent,
    content_type_of,
    effective_politeness,
    is_html,
    parse_day,
    source_slot,
)
from crawler.items import ArticlePage
from crawler.meta import (
    CAPTURE_ID,
    ENTRY_POINT,
    HOMEPAGE,
    PAGE_KIND,
    SOURCE,
    TRUNCATED,
    VIA,
)
from crawler.middlewares.incremental import UnchangedSitemap
from crawler.render import RenderUnavailable, configure_rendering, mark_render
from spiders.pagelinks import PageLinks
from spiders.structured import SitemapsAndFeeds

__all__ = ["PressSpider", "listed_as"]


def listed_as(meta: dict) -> str:
    """ "feed" or "news-sitemap" when discovery named the page as an item (evidence that it is an article)."""
    via, fields = meta.get("via"), meta.get("discovery") or {}
    if via == "feed":
        return "feed"
    if via == "sitemap" and any(str(k).startswith("news:") for k in fields):
        return "news-sitemap"
    return ""


class PressSpider(SitemapsAndFeeds, PageLinks, Spider):
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
        # requisite URLs requested this run; skipping repeats here spares building and scheduling a Request
        # that the dupefilter would drop (~60 per article page, most of them shared between pages)
        self.requisites_asked = RecentSet(20_000)  # bounded: a long backfill's memory stays flat
        self.links_seen = RecentSet(50_000)  # links followed this run (the same, for link following)
        self.links_followed: dict[str, int] = {}  # per source, link requests made (NEWSARCHIVE_LINKS_MAX)
        self._extraction_pipeline: bool | None = None  # found when the first article arrives
        self._warc_recorder = None

    @classmethod
    def update_settings(cls, settings) -> None:
        super().update_settings(settings)
        if settings.get("NEWSARCHIVE_FRONTIER"):  # one worker of a crawl shared over Redis
            from crawler.frontier_redis import apply_frontier_settings

            apply_frontier_settings(settings)

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
        # crawler.middlewares.politeness.RobotsRules waits for the spider's robots.txt request (in whichever
        # worker of a shared crawl fetches it) instead of fetching robots.txt again.
        self.robots_netlocs = {urlsplit(urljoin(s.homepage, "/robots.txt")).netloc for s in self.sources}
        self.allowed_domains = sorted({d for s in self.sources for d in s.domains})
        for source in self.sources:
            for domain in source.domains:
                self._by_host[domain] = source
        # The spider sets download slots because politeness is per source and Scrapy knows per-host settings
        # only as DOWNLOAD_SLOTS (settings may still change here; Scrapy freezes them after the spider is
        # built): each source's hosts share one slot with the source's `delay` and `concurrency`, which a
        # user's explicit CONCURRENT_REQUESTS_PER_DOMAIN can raise and DOWNLOAD_DELAY replace.
        slots = dict(settings.getdict("DOWNLOAD_SLOTS"))
        for source in self.sources:
            delay, concurrency = effective_politeness(source, settings)
            slots.setdefault(source_slot(source), {"concurrency": concurrency, "delay": delay})
            self.logger.info(
                "source %s: %s s between requests, %d connection(s)",
                source.name,
                slots[source_slot(source)].get("delay", delay),
                slots[source_slot(source)].get("concurrency", concurrency),
            )
        settings.set("DOWNLOAD_SLOTS", slots, priority="spider")
        if self.sources:  # requests outside every slot (none expected) wait at least the politest delay
            settings.set("DOWNLOAD_DELAY", min(s.delay for s in self.sources), priority="spider")
        settings.set("USER_AGENT", contact_user_agent(settings), priority=settings.getpriority("USER_AGENT"))
        try:
            configure_rendering(self.sources, settings)
        except RenderUnavailable as exc:
            raise CloseSpider(str(exc)) from exc
        self.guess_sitemaps = settings.getbool("NEWSARCHIVE_GUESS_SITEMAPS")
        self.autodiscover_feeds = settings.getbool("NEWSARCHIVE_AUTODISCOVER_FEEDS")
        self.sitemap_max_bytes = settings.getint("NEWSARCHIVE_SITEMAP_MAX_BYTES")
        self.sitemap_max_depth = settings.getint("NEWSARCHIVE_SITEMAP_MAX_DEPTH")
        self.sitemap_max_files = settings.getint("NEWSARCHIVE_SITEMAP_MAX_FILES")
        self.requisites_max = settings.getint("NEWSARCHIVE_PAGE_REQUISITES")
        self.page_timeout = settings.getfloat("NEWSARCHIVE_PAGE_TIMEOUT")
        self.parse_max = settings.getint("EXTRACT_MAX_BYTES")  # larger pages are archived, never parsed
        self.links_max = settings.getint("NEWSARCHIVE_LINKS_MAX")
        # Scope is checked by host in source_for(): LinkExtractor's allow_domains does not ignore ports.
        # Scrapy's default leaves out .pdf links: documents are wanted here
        self.link_extractor = LinkExtractor(
            unique=True, deny_extensions=[e for e in IGNORED_EXTENSIONS if e != "pdf"]
        )
        from crawler.extensions.resume import prepare_jobdir

        prepare_jobdir(settings, [s.name for s in self.sources])

    def _recorder(self):
        """The WARC recorder extension of this crawl (None when WARC_ENABLED is off)."""
        if self._warc_recorder is None and self.crawler.settings.getbool("WARC_ENABLED"):
            from crawler.extensions.recorder import WarcRecorder

            self._warc_recorder = self.crawler.get_extension(WarcRecorder)
        return self._warc_recorder

    def _requisites_by_extraction(self) -> bool:
        """The extraction workers parse each article anyway: when the pipeline runs, they list the page's
        requisites and it asks for them (requisite_requests), instead of a second parse here in the crawl's
        main process."""
        if self._extraction_pipeline is None:
            from crawler.pipelines.extraction import ExtractionPipeline

            found = self.crawler.get_item_pipeline(ExtractionPipeline)
            self._extraction_pipeline = found is not None
        return self._extraction_pipeline

    def source_for(self, url: str) -> Source | None:
        host = urlsplit(url).hostname or ""
        while host:
            if host in self._by_host:
                return self._by_host[host]
            host = host.partition(".")[2]
        return None

    # -- requests --------------------------------------------------------------------------------------
    def request(self, url: str, source: Source, via: str, **meta) -> Request:
        """A request of one source: its own download slot (delay, one connection) and how it was found; a page
        gets the page timeout (entry points keep DOWNLOAD_TIMEOUT: crawler/middlewares/bounds.py)."""
        meta.update({SOURCE: source.name, VIA: via, "download_slot": source_slot(source)})
        if self.page_timeout and not meta.get(ENTRY_POINT):
            meta.setdefault("download_timeout", self.page_timeout)
        mark_render(meta, source)
        return Request(url, callback=self.parse, errback=self.failed, meta=meta)

    def entry(self, url: str, source: Source, via: str, callback, **meta) -> Request:
        """A discovery request (robots, sitemap, feed, homepage): counted until answered, fetched every run."""
        self.states[source.name].open_entry(url)
        meta.update(
            ENTRY, **{SOURCE: source.name, VIA: via, ENTRY_POINT: True}, download_slot=source_slot(source)
        )
        mark_render(meta, source)
        # A 404 or 5xx ends in self.failed (HttpError), which counts it as answered too.
        return Request(url, callback=callback, errback=self.failed, meta=meta, dont_filter=True, priority=10)

    def frontier(self):
        """The worker of a crawl shared over Redis (crawler.frontier_redis), or None when crawling alone."""
        if not self.settings.get("NEWSARCHIVE_FRONTIER"):
            return None
        from crawler.frontier_redis.worker import FrontierWorker

        return self.crawler.get_extension(FrontierWorker)

    async def start(self) -> AsyncIterator[Request]:
        frontier = self.frontier()
        if frontier is not None:
            self.states = frontier.source_states(self)  # what every worker must agree on, in Redis
            if not frontier.claim_seed(self):
                return  # another worker asked for the entry points of this crawl
        for source in self.sources:
            robots = urljoin(source.homepage, "/robots.txt")
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
    def parse(self, response: Response) -> Iterator[Request | ArticlePage]:
        source = self.source_for(response.url) or self._source_of(response)
        if source is not None and is_pdf(response.body, content_type_of(response)):
            yield ArticlePage.from_response(response, source.name)  # a document: extracted like an article
        elif source is not None and isinstance(response, TextResponse) and is_html(response):
            yield from self._page(response, source)
        if response.meta.get(ENTRY_POINT):
            yield from self._settle(source)

    def _page(self, response: TextResponse, source: Source) -> Iterator[Request | ArticlePage]:
        meta = response.meta
        if meta.get(TRUNCATED) or (self.parse_max and len(response.body) > self.parse_max):
            yield from self._unparsed(response, source)
            return
        evidence = page_kind(
            response.url, response.body, listed=listed_as(meta), article_patterns=source.article_urls
        )
        kind = evidence.kind
        self._note_kind(meta, kind, evidence.reason)
        if kind == "article":
            item = ArticlePage.from_response(response, source.name)
            by_extraction = self._requisites_by_extraction()
            if by_extraction:
                item.requisites_limit = self.requisites_max
            yield item
            if self.requisites_max and not by_extraction:
                urls = page_requisites(response.text, response.url, limit=self.requisites_max)
                yield from self.requisite_requests(response.url, source.name, urls, meta.get("depth"))
            yield from self._attachments(response, source)
        state = self.states[source.name]
        if meta.get(HOMEPAGE) and not source.feeds:  # the declared feeds were asked for at the start
            for url, found in feeds_to_read(source, response.body, response.url, self.autodiscover_feeds):
                yield from self._feed_request(source, url, found)
        if kind == "article" and meta.get(VIA) in ("sitemap", "feed"):
            return  # pages that sitemaps and feeds name are leaves
        links = list(self._links(response, source))
        # kept until sitemaps and feeds have said whether they list articles
        followed, mode = state.follow(links)
        yield from followed
        if mode == "structured":
            self.crawler.stats.inc_value("discovery/links_not_followed", len(links))

    def _note_kind(self, meta: dict, kind: str, reason: str) -> None:
        """The capture says what the page turned out to be, and why (it was recorded before the page was read)."""
        self.crawler.stats.inc_value(f"pages/{kind}")
        recorder = self._recorder()
        if recorder is not None and meta.get(CAPTURE_ID) is not None:
            recorder.revise_page_kind(meta, kind, reason)

    def _unparsed(self, response: TextResponse, source: Source) -> Iterator[ArticlePage]:
        """A page cut short (kept with WARC-Truncated, never extracted: its capture says so) or larger than
        EXTRACT_MAX_BYTES: archived, but neither extracted nor read for links, which would hold ~40 times its
        size in memory; the pipeline records why (`too_large`)."""
        if response.meta.get(TRUNCATED):
            self.crawler.stats.inc_value("discovery/truncated_not_parsed")
            return
        self.crawler.stats.inc_value("discovery/too_large_not_parsed")
        if (
            url_kind(response.url, source.article_urls) == "article"
            or response.meta.get(PAGE_KIND) == "article"
        ):
            yield ArticlePage.too_large(response, source.name)

    def failed(self, failure) -> Iterator[Request]:
        """Errback: a fetch that failed without a response is recorded (crawler/failures.py); a discovery
        request that failed still counts as answered."""
        request = failure.request
        found = classify(failure)
        if found is not None:
            self.crawler.signals.send_catch_log(
                fetch_failed, request=request, reason=found[0], detail=found[1]
            )
        not_modified = failure.check(HttpError) and failure.value.response.status == 304  # a re-check: fine
        quiet = (
            failure.check(IgnoreRequest)
            or not_modified
            or (failure.check(HttpError) and request.meta.get(ENTRY_POINT))
        )
        (self.logger.debug if quiet else self.logger.info)("%s: %s", request.url, failure.getErrorMessage())
        if not request.meta.get(ENTRY_POINT):
            return
        source = self._source_of(request)
        if source is None:
            return
        if request.meta.get(VIA) == "robots":  # no robots.txt: the usual sitemap locations
            yield from self._after_robots(source, request.url, [])
        if failure.check(UnchangedSitemap):
            self.states[source.name].note_listed()  # its pages are in the catalog: no need to follow links
        yield from self._settle(source)

    def _source_of(self, thing: Response | Request) -> Source | None:
        name = thing.meta.get(SOURCE)
        for source in self.sources:
            if source.name == name:
                return source
        return self.source_for(thing.url)
