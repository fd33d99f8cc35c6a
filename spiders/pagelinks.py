"""What an archived page leads to: its requisites (images and stylesheets, for replay), the documents an
article attaches, and the links link following takes. The press spider's mixin; it provides `sources`,
`states`, `request()`, `source_for()`, `requisites_asked`, `links_seen`, `robots_netlocs`, `link_extractor`."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.http import Response, TextResponse

from archive.discovery.pagekinds import document_links, url_kind
from archive.sources import Source
from crawler.frontier import ENTRY, source_slot
from crawler.meta import DISCOVERED_FROM, PAGE_KIND, RECHECK, SOURCE, VIA

__all__ = ["PageLinks"]


class PageLinks:
    def requisite_requests(
        self, page_url: str, source_name: str, urls: list[str], depth: int | None = None
    ) -> Iterator[Request]:
        """Requests for the images and stylesheets of an article page, from any host (photos live on CDNs),
        so that replay shows the page as it was. Fetched once: an archived requisite is never re-checked.
        Called by the extraction pipeline with the URLs its worker found (or by parse() without one)."""
        source = next((s for s in self.sources if s.name == source_name), None)
        if source is None:
            return
        for url in urls:
            if self.requisites_asked.seen(url):
                continue  # the same logo, stylesheet or sidebar photo on every page: asked for once
            yield from self._robots_for(url, source)
            meta = {
                SOURCE: source.name,
                VIA: "requisite",
                PAGE_KIND: "requisite",
                DISCOVERED_FROM: page_url,
                RECHECK: "never",
                "allow_offsite": True,
            }
            if self.page_timeout:
                meta["download_timeout"] = self.page_timeout
            if depth is not None:  # as DepthMiddleware counts it for requests a callback yields
                meta["depth"] = depth + 1
            if (
                self.source_for(url) is source
            ):  # the source's own hosts share its slot (delay, one connection)
                meta["download_slot"] = source_slot(source)
            # set here: requests the pipeline schedules do not pass the spider middlewares (RefererMiddleware)
            headers = {"Referer": page_url}
            # priority 0: above the pages still queued (DEPTH_PRIORITY lowers theirs), so a page's photos
            # follow it while the extraction workers take the next pages, instead of all at the end
            yield Request(
                url, callback=self._requisite, errback=self.failed, meta=meta, headers=headers, priority=0
            )

    def _robots_for(self, url: str, source: Source) -> Iterator[Request]:
        """robots.txt of a host outside the sources (a CDN), asked for once a run before its first requisite;
        crawler.middlewares.politeness.RobotsRules holds that host's requests until it is answered."""
        parts = urlsplit(url)
        if parts.netloc in self.robots_netlocs:
            return
        self.robots_netlocs.add(parts.netloc)
        meta = {
            SOURCE: source.name,
            VIA: "robots",
            PAGE_KIND: "robots",
            DISCOVERED_FROM: url,
            "dont_obey_robotstxt": True,
            "allow_offsite": True,
            RECHECK: "always",  # the host's requests wait for it: it must never be skipped
        }
        yield Request(
            f"{parts.scheme}://{parts.netloc}/robots.txt",
            callback=self._requisite,
            errback=self.failed,
            meta=meta,
            priority=10,
        )

    def _requisite(self, response: Response) -> Iterator[Request]:
        return iter(())  # archived by the recorder on arrival; nothing to parse

    def _attachments(self, response: TextResponse, source: Source) -> Iterator[Request]:
        """The PDF documents an article links to (decrees, communiqués), in the source's scope: fetched whatever
        the mode of discovery, since sitemaps and feeds rarely list them."""
        for href in document_links(response.body):
            url = urljoin(response.url, href)
            if self.source_for(url) is source and not self.links_seen.seen(url):
                yield self.request(url, source, "link", discovered_from=response.url, page_kind="document")

    def _links(self, response: TextResponse, source: Source) -> Iterator[Request]:
        # Extracted from a copy, whose parsed tree (parsel caches it on the response: a few MB for a 150 KB
        # page) goes with the copy: the response itself stays in the scraper until its article is extracted,
        # and with ~20 of them waiting for the workers their trees held ~130 MB (bench --no-sitemaps)
        for link in self.link_extractor.extract_links(response.replace()):
            link_kind = url_kind(link.url, source.article_urls)
            if link_kind == "asset" or self.source_for(link.url) is not source:
                continue
            if self.states[source.name].is_entry(link.url):
                continue  # already fetched this run as an entry point
            followed = self.links_followed.get(source.name, 0)  # this process's (a worker's own share)
            if self.links_max and followed >= self.links_max:
                if followed == self.links_max:
                    self.links_followed[source.name] = followed + 1  # said once
                    self.logger.warning(
                        "%s: %d links followed this run (NEWSARCHIVE_LINKS_MAX): following no more",
                        source.name,
                        self.links_max,
                    )
                self.crawler.stats.inc_value("discovery/links_over_limit")
                continue
            if self.links_seen.seen(link.url):
                # the menu, the sidebars and the related boxes link the same pages from every page: skip a
                # repeat here instead of building a Request that the dupefilter drops (most of the cost of
                # following links, in the first session's profiles)
                self.crawler.stats.inc_value("discovery/links_seen_before")
                continue
            meta = ENTRY if link_kind == "listing" else {}  # listings are where new links appear: every run
            self.links_followed[source.name] = followed + 1
            yield self.request(
                link.url, source, "link", discovered_from=response.url, page_kind=link_kind, **meta
            )
