"""The recorder's half for pages that say more once they are read: a page the browser rendered (every exchange
it made, and its DOM beside its response) and a page whose kind turned out other than its link suggested (a
metadata record revising it), both written so that reindex and import read the same."""

from __future__ import annotations

import logging

from scrapy import Spider
from scrapy.http import Request, Response

from crawler.meta import CAPTURE_ID, DISCOVERED_FROM, PAGE_KIND, RESPONSE_URL, SOURCE, VIA, WARC_RECORD_ID

__all__ = ["PageRevisions"]

log = logging.getLogger(__name__)


class PageRevisions:
    """Mixed into WarcRecorder, whose writer, catalog, records, stats and record_exchange it uses."""

    def _record_rendered(self, response: Response, request: Request, spider: Spider, capture) -> None:
        """A page the browser rendered: each exchange it made (the page's own with the request's meta, the
        rest as its requisites), then the rendered DOM as a conversion record referring to the page's
        response, whose capture row points at it."""
        main = capture.main_document(response.url)
        if main is None:
            self.stats.inc_value("render/no_document")
            log.warning("render: the browser kept no response for %s; nothing archived", request.url)
            return
        for kind, exchange in capture.exchanges:
            if exchange is main:
                continue
            sub = {
                SOURCE: request.meta.get(SOURCE),
                VIA: "render",
                PAGE_KIND: "document" if kind == "document" else "requisite",
                DISCOVERED_FROM: response.url,
            }
            self.record_exchange(exchange, sub, spider)
            self.stats.inc_value("render/exchanges")
        self.record_exchange(main, request.meta, spider, rendered=(response.text, capture.unsettled))
        self.stats.inc_value("render/pages")
        if capture.unsettled:
            self.stats.inc_value("render/unsettled")
            log.info("render: %s: scripts did not settle in time; archived as far as they got", response.url)

    def revise_page_kind(self, meta: dict, kind: str, reason: str) -> None:
        """What a page turned out to be once read (its kind was recorded before, from how it was found), and why:
        a metadata record referring to its response, so that reindex and import read the same, and the capture
        row updated."""
        if self.stopped or self.writer is None or self.catalog is None:
            return
        fields = {"page-kind": kind, "page-kind-reason": reason}
        try:
            self.writer.write(self.records.metadata(meta[RESPONSE_URL], meta[WARC_RECORD_ID], fields))
            self.catalog.update_capture(meta[CAPTURE_ID], page_kind=kind, page_kind_reason=reason)
        except Exception as exc:
            if not self.stop_for(exc):
                raise
        self.stats.inc_value("warc/records")
