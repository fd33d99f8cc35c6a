"""The recorder's half that deals with trouble: a failed fetch becomes a WARC metadata record and a `failures`
row (archive/catalog/failures.py), a response cut short a failure beside its truncated record, and a full disk
or a damaged catalog stops the crawl with one message (the open WARC file cut back to its complete records)."""

from __future__ import annotations

import logging
import sqlite3

from scrapy.http import Request
from scrapy.utils.defer import deferred_from_coro

from archive.catalog.failures import failure_fields, failure_row
from archive.catalog.health import damaged, damaged_message, storage_full, storage_message
from archive.warc.reader import written_info
from archive.warc.records import parse_warc_fields, warc_fields
from crawler.meta import DISCOVERED_FROM, PAGE_KIND, SOURCE, VIA

__all__ = ["FailureLog"]

log = logging.getLogger(__name__)

# WARC-Truncated value -> (the failure's reason code, what it means)
_TRUNCATIONS = {
    "length": ("size_limit", "larger than DOWNLOAD_MAXSIZE"),
    "time": ("slow", "still arriving near the download timeout"),
    "disconnect": ("truncated", "the connection ended before the body was complete"),
}


class FailureLog:
    """Mixed into WarcRecorder, whose writer, catalog, records, stats, crawl id and crawler it uses."""

    stopped: str = ""  # why the recorder stopped writing (the disk is full, the catalog is damaged)

    def fetch_failed(self, request: Request, reason: str, detail: str) -> None:
        """A fetch that ended without a response (the spider's errback classified it: crawler/failures.py)."""
        if self.stopped or self.writer is None:
            return
        try:
            self._write_failure(request.url, request.meta, reason, detail)
        except Exception as exc:
            if not self.stop_for(exc):
                raise

    def _write_failure(self, url: str, meta, reason: str, detail: str, refers_to: str | None = None) -> None:
        fields = failure_fields(
            crawl_id=self.crawl_id,
            source=meta.get(SOURCE),
            via=meta.get(VIA),
            discovered_from=meta.get(DISCOVERED_FROM),
            page_kind=meta.get(PAGE_KIND),
            reason=reason,
            detail=detail,
        )
        record = self.records.metadata(url, refers_to, fields)
        [location] = self.writer.write(record)
        info = written_info(record, location.offset, location.length, 0)
        self.catalog.add_failure(failure_row(info, location.file, parse_warc_fields(warc_fields(fields))))
        self.stats.inc_value("warc/records")
        self.stats.inc_value(f"failures/{reason}")
        log.info("%s failed (%s): %s", url, reason, detail)

    def _write_truncation(self, url: str, meta, truncated: str, kept: int, record_id: str) -> None:
        reason, what = _TRUNCATIONS[truncated]
        detail = f"{what}: {kept:,} bytes kept (WARC-Truncated: {truncated})"
        self._write_failure(url, meta, reason, detail, refers_to=record_id)

    def stop_for(self, exc: BaseException, what: str = "") -> bool:
        """Stop the crawl when EXC says the disk is full or the catalog is damaged (True), with one message;
        anything else is the caller's to raise (False)."""
        if storage_full(exc):
            if isinstance(exc, sqlite3.Error):
                where = "the catalog"
            else:
                where = (self.writer.current_name if self.writer else "") or "a WARC file"
            message, reason = storage_message(f"{what or where} in {self.data_dir}", exc), "disk_full"
        elif damaged(exc):
            message = damaged_message(self.data_dir / "catalog.db", str(exc))
            reason = "catalog_damaged"
        else:
            return False
        if self.stopped:
            return True
        self.stopped = message
        log.error(message)
        self.stats.set_value("newsarchive/stopped", reason)
        if self.writer is not None:
            self.writer.abandon()  # cut back to the last complete record; the next run recovers the file
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason=reason))
        return True
