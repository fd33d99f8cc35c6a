"""Record lists: each closed WARC file's records, listed as they were written (or read by `reindex`), so that
`verify` reads a file its sha256 vouches for once, at disk speed, instead of inflating it. Real crawls (the
session's fixture site, and the bundled press site with photos, redirects and revisits of both kinds), the
real CLI; a list must say exactly what the walk reads, and any list that cannot stand for a file is ignored."""

from __future__ import annotations

import dataclasses
import gzip
import json
import mmap
import shutil
import sqlite3
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.catalog.db import Catalog
from archive.ops.verify import walk as verifywalk
from archive.ops.verify.run import verify_archive
from archive.ops.verify.walk import KEPT_HEADERS
from archive.warc import recordlist
from archive.warc.fastscan import Unusual, read_records, scan_ordinary, scan_records
from archive.warc.reader import iter_records, sha256_file
from archive.warc.recordlist import RecordList, StoredList
from archive.warc.records import payload_digest
from archive.warc.writer import WarcFileWriter
from tests.helpers import run_cli
from tests.helpers.archive import (
    copy_archive,
    crawl_press_rotated,
    flip_byte_in_capture,
    rows,
    verify_json,
    warc_names,
)
from tests.helpers.scans import assert_records_read_alike

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def press_archive(tmp_path_factory) -> Path:
    """The press site crawled three times (the second fetches everything again: identical-payload revisits;
    the third is incremental: server-not-modified revisits), files rotated at 100 KB."""
    work = tmp_path_factory.mktemp("press")
    return crawl_press_rotated(work, 100_000, [[], ["--set", "NEWSARCHIVE_INCREMENTAL=False"], []])


def _lists(data: Path) -> dict[str, tuple]:
    return {name: tuple(rest) for name, *rest in rows(data, "SELECT * FROM warc_record_lists ORDER BY name")}


def _listed_items(data: Path, name: str):
    [(sha256, size, records)] = rows(
        data, "SELECT sha256, size, records FROM warc_files WHERE name = ?", (name,)
    )
    [(stored_sha256, count, blob)] = rows(
        data, "SELECT sha256, records, data FROM warc_record_lists WHERE name = ?", (name,)
    )
    return StoredList(stored_sha256, count, blob).items(KEPT_HEADERS, sha256, size, records)


def _same_as_the_walk(data: Path) -> list:
    """Every file's listed items against the walk's, field by field; returns the walk's items."""
    everything = []
    for name in warc_names(data):
        walked = scan_records(data / "warc" / name, KEPT_HEADERS, digests=False)
        listed = _listed_items(data, name)
        assert listed is not None, name
        assert len(listed) == len(walked), name
        for mine, theirs in zip(listed, walked, strict=True):
            assert dataclasses.asdict(mine) == dataclasses.asdict(theirs), (name, theirs.info.offset)
        everything.extend(walked)
    return everything


def _copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("lock", "*.lock", "replay"))
    return target


def _report(data: Path, **kw) -> dict:
    return verify_archive(data, **kw).to_dict()


def _walked_report(data: Path, tmp_path: Path) -> dict:
    """The report of the same archive with its record lists removed: read by the walk, as before lists."""
    copy = tmp_path / "walked"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(data, copy)
    rows(copy, "DELETE FROM warc_record_lists")
    report = _report(copy)
    assert report["listed_files"] == 0
    return report


def _without(report: dict, *keys: str) -> dict:
    return {k: v for k, v in report.items() if k not in keys}


def test_every_list_says_what_the_walk_reads(crawled_archive, press_archive):
    items = _same_as_the_walk(crawled_archive.data) + _same_as_the_walk(press_archive)
    assert len(warc_names(press_archive)) > 3  # files rotated mid-crawl have lists too
    kinds = {(i.info.rec_type, i.info.status) for i in items}
    assert {("warcinfo", None), ("request", None), ("metadata", None), ("conversion", None)} <= kinds
    assert {
        ("response", 200),
        ("response", 301),
        ("response", 404),
        ("revisit", 200),
        ("revisit", 304),
    } <= kinds
    [(photos,)] = rows(press_archive, "SELECT count(*) FROM captures WHERE content_type LIKE 'image/%'")
    assert photos > 0


def test_verify_reads_the_lists_and_reindex_makes_the_same(press_archive, tmp_path):
    data = _copy(press_archive, tmp_path / "data")
    files = len(warc_names(data))
    status, report = verify_json(data)
    assert status == 0 and report["ok"], report["problems"]
    assert (report["listed_files"], report["deep_files"], report["files"]) == (files, 0, files)
    assert _without(report, "listed_files") == _without(_walked_report(data, tmp_path), "listed_files")
    made = _lists(data)
    rows(data, "DELETE FROM warc_record_lists")
    result = run_cli("reindex", "--data", str(data), "--workers", "1")
    assert result.returncode == 0, result.stderr[-3000:]
    assert _lists(data) == made  # the same bytes, from reindex's reading of the files
    status, report = verify_json(data)
    assert status == 0 and report["listed_files"] == files


class _Watch:
    """A collector of read_records that counts what it is given."""

    def __init__(self) -> None:
        self.fast = self.warcio = 0
        self.unusual_reasons: list[str] = []

    def add_info(self, info) -> None:
        self.fast += 1

    def add(self, record, offset: int, length: int) -> None:
        self.warcio += 1

    def unusual(self, reason: str) -> None:
        self.unusual_reasons.append(reason)


def test_the_index_pass_reads_our_files_without_warcio(crawled_archive, press_archive):
    """reindex, merge and recovery read a crawl's files with fastscan alone (the cheap index pass); the
    records are those iter_records gives (tests/helpers/scans.py compares the two paths on odd files)."""
    for data in (crawled_archive.data, press_archive):
        for name in warc_names(data):
            watch = _Watch()
            records = list(read_records(data / "warc" / name, ("metadata",), (watch,)))
            assert (watch.fast, watch.warcio, watch.unusual_reasons) == (len(records), 0, []), name
            assert [r.offset for r in records] == [r.offset for r in iter_records(data / "warc" / name)]
            assert any(r.payload for r in records if r.rec_type == "metadata")
            assert_records_read_alike(data / "warc" / name)  # one record at a time (extraction) too


def test_verify_from_lists_finds_what_the_walk_finds(archive_data, tmp_path):
    data = archive_data
    first, second, third = warc_names(data)
    assert _report(data)["listed_files"] == 3
    flipped = flip_byte_in_capture(data, first)  # read deeply: its sha256 no longer matches
    edited = rows(
        data,
        "SELECT id, warc_offset FROM captures WHERE warc_file = ? ORDER BY warc_offset LIMIT 4",
        (second,),
    )
    assert len(edited) == 4
    edits = ("warc_offset = warc_offset + 7", "warc_length = warc_length + 1", "payload_digest = 'sha1:X'")
    for (cid, _), change in zip(edited, (*edits, "url = url || '?x'"), strict=True):
        rows(data, f"UPDATE captures SET {change} WHERE id = ?", (cid,))
    [(orphan,)] = rows(
        data, "DELETE FROM captures WHERE warc_file = ? AND status = 304 RETURNING warc_offset", (third,)
    )
    index = data / "indexes" / f"{third}.cdxj"
    lines = index.read_text().splitlines(keepends=True)
    index.write_text("".join(lines[1:]))
    unindexed = json.loads(lines[0].split(" ", 2)[2])["offset"]

    report = _report(data)
    assert (report["listed_files"], report["deep_files"]) == (2, 1)
    found = {(p["kind"], p["file"], p["offset"]) for p in report["problems"]}
    assert {("sha256", first, None), ("damaged", first, flipped)} <= found
    messages = {p["message"].split(": ", 1)[-1] for p in report["problems"] if p["file"] == second}
    assert any("catalog says" in m and "bytes" in m for m in messages)
    assert any("payload digest" in m for m in messages) and any("record is for" in m for m in messages)
    assert ("capture", second, edited[0][1] + 7) in found and ("orphan-record", second, edited[0][1]) in found
    assert ("orphan-record", third, orphan) in found
    assert ("index", third, int(unindexed)) in found
    assert _without(report, "listed_files") == _without(_walked_report(data, tmp_path), "listed_files")
    # the first file's checks, made from its list while its sha256 was computed, were dropped and made again
    # from the deep read: counted once, as a deep run (which checks each file once) counts them
    modes = ("listed_files", "mode", "deep_files")
    assert _without(report, *modes) == _without(_report(data, deep=True), *modes)


def test_revisits_checked_from_lists(archive_data, tmp_path):
    data = archive_data
    first = warc_names(data)[0]
    (data / "warc" / first).unlink()  # the originals of the later crawls' revisits
    report = _report(data)
    assert report["listed_files"] == 2
    kinds = {p["kind"] for p in report["problems"]}
    assert kinds == {"missing-file", "revisit"}
    assert _without(report, "listed_files") == _without(_walked_report(data, tmp_path), "listed_files")


def _repack(blob: bytes, change) -> bytes:
    records = json.loads(zlib.decompress(blob))
    change(records)
    return zlib.compress(json.dumps(records).encode())


def _shift_offset(records):
    records[3][0] += 1


def _drop_record(records):
    del records[-1]


def _string_offset(records):
    records[1][0] = str(records[1][0])


def _bad_format(records):
    records[0]["format"] = 99


def _no_headers(records):
    records[0]["headers"] = ["warc-refers-to"]


@pytest.mark.parametrize(
    "damage",
    [
        ("data = ?", b"not a list"),
        ("data = ?", "text, not bytes"),
        ("data = NULL", None),
        ("data = substr(data, 1, length(data) / 2)", None),
        ("data = ?", zlib.compress(b"[]")),
        ("data = ?", zlib.compress(b"null")),
        ("data = ?", zlib.compress(b'{"format": 1}')),
        ("sha256 = ?", "0" * 64),
        ("records = records + 1", None),
        ("data = ?", _shift_offset),
        ("data = ?", _drop_record),
        ("data = ?", _string_offset),
        ("data = ?", _bad_format),
        ("data = ?", _no_headers),
    ],
    ids=lambda d: d[0] if d[1] is None else f"{d[0]} {getattr(d[1], '__name__', repr(d[1])[:20])}",
)
def test_a_list_that_cannot_stand_for_its_file_is_ignored(crawled_archive, tmp_path, damage):
    data = copy_archive(crawled_archive, tmp_path / "data")
    change, value = damage
    name = warc_names(data)[1]
    if callable(value):
        [(blob,)] = rows(data, "SELECT data FROM warc_record_lists WHERE name = ?", (name,))
        value = _repack(blob, value)
    args = () if value is None else (value,)
    rows(data, f"UPDATE warc_record_lists SET {change} WHERE name = ?", (*args, name))
    report = _report(data)
    assert report["ok"], report["problems"]
    assert (report["listed_files"], report["deep_files"]) == (2, 0)


def test_a_list_short_of_the_file_is_ignored(crawled_archive, tmp_path):
    """The last record left out, and both counts lowered to match: the records no longer reach the file's end."""
    data = copy_archive(crawled_archive, tmp_path / "data")
    name = warc_names(data)[2]
    [(blob,)] = rows(data, "SELECT data FROM warc_record_lists WHERE name = ?", (name,))
    rows(
        data,
        "UPDATE warc_record_lists SET data = ?, records = records - 1 WHERE name = ?",
        (_repack(blob, _drop_record), name),
    )
    rows(data, "UPDATE warc_files SET records = records - 1 WHERE name = ?", (name,))
    report = _report(data)
    assert report["ok"] and (report["listed_files"], report["deep_files"]) == (2, 0)


def test_a_tampered_list_never_breaks_the_cli(archive_data):
    first, second, third = warc_names(archive_data)
    rows(archive_data, "UPDATE warc_record_lists SET data = ? WHERE name = ?", (b"\x78\x9c garbage", first))
    rows(archive_data, "UPDATE warc_record_lists SET data = 42 WHERE name = ?", (second,))
    rows(archive_data, "UPDATE warc_record_lists SET sha256 = NULL, records = 'x' WHERE name = ?", (third,))
    status, report = verify_json(archive_data)  # asserts no traceback
    assert status == 0 and report["ok"] and report["listed_files"] == 0


def test_a_catalog_from_before_record_lists(archive_data):
    catalog = archive_data / "catalog.db"
    conn = sqlite3.connect(catalog)
    conn.execute("DROP TABLE warc_record_lists")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm013_warc_record_lists'")
    conn.commit()
    conn.close()
    status, report = verify_json(archive_data)
    assert status == 0 and report["ok"] and (report["listed_files"], report["deep_files"]) == (0, 0)
    Catalog(catalog).close()  # what the next crawl or reindex does first: the migration adds the table
    assert rows(archive_data, "SELECT count(*) FROM warc_record_lists") == [(0,)]
    status, report = verify_json(archive_data)
    assert status == 0 and report["listed_files"] == 0
    result = run_cli("reindex", "--data", str(archive_data), "--workers", "1")
    assert result.returncode == 0, result.stderr[-3000:]
    status, report = verify_json(archive_data)
    assert status == 0 and report["listed_files"] == 3


def _response(url: str, headers: list[tuple[str, str]]):
    writer = WARCWriter(BytesIO(), warc_version="WARC/1.1")
    http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
    return writer.create_warc_record(
        url, "response", payload=BytesIO(b"<p>x</p>"), length=8, http_headers=http
    )


def _write(directory: Path, *records) -> tuple[Path, bytes | None]:
    """A file written by the project's writer, and the list made as it was written."""
    listing = RecordList()
    writer = WarcFileWriter(
        directory,
        warcinfo=lambda name: WARCWriter(BytesIO()).create_warcinfo_record(name, {"software": "test"}),
        on_write=lambda record, at: listing.add(record, at.offset, at.length),
    )
    writer.write(*records)
    closed = writer.close()
    return directory / closed.name, listing.packed()


def test_headers_warcio_reads_otherwise_than_written_make_no_list(tmp_path):
    """reindex lists what warcio read; a folded HTTP header line (which fastscan leaves to the old reader, and
    warcio joins) must not be listed from warcio's reading."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Folded: a\r\n b\r\n\r\n<p>x</p>"
    header = (
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:12345678-1234-1234-1234-123456789012>\r\n"
        "WARC-Target-URI: https://example.org/\r\nWARC-Date: 2026-01-01T00:00:00Z\r\n"
        f"WARC-Payload-Digest: {payload_digest(b'<p>x</p>')}\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    ).encode()
    path = tmp_path / "folded.warc.gz"
    path.write_bytes(gzip.compress(header + http + b"\r\n\r\n"))
    with pytest.raises(Unusual):
        scan_ordinary(path, KEPT_HEADERS, digests=False)
    listing = RecordList()
    assert len(list(iter_records(path, on_record=listing.add))) == 1
    assert listing.packed() is None


@pytest.mark.parametrize("unusual", ["long HTTP header line", "repeated WARC header"])
def test_a_record_the_walk_leaves_to_salvage_makes_no_list(tmp_path, unusual):
    """fastscan leaves such a file to the old reader, whose results a list made by its rules may not match."""
    ordinary = _response("https://example.org/a", [("Content-Type", "text/html")])
    path, packed = _write(tmp_path / "ordinary", ordinary)
    walked = scan_records(path, KEPT_HEADERS, digests=False)
    size = path.stat().st_size
    assert StoredList("s", 2, packed).items(KEPT_HEADERS, "s", size, 2) == walked
    if unusual == "long HTTP header line":
        odd = _response("https://example.org/b", [("Set-Cookie", "x" * 9000)])
    else:
        odd = _response("https://example.org/b", [("Content-Type", "text/html")])
        odd.rec_headers.add_header("WARC-Concurrent-To", "<urn:uuid:1>")
        odd.rec_headers.add_header("WARC-Concurrent-To", "<urn:uuid:2>")
    path, packed = _write(tmp_path / "odd", _response("https://example.org/a", []), odd)
    with pytest.raises(Unusual):
        scan_ordinary(path, KEPT_HEADERS, digests=False)
    assert packed is None


@pytest.mark.parametrize("window", [mmap.ALLOCATIONGRANULARITY, verifywalk.HASH_WINDOW])
def test_the_mapped_sha256_is_the_files(crawled_archive, tmp_path, monkeypatch, window):
    monkeypatch.setattr(verifywalk, "HASH_WINDOW", window)
    empty = tmp_path / "empty.warc.gz"
    empty.write_bytes(b"")
    for path in [empty, *(crawled_archive.data / "warc").glob("*.warc.gz")]:
        assert verifywalk._sha256_mapped(path) == sha256_file(path)


@pytest.mark.parametrize("batch", [1, 2, 3, 256])
def test_rows_compressed_in_batches_read_back_whole(tmp_path, monkeypatch, batch):
    monkeypatch.setattr(recordlist, "BATCH", batch)
    pages = [_response(f"https://example.org/{i}", [("Content-Type", "text/html")]) for i in range(5)]
    path, packed = _write(tmp_path, *pages)
    walked = scan_records(path, KEPT_HEADERS, digests=False)
    assert len(walked) == 6
    assert StoredList("s", 6, packed).items(KEPT_HEADERS, "s", path.stat().st_size, 6) == walked
