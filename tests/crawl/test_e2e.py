"""A real crawl, in a subprocess, of a fixture site served on 127.0.0.1: every exchange archived as sent."""

from __future__ import annotations

import gzip
import io
import sqlite3
import subprocess
import sys
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.helpers import SITES, run_cli, write_sources

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    from samplesite.server import SampleSite

    tmp = tmp_path_factory.mktemp("e2e")
    site = SampleSite(SITES / "basic").start()
    try:
        sources = write_sources(
            tmp / "sources.toml", {"basic": {"homepage": site.base_url + "/", "delay": 0}}
        )
        data = tmp / "data"
        result = run_cli("crawl", "--sources", str(sources), "--data", str(data))
        assert result.returncode == 0, result.stderr[-4000:]
        yield site, data, result
    finally:
        site.stop()


def _captures(data: Path) -> list[sqlite3.Row]:
    conn = sqlite3.connect(data / "catalog.db")
    conn.row_factory = sqlite3.Row
    rows = conn.execute("SELECT * FROM captures ORDER BY id").fetchall()
    conn.close()
    return rows


def _record_at(data: Path, capture):
    with open(data / "warc" / capture["warc_file"], "rb") as fh:
        fh.seek(capture["warc_offset"])
        member = fh.read(capture["warc_length"])
    records = []
    for record in ArchiveIterator(io.BytesIO(member)):
        records.append((record, record.raw_stream.read()))  # read before the iterator moves on
    assert len(records) == 1, "the (offset, length) of a capture frames exactly one record"
    return records[0]


def test_disallowed_urls_never_reach_the_server(crawled):
    site, _, _ = crawled
    assert any(line.startswith("GET /robots.txt") for line in site.log)
    assert not [line for line in site.log if "/private/" in line]


def test_every_kind_of_response_is_archived(crawled):
    site, data, _ = crawled
    statuses: dict[str, list[int]] = {}
    for c in _captures(data):
        parts = urlsplit(c["url"])
        key = parts.path + (f"?{parts.query}" if parts.query else "")
        statuses.setdefault(key, []).append(c["status"])
    assert statuses["/robots.txt"] == [200]
    assert statuses["/"] == [200]  # served chunked
    assert statuses["/tin-tuc/thu-tuong-chu-tri-hoi-nghi-chinh-phu-voi-cac-dia-phuong-20260105.html"] == [
        200
    ]  # gzip
    assert statuses["/tin-tuc/dong-bang-song-cuu-long-chuan-bi-mua-kho-han-20260106.html"] == [200]  # chunked
    assert statuses["/tin-tuc/ban-tin-tieng-viet-ma-hoa-windows-1258-20260107.html"] == [200]
    assert statuses["/bai-cu/thu-tuong-chu-tri-hoi-nghi.html"] == [301]  # the redirect hop itself
    assert statuses["/tin-tuc/bai-da-bi-go-bo-khoi-trang-20260101.html"] == [404]
    assert statuses["/tin-tuc/loi-may-chu-khi-tai-bai-viet-nay-20260102.html"] == [
        500,
        500,
        500,
    ]  # every retry
    assert statuses["/tin-tuc/?page=2"] == [200]


def test_payloads_are_byte_identical_to_what_the_server_sent(crawled):
    site, data, _ = crawled
    checked = 0
    for capture in _captures(data):
        record, payload = _record_at(data, capture)
        assert record.rec_headers.get_header("WARC-Target-URI") == capture["url"]
        assert record.rec_headers.get_header("WARC-Record-ID") == capture["warc_record_id"]
        assert record.rec_headers.get_header("WARC-IP-Address") == "127.0.0.1"
        assert payload == site.sent[urlsplit(capture["url"]).path], capture["url"]
        http = record.http_headers
        assert http.get_statuscode() == str(capture["status"])
        # headers agree with the stored bytes: no chunked framing, a true Content-Length
        assert http.get_header("Transfer-Encoding") is None
        assert http.get_header("Content-Length") == str(len(payload))
        checked += 1
    assert checked >= 12


def test_gzip_is_stored_as_sent_and_chunked_is_dechunked(crawled):
    site, data, _ = crawled
    by_path = {urlsplit(c["url"]).path: c for c in _captures(data)}
    gz = by_path["/tin-tuc/thu-tuong-chu-tri-hoi-nghi-chinh-phu-voi-cac-dia-phuong-20260105.html"]
    record, payload = _record_at(data, gz)
    assert record.http_headers.get_header("Content-Encoding") == "gzip"
    original = (SITES / "basic" / "tin-tuc" / Path(urlsplit(gz["url"]).path).name).read_bytes()
    assert gzip.decompress(payload) == original
    chunked = by_path["/tin-tuc/dong-bang-song-cuu-long-chuan-bi-mua-kho-han-20260106.html"]
    record, payload = _record_at(data, chunked)
    assert payload == (SITES / "basic" / "tin-tuc" / Path(urlsplit(chunked["url"]).path).name).read_bytes()
    legacy = by_path["/tin-tuc/ban-tin-tieng-viet-ma-hoa-windows-1258-20260107.html"]
    assert "windows-1258" in legacy["content_type"]
    _, payload = _record_at(data, legacy)
    assert "Bản tin tiếng Việt" in unicodedata.normalize("NFC", payload.decode("cp1258"))


def test_records_are_linked_and_described(crawled):
    _, data, _ = crawled
    (warc,) = sorted((data / "warc").glob("*.warc.gz"))
    records = []
    with open(warc, "rb") as fh:
        for record in ArchiveIterator(fh):
            headers = dict(record.rec_headers.headers)
            http = record.http_headers
            records.append((record.rec_type, headers, http))
    assert records[0][0] == "warcinfo"
    assert records[0][1]["WARC-Filename"] == warc.name
    assert all(r[1].get("WARC-Type") for r in records)
    assert {r[0] for r in records} >= {"warcinfo", "response", "request", "metadata"}
    responses = {h["WARC-Record-ID"]: h for t, h, _ in records if t == "response"}
    requests = [(h, http) for t, h, http in records if t == "request"]
    assert len(requests) == len(responses)
    for headers, http in requests:
        assert headers["WARC-Concurrent-To"] in responses
        assert http.get_header("Accept-Encoding") == "gzip, deflate"
        assert http.get_header("User-Agent").startswith("newsarchive/")
    for t, headers, _ in records:
        assert headers["WARC-Date"].endswith("Z")
        if t == "response":
            assert headers["WARC-Payload-Digest"].startswith("sha1:")
            assert headers["WARC-Block-Digest"].startswith("sha1:")


def test_request_line_keeps_path_and_query(crawled):
    _, data, _ = crawled
    (warc,) = sorted((data / "warc").glob("*.warc.gz"))
    with open(warc, "rb") as fh:
        raw = gzip.decompress(fh.read())
    assert b"\r\nGET /tin-tuc/?page=2 HTTP/1.1\r\n" in raw


def test_independent_tools_accept_the_warc_files(crawled):
    _, data, _ = crawled
    files = sorted(str(p) for p in (data / "warc").glob("*.warc.gz"))
    assert files and not list((data / "warc").glob("*.open"))
    check = subprocess.run([BIN / "warcio", "check", "-v", *files], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout[-3000:] + check.stderr[-3000:]
    assert "digest pass" in check.stdout
    index = subprocess.run([BIN / "cdxj-indexer", *files], capture_output=True, text=True)
    assert index.returncode == 0, index.stderr
    indexed = index.stdout.splitlines()
    captures = _captures(data)
    assert len([line for line in indexed if '"status"' in line]) >= len(captures)
    for capture in captures:
        assert f'"offset": "{capture["warc_offset"]}"' in index.stdout


def test_catalog_records_the_crawl_and_files(crawled):
    _, data, _ = crawled
    conn = sqlite3.connect(data / "catalog.db")
    crawl = conn.execute("SELECT finished_at, finish_reason, software, stats FROM crawls").fetchone()
    assert crawl[0] and crawl[1] == "finished" and "scrapy" in crawl[2] and "warc/records" in crawl[3]
    (name, size, sha256, records, closed_at) = conn.execute(
        "SELECT name, size, sha256, records, closed_at FROM warc_files"
    ).fetchone()
    path = data / "warc" / name
    assert size == path.stat().st_size and closed_at
    import hashlib

    assert sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_verify_and_status_pass(crawled):
    _, data, _ = crawled
    verify = run_cli("verify", "--data", str(data))
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "OK" in verify.stderr
    status = run_cli("status", "--data", str(data))
    assert status.returncode == 0, status.stderr
    assert "basic" in status.stdout and "finished" in status.stdout
