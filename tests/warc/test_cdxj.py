"""CDXJ indexes: one per WARC file, written by cdxj-indexer, kept current by the Scrapy extension."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from scrapy.exceptions import NotConfigured

from archive.warc import cdxj
from archive.warc.salvage import Scanned, scan
from archive.warc.writer import ClosedFile
from crawler.extensions.indexer import CdxjIndexer
from crawler.extensions.recorder import warc_file_closed
from tests.helpers import SHARED_DATA, project_crawler
from tests.helpers.archive import crawl_twice, rows

EXAMPLE = SHARED_DATA / "warc" / "example.warc.gz"


def _data_with(tmp_path: Path, *names: str) -> Path:
    data = tmp_path / "data"
    (data / "warc").mkdir(parents=True)
    for name in names:
        shutil.copyfile(SHARED_DATA / "warc" / name, data / "warc" / name)
    return data


def test_index_lines_point_at_response_and_revisit_records(tmp_path):
    data = _data_with(tmp_path, "example.warc.gz")
    result = cdxj.write_index(data, "example.warc.gz")
    assert result.problem == "" and result.lines == 2
    entries = list(cdxj.read_index(result.path))
    records = {
        i.info.offset: i.info for i in scan(data / "warc" / "example.warc.gz") if isinstance(i, Scanned)
    }
    assert [e.fields["mime"] for e in entries] == ["text/html", "warc/revisit"]
    for entry in entries:
        assert entry.urlkey == "com,example)/"
        assert entry.filename == "example.warc.gz"
        assert records[entry.offset].length == entry.length
        assert records[entry.offset].rec_type in ("response", "revisit")
    lines = result.path.read_text().splitlines()
    assert lines == sorted(lines)


def test_damaged_file_keeps_the_lines_before_the_damage_and_skips_known_bad(tmp_path):
    data = _data_with(tmp_path, "example-wrong-chunks.warc.gz", "example.warc")
    result = cdxj.write_index(data, "example-wrong-chunks.warc.gz")
    assert result.problem  # stopped early, said why, did not raise
    skipped = cdxj.write_index(data, "example.warc", skip_offsets=[1197])
    assert [e.offset for e in cdxj.read_index(skipped.path)] == [3370]


def test_rebuild_indexes_every_file_and_drops_stale_ones(tmp_path):
    data = _data_with(tmp_path, "example.warc.gz", "example.arc", "post-test.warc.gz")
    (data / "indexes").mkdir()
    (data / "indexes" / "gone.warc.gz.cdxj").write_text("")
    (data / "warc" / "half.warc.gz.open").write_bytes(b"")
    results = {r.warc_file: r.lines for r in cdxj.rebuild_indexes(data)}
    assert results == {"example.warc.gz": 2, "example.arc": 1, "post-test.warc.gz": 3}
    assert sorted(p.name for p in (data / "indexes").iterdir()) == [
        "example.arc.cdxj",
        "example.warc.gz.cdxj",
        "post-test.warc.gz.cdxj",
    ]
    merged = list(cdxj.merged_lines(data))
    assert len(merged) == 6 and merged == sorted(merged)


def test_extension_indexes_each_file_as_it_closes(tmp_path):
    data = _data_with(tmp_path, "example.warc.gz")
    crawler = project_crawler({"CDXJ_ENABLED": True, "WARC_ENABLED": True})
    extension = CdxjIndexer.from_crawler(crawler)
    closed = ClosedFile("example.warc.gz", EXAMPLE.stat().st_size, "", 6, "2026-01-01T00:00:00Z")
    crawler.signals.send_catch_log(warc_file_closed, closed=closed, data_dir=data)
    assert cdxj.index_path(data, "example.warc.gz").exists()
    assert crawler.stats.get_value("cdxj/files") == 1
    assert crawler.stats.get_value("cdxj/lines") == 2
    assert extension is not None


def test_extension_is_off_when_disabled():
    with pytest.raises(NotConfigured):
        CdxjIndexer.from_crawler(project_crawler({"CDXJ_ENABLED": False}))


def test_extension_indexes_files_without_an_index_when_the_spider_opens(tmp_path):
    data = _data_with(tmp_path, "example.warc.gz", "post-test.warc.gz")
    cdxj.write_index(data, "post-test.warc.gz")
    before = cdxj.index_path(data, "post-test.warc.gz").stat().st_mtime_ns
    crawler = project_crawler({"CDXJ_ENABLED": True, "WARC_ENABLED": True, "NEWSARCHIVE_DATA": str(data)})
    CdxjIndexer.from_crawler(crawler).spider_opened(None)
    assert cdxj.index_path(data, "example.warc.gz").exists()
    assert cdxj.index_path(data, "post-test.warc.gz").stat().st_mtime_ns == before  # left alone
    assert crawler.stats.get_value("cdxj/files") == 1


def test_the_index_the_recorder_makes_as_it_writes_equals_cdxj_indexers(tmp_path):
    """The crawl indexes each record as it writes it (cdxj.record_line) instead of reading the closed file
    again: every line must be the one cdxj-indexer makes of the file (responses, both kinds of revisit,
    photos, redirects, errors)."""
    crawled = crawl_twice(tmp_path / "crawl")
    names = cdxj.warc_files(crawled.data)
    assert len(names) == 3
    stats = [json.loads(s) for (s,) in rows(crawled.data, "SELECT stats FROM crawls ORDER BY id")]
    assert [s.get("cdxj/files_from_records") for s in stats] == [1, 1, 1]  # none was read again
    again = tmp_path / "reindexed"
    shutil.copytree(crawled.data / "warc", again / "warc")
    for name in names:
        made = cdxj.index_path(crawled.data, name).read_text(encoding="utf-8")
        cdxj.write_index(again, name)
        assert made == cdxj.index_path(again, name).read_text(encoding="utf-8"), name
    lines = [line for name in names for line in cdxj.index_path(again, name).read_text().splitlines()]
    mimes = {cdxj.parse_line(line).fields.get("mime") for line in lines}
    assert {"text/html", "warc/revisit"} <= mimes and len(mimes) >= 4  # pages, revisits, photos, sitemaps


def test_records_only_cdxj_indexer_can_index_are_left_to_it():
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import BufferWARCWriter

    writer = BufferWARCWriter(gzip=False)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        "https://bao.example.vn/a", "response", payload=io.BytesIO(b"<p>x</p>"), http_headers=http
    )
    line = cdxj.record_line(record, "f.warc.gz", 10, 20)
    fields = cdxj.parse_line(line).fields
    assert (fields["mime"], fields["status"], fields["offset"], fields["length"]) == (
        "text/html",
        "200",
        "10",
        "20",
    )
    record.rec_headers.remove_header("WARC-Payload-Digest")
    with pytest.raises(ValueError):
        cdxj.record_line(record, "f.warc.gz", 10, 20)
    info = writer.create_warc_record("urn:x", "warcinfo", payload=io.BytesIO(b"a: b\r\n"))
    assert cdxj.record_line(info, "f.warc.gz", 0, 5) is None


def test_the_record_rules_are_cdxj_indexers_defaults():
    from cdxj_indexer.main import CDXJIndexer

    assert cdxj._INDEXED_TYPES == tuple(CDXJIndexer.DEFAULT_RECORDS)
    assert cdxj._MIME_END.pattern == CDXJIndexer.RE_SPACE.pattern
