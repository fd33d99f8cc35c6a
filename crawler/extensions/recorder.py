"""The WARC recorder: writes every download to WARC the moment it arrives, then records it as a capture.

It listens to `response_downloaded`, which fires before any downloader middleware has decompressed the body
or followed a redirect, so the bytes archived are the bytes the server sent."""

from __future__ import annotations

import functools
import json
import logging
import platform
import socket
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import urlsplit

from scrapy import Spider, signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response

from archive.catalog.captures import capture_row, metadata_fields, recover_open_files
from archive.catalog.db import Catalog
from archive.catalog.lookups import latest_response
from archive.extract.pdf import is_pdf
from archive.ops.lock import DataLock
from archive.warc.cdxj import LineCollector
from archive.warc.reader import written_info
from archive.warc.recordlist import RecordList
from archive.warc.records import (
    PROFILE_IDENTICAL_PAYLOAD,
    PROFILE_SERVER_NOT_MODIFIED,
    RecordFactory,
    parse_warc_fields,
    payload_digest,
    warc_fields,
)
from archive.warc.writer import ClosedFile, RecordLocation, WarcFileWriter
from crawler.exchange import exchange_from
from crawler.meta import (
    CAPTURE_ID,
    DISCOVERED_FROM,
    DISCOVERY,
    FETCHED_AT,
    PAGE_KIND,
    PAGE_KIND_REASON,
    PREVIOUS_CAPTURE,
    RECORD_TYPE,
    SOURCE,
    VIA,
    WARC_RECORD_ID,
)

__all__ = ["WarcRecorder", "software_versions"]

log = logging.getLogger(__name__)


@functools.cache
def software_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for dist in ("newsarchive", "scrapy", "warcio", "trafilatura", "twisted", "sqlite-utils"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            pass
    return out


class WarcRecorder:
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
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(recorder.response_downloaded, signal=signals.response_downloaded)
        return recorder

    # -- lifecycle -------------------------------------------------------------------------------------
    def spider_opened(self, spider: Spider) -> None:
        self.sources = [s.name for s in getattr(spider, "sources", [])]
        self.catalog = Catalog(
            self.data_dir / "catalog.db", batch_size=self.batch_size, batch_seconds=self.batch_seconds
        )
        warc_dir = self.data_dir / "warc"
        warc_dir.mkdir(parents=True, exist_ok=True)
        recovered = recover_open_files(warc_dir, self.catalog)
        for closed in recovered:  # closed now, so indexed like any other closed file
            self.crawler.signals.send_catch_log(warc_file_closed, closed=closed, data_dir=self.data_dir)
        if recovered:
            self.stats.set_value("warc/recovered_files", len(recovered))
        settings = {k: v for k, v in self.crawler.settings.copy_to_dict().items() if _worth_keeping(k)}
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
            if self.writer is not None:
                self.writer.close()
            if self.catalog is not None:
                stats = dict(self.stats.get_stats())
                stats["finish_reason"] = reason
                self.catalog.finish_crawl(self.crawl_id, reason, stats)
                self.catalog.close()
        finally:
            if self.lock is not None:
                self.lock.release()
                self.lock = None

    def _warcinfo(self, filename: str):
        info = {
            "software": "newsarchive " + software_versions().get("newsarchive", ""),
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "hostname": socket.gethostname(),
            "operator": self.operator,
            "http-header-user-agent": self.user_agent,
            "robots": "obey" if self.robots_obey else "ignore",
            "crawl-id": str(self.crawl_id),
            "sources": ", ".join(self.sources),
            "software-versions": json.dumps(software_versions(), sort_keys=True),
        }
        return self.records.warcinfo(filename, info)

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
        exchange = exchange_from(response, request)
        meta = request.meta
        previous = meta.get(PREVIOUS_CAPTURE)
        digest = payload_digest(exchange.body)
        if response.status == 304 and previous:
            main = self.records.revisit(
                exchange,
                profile=PROFILE_SERVER_NOT_MODIFIED,
                digest=previous["payload_digest"],
                refers_to=previous["warc_record_id"],
                refers_to_uri=previous["url"],
                refers_to_date=previous["warc_date"],
            )
        else:
            original = self.original_of(exchange.url, digest) if response.status == 200 else None
            if original:
                main = self.records.revisit(
                    exchange,
                    profile=PROFILE_IDENTICAL_PAYLOAD,
                    digest=digest,
                    refers_to=original["warc_record_id"],
                    refers_to_uri=original["url"],
                    refers_to_date=original["warc_date"],
                )
            else:
                main = self.records.response(exchange, payload_digest=digest)
        record_id = main.rec_headers.get_header("WARC-Record-ID")
        request_record = self.records.request(exchange, concurrent_to=record_id)
        if not meta.get(SOURCE) and hasattr(spider, "source_for"):
            source = spider.source_for(exchange.url)
            meta[SOURCE] = source.name if source else None
        if not meta.get(VIA) and urlsplit(exchange.url).path == "/robots.txt":
            meta[VIA], meta[PAGE_KIND] = "robots", "robots"
        if meta.get(PAGE_KIND) in (None, "article", "listing") and response.status == 200:
            if is_pdf(exchange.body, response.headers.get(b"Content-Type", b"").decode("latin-1")):
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
        )
        metadata = self.records.metadata(exchange.url, record_id, fields)
        main_loc, request_loc, _ = self.writer.write(main, request_record, metadata)
        rtype = main.rec_type
        info = written_info(main, main_loc.offset, main_loc.length, len(exchange.body))
        capture = capture_row(
            info,
            main_loc.file,
            self.crawl_id,
            parse_warc_fields(warc_fields(fields)),  # what the metadata record holds, as reindex reads it
            request_record.rec_headers.get_header("WARC-Record-ID"),
        )
        capture_id = self.catalog.add_capture(capture)
        self.crawler.signals.send_catch_log(capture_recorded, capture=capture)
        meta[CAPTURE_ID] = capture_id
        meta[FETCHED_AT] = capture["fetched_at"]
        meta[WARC_RECORD_ID] = record_id
        meta[RECORD_TYPE] = rtype
        self.stats.inc_value("warc/records", 3)
        self.stats.inc_value(f"warc/{rtype}")
        # the files' sizes (warcinfo, metadata and conversion records too), as status shows them
        self.stats.set_value("warc/bytes", self.writer.bytes_written)

    def write_conversion(self, url: str, refers_to: str, text: str) -> None:
        """Keep extracted text beside the response it came from (called by the extraction pipeline)."""
        if self.writer is not None:
            self.writer.write(self.records.conversion(url, refers_to, text))
            self.stats.inc_value("warc/records")
            self.stats.set_value("warc/bytes", self.writer.bytes_written)


def _worth_keeping(name: str) -> bool:
    prefixes = ("NEWSARCHIVE_", "WARC_", "CATALOG_", "EXTRACT_", "DOWNLOAD_", "CONCURRENT_", "AUTOTHROTTLE_")
    return name.startswith(prefixes) or name in ("USER_AGENT", "ROBOTSTXT_OBEY", "DEPTH_LIMIT", "JOBDIR")


# Sent when a WARC file is closed (for CDXJ indexing and the like): closed=ClosedFile, data_dir=Path and, for
# files this crawl wrote, index_lines (cdxj.record_line of each record; None when the file must be read).
warc_file_closed = object()
# Sent after each capture row is added: capture=the row (archive.catalog.captures.capture_row's dict).
capture_recorded = object()
