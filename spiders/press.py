"""The generic press spider: everything it does comes from a source entry in the sources file.

scrapy crawl press -a source=baochinhphu            (several: -a source=a,b)
newsarchive crawl baochinhphu
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.exceptions import CloseSpider
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor

from archive.pages import markup_says_article, url_kind
from archive.sources import Source, SourceError, load_sources
from crawler.items import ArticlePage

__all__ = ["PressSpider"]


class PressSpider(Spider):
    name = "press"

    def __init__(self, source: str = "", sources_file: str = "", **kwargs):
        super().__init__(**kwargs)
        self.source_arg = source
        self.sources_file = sources_file
        self.sources: list[Source] = []
        self._by_host: dict[str, Source] = {}

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider._configure(crawler.settings)
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
        self.allowed_domains = sorted({d for s in self.sources for d in s.domains})
        for source in self.sources:
            for domain in source.domains:
                self._by_host[domain] = source
        # Settings may still change here (Scrapy freezes them after the spider is built): each source's
        # hosts get its own delay and one connection.
        slots = dict(settings.getdict("DOWNLOAD_SLOTS"))
        for source in self.sources:
            slots.setdefault(_slot(source), {"concurrency": 1, "delay": source.delay})
        settings.set("DOWNLOAD_SLOTS", slots, priority="spider")
        if self.sources:
            settings.set("DOWNLOAD_DELAY", min(s.delay for s in self.sources), priority="spider")
        # Scope is checked by host in source_for(): LinkExtractor's allow_domains does not ignore ports.
        self.link_extractor = LinkExtractor(unique=True)

    def source_for(self, url: str) -> Source | None:
        host = urlsplit(url).hostname or ""
        while host:
            if host in self._by_host:
                return self._by_host[host]
            host = host.partition(".")[2]
        return None

    def request(self, url: str, source: Source, via: str, **meta) -> Request:
        """A request of one source: its own download slot (delay, one connection) and how it was found."""
        meta.update(source=source.name, via=via, download_slot=_slot(source))
        return Request(url, callback=self.parse, meta=meta)

    async def start(self) -> AsyncIterator[Request]:
        for source in self.sources:
            yield self.request(source.homepage, source, "homepage", page_kind="listing")

    def parse(self, response: Response) -> Iterator[Request | ArticlePage]:
        source = self.source_for(response.url)
        if source is None or not isinstance(response, TextResponse) or not _is_html(response):
            return
        kind = response.meta.get("page_kind") or url_kind(response.url, source.article_urls)
        if kind != "article" and not source.article_urls and markup_says_article(response.body):
            kind = "article"
        if kind == "article":
            yield ArticlePage.from_response(response, source.name)
        for link in self.link_extractor.extract_links(response):
            link_kind = url_kind(link.url, source.article_urls)
            if link_kind == "asset" or self.source_for(link.url) is not source:
                continue
            yield self.request(link.url, source, "link", discovered_from=response.url, page_kind=link_kind)


def _slot(source: Source) -> str:
    return f"source:{source.name}"


def _is_html(response: TextResponse) -> bool:
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
    return "html" in content_type or (not content_type and b"<html" in response.body[:2048].lower())
