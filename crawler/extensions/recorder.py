"""The WARC recorder: writes every download to WARC the moment it arrives, then records it as a capture, and
every fetch that failed without a complete response as a failure (a metadata record and a `failures` row).

It listens to `response_downloaded`, which fires before any downloader middleware has decompressed the body
or followed a redirect, so the bytes archived are the bytes the server sent; a body cut short is kept with
`WARC-Truncated`. When the disk fills (or the catalog turns out damaged) it stops the crawl with one message:
the open WARC file is cut back to its last complete record and left for the next run to recover."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit

from scrapy import Spider, signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response

from archive.catalog.captures import capture_row, metadata_fields, recover_open_files
from archive.catalog.db import Catalog
from archive.catalog.health import CatalogDamaged, damaged, damaged_message, storage_full
from archive.catalog.lookups import latest_response
from archive.extract.pdf import is_pdf
from archive.ops.lock import DataLock
from archive.warc.cdxj import LineCollector
from archive.warc.reader import written_info
from archive.warc.recordlist import RecordList
from archive.warc.records import (
    PROFILE_IDENTICAL_PAYLOAD,
    PROFILE_SERVER_NOT_MODIFIED,
    RENDERED_DOM,
    Exchange,
    RecordFactory,
    parse_warc_fields,
    payload_digest,
    warc_fields,
)
from archive.warc.writer import ClosedFile, RecordLocation, WarcFileWriter
from crawler.exchange import exchange_from
from crawler.extensions.failurelog import FailureLog
from crawler.extensions.revisions import PageRevisions
from crawler.extensions.warcinfo import software_versions, warcinfo_fields, worth_keeping
from crawler.failures import fetch_failed
from crawler.meta import (
    CAPTURE_ID,
    DISCOVERED_FROM,
    DISCOVERY,
    FETCHED_AT,
    PAGE_KIND,
    PAGE_KIND_REASON,
    PREVIOUS_CAPTURE,
    RECORD_TYPE,
    RENDER_CAPTURE,
    RESPONSE_URL,
    SOURCE,
    TRUNCATED,
    VIA,
    WARC_RECORD_ID,
)

__all__ = ["WarcRecorder", "software_versions"]

log = logging.getLogger(__name__)


class WarcRecorder(FailureLog, PageRevisions):
    def __init__(
        self,
        crawler,
        *,
        data_dir: str,
        prefix: str,
        max_size: int,
        operator: str,
        user_agent: str,
        robots_obey: bool,
        batch_size: int,
        batch_seconds: float,
    ):
        self.crawler = crawler
        self.stats = crawler.stats
        self.data_dir = Path(data_dir)
        self.prefix = prefix
        self.max_size = max_size
        self.operator = operator
        self.user_agent = user_agent
        self.robots_obey = robots_obey
        self.batch_size = batch_size
        self.batch_seconds = batch_seconds
        self.records = RecordFactory()
        self.catalog: Catalog | None = None
        self.writer: WarcFileWriter | None = None
        self._index: LineCollector | None = None  # CDXJ lines of the open file's records (see _index_record)
        self._listing: RecordList | None = None  # the open file's record list, for verify
        self.crawl_id: int | None = None
        self.lock: DataLock | None = None
        self.sources: list[str] = []
        self.stopped: str = ""  # why the recorder stopped writing (the disk is full, the catalog is damaged)
        # (url, payload digest) -> the latest 200 response with that payload, for identical-payload revisits;
        # with --frontier, crawler.frontier_redis.worker also asks what other workers archived
        self.original_of = lambda url, digest: latest_response(self.catalog.conn, url, digest)

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("WARC_ENABLED"):
            raise NotConfigured
        recorder = cls(
            crawler,
            data_dir=settings.get("NEWSARCHIVE_DATA"),
            prefix=settings.get("WARC_PREFIX"),
            max_size=settings.getint("WARC_MAX_SIZE"),
            operator=settings.get("WARC_OPERATOR"),
            user_agent=settings.get("USER_AGENT"),
            robots_obey=settings.getbool("ROBOTSTXT_OBEY"),
            batch_size=settings.getint("CATALOG_BATCH_SIZE"),
            batch_seconds=settings.getfloat("CATALOG_BATCH_SECONDS"),
        )
        # Taken here, before anything is written: a second run on the same directory stops at once.
        recorder.lock = DataLock.acquire(recorder.data_dir)
        # Opened here too: a catalog that cannot be written stops the crawl before its first request.
        try:
            recorder.catalog = recorder._open_catalog()
        except BaseException:
            recorder.lock.release()
            raise
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(recorder.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(recorder.fetch_failed, signal=fetch_failed)
        return recorder

    def _open_catalog(self) -> Catalog:
        path = self.data_dir / "catalog.db"
        try:
            return Catalog(path, batch_size=self.batch_size, batch_seconds=self.batch_seconds)
        except Exception as exc:
            if damaged(exc):
                raise CatalogDamaged(damaged_message(path, str(exc))) from None
            raise

    # -- lifecycle -------------------------------------------------------------------------------------
    def spider_opened(self, spider: Spider) -> None:
        self.sources = [s.name for s in getattr(spider, "sources", [])]
        warc_dir = self.data_dir / "warc"
        warc_dir.mkdir(parents=True, exist_ok=True)
        recovered = recover_open_files(warc_dir, self.catalog)
        for closed in recovered:  # closed now, so indexed like any other closed file
            self.crawler.signals.send_catch_log(warc_file_closed, closed=closed, data_dir=self.data_dir)
        if recovered:
            self.stats.set_value("warc/recovered_files", len(recovered))
        settings = {k: v for k, v in self.crawler.settings.copy_to_dict().items() if worth_keeping(k)}
        self.crawl_id = self.catalog.start_crawl(
            sources=self.sources, settings=settings, software=software_versions(), data_dir=str(self.data_dir)
        )
        self.writer = WarcFileWriter(
            warc_dir,
            prefix=self.prefix,
            max_size=self.max_size,
            warcinfo=self._warcinfo,
            on_open=self._file_opened,
            on_write=self._index_record,
            on_close=self._file_closed,
        )

    def spider_closed(self, spider: Spider, reason: str) -> None:
        try:
            if self.writer is not None and not self.stopped:
                self.writer.close()
            if self.catalog is not None:
                stats = dict(self.stats.get_stats())
                stats["finish_reason"] = reason
                try:
                    self.catalog.finish_crawl(self.crawl_id, reason, stats)
                    self.catalog.close()
                except Exception as exc:
                    if not self.stopped or not (storage_full(exc) or damaged(exc)):
                        raise
                    self.catalog.conn.close()  # what was not committed is rolled back: the catalog stays whole
        finally:
            if self.lock is not None:
                self.lock.release()
                self.lock = None

    def _warcinfo(self, filename: str):
        fields = warcinfo_fields(
            self.operator, self.user_agent, self.robots_obey, self.crawl_id, self.sources
        )
        return self.records.warcinfo(filename, fields)

    def _file_opened(self, name: str) -> None:
        self.catalog.file_opened(name, self.crawl_id)
        self._index = LineCollector(name)
        self._listing = RecordList()

    def _index_record(self, record, location: RecordLocation) -> None:
        """The CDXJ line of each record as it is written, so that the index of a closed file is written
        without reading the file again (the indexer does, for files left open by a crash)."""
        if self._index is not None:
            self._index.add(record, location.offset, location.length)
        if self._listing is not None:
            self._listing.add(record, location.offset, location.length)

    def _file_closed(self, closed: ClosedFile) -> None:
        listing, self._listing = self._listing, None
        packed = listing.packed() if listing is not None else None
        if packed is not None and listing.count == closed.records:  # committed with the file's row
            self.catalog.record_list_made(closed.name, closed.sha256, listing.count, packed, commit=False)
        self.catalog.file_closed(closed, self.crawl_id)
        self.stats.inc_value("warc/files_closed")
        index, self._index = self._index, None
        lines = index.lines if index is not None and index.complete else None
        self.crawler.signals.send_catch_log(
            warc_file_closed, closed=closed, data_dir=self.data_dir, index_lines=lines
        )

    # -- recording -------------------------------------------------------------------------------------
    def response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        if self.stopped:
            return
        try:
            capture = request.meta.get(RENDER_CAPTURE)
            if capture is not None:  # the browser's exchanges, not the rendered DOM Scrapy hands over
                self._record_rendered(response, request, spider, capture)
                return
            truncated = request.meta.get(TRUNCATED) or (
                "disconnect" if "dataloss" in (response.flags or ()) else ""
            )
            self.record_exchange(exchange_from(response, request), request.meta, spider, truncated=truncated)
        except Exception as exc:
            if not self.stop_for(exc):
                raise

    def record_exchange(
        self,
        exchange: Exchange,
        meta: dict,
        spider: Spider,
        rendered: tuple[str, bool] | None = None,
        truncated: str = "",
    ) -> dict:
        """Write one exchange (response or revisit, request, metadata) and its capture row; META is the
        request's (how the URL was found); it gets CAPTURE_ID, FETCHED_AT, WARC_RECORD_ID, RECORD_TYPE.
        RENDERED (the DOM, whether the scripts did not settle) goes beside it as a conversion record; a body
        TRUNCATED (length, time, disconnect) is kept as far as it came, with a failure beside it."""
        digest = payload_digest(exchange.body)
        meta[TRUNCATED] = truncated
        main = self._main_record(exchange, meta.get(PREVIOUS_CAPTURE), digest, truncated)
        record_id = main.rec_headers.get_header("WARC-Record-ID")
        request_record = self.records.request(exchange, concurrent_to=record_id)
        if not meta.get(SOURCE) and hasattr(spider, "source_for"):
            source = spider.source_for(exchange.url)
            meta[SOURCE] = source.name if source else None
        if not meta.get(VIA) and urlsplit(exchange.url).path == "/robots.txt":
            meta[VIA], meta[PAGE_KIND] = "robots", "robots"
        if meta.get(PAGE_KIND) in (None, "article", "listing") and exchange.status == 200:
            content_type = next((v for k, v in exchange.response_headers if k.lower() == "content-type"), "")
            if is_pdf(exchange.body, content_type):
                meta[PAGE_KIND] = "document"  # a download URL without .pdf that serves a PDF
        fields = metadata_fields(
            crawl_id=self.crawl_id,
            source=meta.get(SOURCE),
            via=meta.get(VIA),
            discovered_from=meta.get(DISCOVERED_FROM),
            page_kind=meta.get(PAGE_KIND),
            depth=meta.get("depth"),
            discovery=meta.get(DISCOVERY),
            page_kind_reason=meta.get(PAGE_KIND_REASON),
            render=None if rendered is None else ("unsettled" if rendered[1] else "settled"),
        )
        metadata = self.records.metadata(exchange.url, record_id, fields)
        records = [main, request_record, metadata]
        if rendered is not None:  # in the same file as the response, so the capture can point at both
            records.append(self.records.conversion(exchange.url, record_id, rendered[0], RENDERED_DOM))
        main_loc, request_loc, *rest = self.writer.write(*records)
        rtype = main.rec_type
        info = written_info(main, main_loc.offset, main_loc.length, len(exchange.body))
        capture = capture_row(
            info,
            main_loc.file,
            self.crawl_id,
            parse_warc_fields(warc_fields(fields)),  # what the metadata record holds, as reindex reads it
            request_record.rec_headers.get_header("WARC-Record-ID"),
        )
        if rendered is not None:
            capture["rendered_offset"], capture["rendered_length"] = rest[-1].offset, rest[-1].length
        capture["id"] = self.catalog.add_capture(capture)
        meta[CAPTURE_ID] = capture["id"]
        self.crawler.signals.send_catch_log(capture_recorded, capture=capture)
        meta[FETCHED_AT] = capture["fetched_at"]
        meta[WARC_RECORD_ID] = record_id
        meta[RESPONSE_URL] = exchange.url
        meta[RECORD_TYPE] = rtype
        self.stats.inc_value("warc/records", len(records))
        self.stats.inc_value(f"warc/{rtype}")
        # the files' sizes (warcinfo, metadata and conversion records too), as status shows them
        self.stats.set_value("warc/bytes", self.writer.bytes_written)
        if truncated:
            self._write_truncation(exchange.url, meta, truncated, len(exchange.body), record_id)
        return capture

    def _main_record(self, exchange: Exchange, previous: dict | None, digest: str, truncated: str):
        """A response, or a revisit: server-not-modified after a 304 to a conditional GET, identical-payload
        when the catalog holds this URL with these bytes already. A truncated body is always a response."""
        if truncated:  # kept as far as it came, never a revisit of a complete copy
            return self.records.response(exchange, {"WARC-Truncated": truncated}, payload_digest=digest)
        if exchange.status == 304 and previous:
            return self.records.revisit(
                exchange,
                profile=PROFILE_SERVER_NOT_MODIFIED,
                digest=previous["payload_digest"],
                refers_to=previous["warc_record_id"],
                refers_to_uri=previous["url"],
                refers_to_date=previous["warc_date"],
            )
        original = self.original_of(exchange.url, digest) if exchange.status == 200 else None
        if original:
            return self.records.revisit(
                exchange,
                profile=PROFILE_IDENTICAL_PAYLOAD,
                digest=digest,
                refers_to=original["warc_record_id"],
                refers_to_uri=original["url"],
                refers_to_date=original["warc_date"],
            )
        return self.records.response(exchange, payload_digest=digest)

    def write_conversion(self, url: str, refers_to: str, text: str) -> None:
        """Keep extracted text beside the response it came from (called by the extraction pipeline)."""
        if self.writer is not None and not self.stopped:
            try:
                self.writer.write(self.records.conversion(url, refers_to, text))
            except Exception as exc:
                if not self.stop_for(exc):
                    raise
                return
            self.stats.inc_value("warc/records")
            self.stats.set_value("warc/bytes", self.writer.bytes_written)


# Sent when a WARC file is closed (for CDXJ indexing and the like): closed=ClosedFile, data_dir=Path and, for
# files this crawl wrote, index_lines (cdxj.record_line of each record; None when the file must be read).
warc_file_closed = object()
# Sent after each capture row is added: capture=the row (archive.catalog.captures.capture_row's dict).
capture_recorded = object()
