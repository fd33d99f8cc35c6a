"""The failures table: a failure metadata record written to WARC and read back gives the same row (the crawl,
reindex and import share `failure_row`), `failures_by_reason` counts them, and `status` shows a source whose
every fetch failed."""

from __future__ import annotations

from datetime import UTC, datetime

from archive.catalog.captures import index_file
from archive.catalog.db import Catalog, open_database
from archive.catalog.failures import failure_fields, failure_row
from archive.catalog.status import archive_status, failures_by_reason
from archive.warc.reader import iter_records, written_info
from archive.warc.records import RecordFactory, parse_warc_fields, warc_fields
from archive.warc.writer import WarcFileWriter


def test_a_failure_record_read_back_gives_the_row_written(tmp_path):
    records = RecordFactory(now=lambda: datetime(2026, 5, 1, 8, 0, tzinfo=UTC))
    writer = WarcFileWriter(
        tmp_path / "warc", warcinfo=lambda name: records.warcinfo(name, {"crawl-id": "7"})
    )
    fields = failure_fields(
        crawl_id=7, source="gone", via="homepage", discovered_from=None, page_kind="listing",
        reason="connection_refused", detail="Connection was refused by other side: 111",
    )  # fmt: skip
    record = records.metadata("http://127.0.0.2:9/", None, fields)
    [location] = writer.write(record)
    written = failure_row(written_info(record, location.offset, location.length, 0), location.file,
                          parse_warc_fields(warc_fields(fields)))  # fmt: skip
    closed = writer.close()
    assert record.rec_headers.get_header("WARC-Refers-To") is None
    [read] = [failure_row(info, closed.name) for info in iter_records(tmp_path / "warc" / closed.name,
              keep_payload=True) if info.rec_type == "metadata"]  # fmt: skip
    assert read == written
    assert (
        read["reason"] == "connection_refused" and read["crawl_id"] == 7 and read["failed_at"].endswith("Z")
    )

    catalog = Catalog(tmp_path / "catalog.db")
    catalog.conn.execute("INSERT INTO crawls (id, started_at) VALUES (7, '2026-05-01T08:00:00Z')")
    index_file(catalog, tmp_path / "warc" / closed.name, closed.name, None)
    index_file(catalog, tmp_path / "warc" / closed.name, closed.name, None)  # recovery reads a file again
    assert failures_by_reason(catalog.conn) == {"connection_refused": 1}
    assert failures_by_reason(catalog.conn, 7, source="gone") == {"connection_refused": 1}
    assert failures_by_reason(catalog.conn, 8) == {}
    catalog.close()
    assert not (tmp_path / "catalog.db-wal").exists() or (tmp_path / "catalog.db-wal").stat().st_size == 0

    status = archive_status(open_database(tmp_path / "catalog.db", readonly=True))
    [gone] = status["sources"]
    assert (gone["source"], gone["captures"], gone["failures"], gone["errors"]) == ("gone", 0, 1, 1)
    assert gone["failures_by_reason"] == {"connection_refused": 1}
    assert status["last_crawl_failures"] == {"connection_refused": 1}
