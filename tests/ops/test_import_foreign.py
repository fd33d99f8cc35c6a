"""`newsarchive import` of other tools' files, with their quirks reproduced in small files of our own:

- pywb's sample_archive/warcs (webrecorder/pywb@2c706d1e): example.warc and example-extra.warc use the same
  record ids for different records (`?example=1` and `?example=2`); missing-status-text.warc reuses the id of a
  record in dupes.warc.gz and answers `HTTP/1.0 302 ` with no reason phrase; targets are written
  `http://example.com?example=1` (no slash before the query); valid_example_1.wacz is a WACZ 1.1 package.
- ClueWeb09 (WARC/0.18, LF line ends, `WARC-Date: 2009-03-65T08:43:19-0800`, a WARC-TREC-ID), and the ClueWeb12
  sample of xdavidjung/cluewebextractor@09057aa6 (inputs/sample-0000wb-01.warc): payload digests that do not
  match the stored payloads.
- a .warc.gz written as one gzip member and cut short (a download that stopped).
- Heritrix (ukwa/warc-test-corpus, BL-20140325121225068-00000-32090_opera_8443.warc.gz and the IAH
  blackbook files): a `response` record per DNS lookup, `WARC-Target-URI: dns:data.gov.uk`, `Content-Type:
  text/dns`, a block of zone-file lines, no payload digest; node-warc's parseMe.warc: a `chrome-extension://`
  response whose block is an HTTP message (warcio parses HTTP for http(s) URIs only).
- Heritrix 1.14's ARC files (IAH-20080430204825-00000-blackbook-truncated.arc and .arc.gz): no newline after
  a record's block, which the next record's header line follows at once.
"""

from __future__ import annotations

import gzip
import json
import random
import subprocess
import sys
import zipfile
from pathlib import Path

from archive.warc import salvage
from tests.helpers import run_cli
from tests.helpers.archive import rows
from tests.helpers.foreign import (
    PAGE,
    arc_head,
    arc_record,
    http_block,
    members,
    record,
    request,
    response,
)

ID_A = "<urn:uuid:6d058047-ede2-4a13-be79-90c17c631dd4>"
ID_REQ = "<urn:uuid:9a3ffea5-9556-4790-a6bf-c15231fd6b97>"


def _import(data: Path, *files: Path, extra: tuple[str, ...] = ("--no-extract",)):
    result = run_cli("import", *map(str, files), "--data", str(data), "--json", *extra)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return result, json.loads(result.stdout)


def _verify(data: Path, *extra: str):
    result = run_cli("verify", "--data", str(data), "--json", *extra)
    return result.returncode, json.loads(result.stdout)


def test_a_reused_record_id_is_a_collision_not_a_duplicate(tmp_path):
    one = tmp_path / "example.warc"
    one.write_bytes(
        response("http://example.com?example=1", ID_A) + request("http://example.com?example=1", ID_REQ, ID_A)
    )
    extra = tmp_path / "example-extra.warc"
    extra.write_bytes(
        response("http://example.com?example=2", ID_A, body=PAGE.replace(b"Example", b"Other"))
        + request("http://example.com?example=2", ID_REQ, ID_A)
    )
    copy = tmp_path / "example.warc.gz"  # the same records again, gzipped: a copy, not a collision
    copy.write_bytes(members(one.read_bytes()))
    data = tmp_path / "data"
    result, report = _import(data, one, extra, copy)
    assert result.returncode == 0, report
    files = {Path(f["file"]).name: f for f in report["files"]}
    assert files["example-extra.warc"]["captures"] == 1
    assert (
        files["example-extra.warc"]["id_collisions"]
        and ID_A in files["example-extra.warc"]["id_collisions"][0]
    )
    assert (files["example.warc.gz"]["captures"], files["example.warc.gz"]["duplicates"]) == (0, 1)
    # stored as the record has it, the usual form beside it
    assert rows(data, "SELECT url, normal_url, warc_record_id FROM captures ORDER BY url") == [
        ("http://example.com?example=1", "http://example.com/?example=1", ID_A),
        ("http://example.com?example=2", "http://example.com/?example=2", ID_A),
    ]
    code, summary = _verify(data, "--deep")
    assert code == 0, summary["problems"]
    again, report = _import(data, one, extra, copy)  # idempotent
    assert all(f["skipped"].startswith("already in the archive") for f in report["files"])
    assert rows(data, "SELECT count(*) FROM captures") == [(2,)]


def test_status_lines_without_a_reason_phrase_import(tmp_path):
    warc = tmp_path / "missing-status-text.warc"
    warc.write_bytes(
        response(
            "http://iana.org/bads",
            "<urn:uuid:125f3091-65f6-4d0e-96dd-dbff7c551275>",
            body=b"",
            status_line=b"HTTP/1.0 302 ",
        )
        + response(
            "http://iana.org/plain",
            "<urn:uuid:125f3091-65f6-4d0e-96dd-dbff7c551276>",
            status_line=b"HTTP/1.0 200",
        )
    )
    result, report = _import(tmp_path / "data", warc)
    assert result.returncode == 0 and report["captures"] == 2
    assert rows(tmp_path / "data", "SELECT url, status FROM captures ORDER BY url") == [
        ("http://iana.org/bads", 302),
        ("http://iana.org/plain", 200),
    ]


def test_records_whose_payload_digest_fails_are_kept_and_flagged(tmp_path):
    """ClueWeb09: every record's digest fails, version 0.18, LF line ends, a day of the year for a day."""
    warc = tmp_path / "00.warc"
    warc.write_bytes(
        b"".join(
            response(
                f"http://site{n}.example/",
                f"<urn:uuid:67f7cabd-146c-41cf-bd01-04f5fa7d522{n}>",
                version=b"WARC/0.18",
                eol=b"\n",
                digest="sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ",
                date="2009-03-65T08:43:19-0800",
                extra=(("WARC-TREC-ID", f"clueweb09-en0000-00-0000{n}"),),
            )
            for n in range(3)
        )
    )
    data = tmp_path / "data"
    result, report = _import(data, warc)
    assert result.returncode == 1  # reported, as damage is
    [entry] = report["files"]
    assert entry["captures"] == 3 and not entry["bad_records"]
    step = warc.stat().st_size // 3
    assert [f["offset"] for f in entry["flawed_records"]] == [0, step, 2 * step]
    assert (
        rows(data, "SELECT fetched_at, record_flaw LIKE 'payload digest failed%' FROM captures")
        == [("2009-03-06T16:43:19Z", 1)] * 3
    )
    index = (data / "indexes" / "00.warc.cdxj").read_text().splitlines()
    assert len(index) == 3  # replayable, under the date in the catalog's form
    for mode in ((), ("--deep",)):
        code, summary = _verify(data, *mode)
        assert code == 0, summary["problems"]
        assert [p["offset"] for p in summary["flagged"]] == [0, step, 2 * step]


def test_a_single_gzip_member_cut_short_is_salvaged_and_marked_truncated(tmp_path):
    records = [
        response(
            f"http://example.com/{n}",
            f"<urn:uuid:00000000-0000-0000-0000-00000000000{n}>",
            body=PAGE + random.Random(n).randbytes(3000),  # compresses little: the cut falls in the last one
        )
        for n in range(4)
    ]
    whole = gzip.compress(b"".join(records), mtime=0)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[: len(whole) - 500])  # the end of the last record (and the gzip trailer) lost
    data = tmp_path / "data"
    result, report = _import(data, cut)
    [entry] = report["files"]
    assert result.returncode == 1
    # the three whole records, and the one cut short kept as far as it goes, flagged
    assert entry["captures"] == 4 and entry["recompressed"]
    assert "ends inside a gzip member" in entry["truncated"] and "http://example.com/3" in entry["truncated"]
    [(last,)] = rows(data, "SELECT warc_offset FROM captures WHERE url = 'http://example.com/3'")
    assert [f["offset"] for f in entry["flawed_records"]] == [last]
    assert rows(data, "SELECT truncated IS NOT NULL FROM replay_imports") == [(1,)]
    assert (data / "imported" / "cut.warc.gz").read_bytes() == cut.read_bytes()  # the original kept
    code, summary = _verify(data, "--deep")
    assert code == 0, summary["problems"]


def test_a_wacz_is_read_for_its_warc_files_and_pages(tmp_path):
    warc = response("http://www.example.com/", "<urn:uuid:00000000-0000-0000-0000-0000000000aa>")
    package = tmp_path / "valid_example_1.wacz"
    with zipfile.ZipFile(package, "w") as zf:
        zf.writestr("archive/example-collection.warc", warc)
        zf.writestr(
            "pages/pages.jsonl",
            '{"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}\n'
            '{"id": "1db0ef709a", "url": "http://www.example.com/", "ts": "2020-10-07T21:22:36Z", '
            '"title": "Example Domain"}\n',
        )
        zf.writestr("datapackage.json", "{}")
    data = tmp_path / "data"
    result, report = _import(data, package)
    assert result.returncode == 0, report
    [entry] = report["files"]
    assert entry["file"].endswith("valid_example_1.wacz!archive/example-collection.warc")
    assert rows(data, "SELECT url, via, discovery FROM captures") == [
        ("http://www.example.com/", "wacz-page", '{"title": "Example Domain"}')
    ]
    broken = tmp_path / "invalid_example_1.wacz"
    with zipfile.ZipFile(broken, "w") as zf:
        zf.writestr("data/archive/test.txt", "test")
    result, report = _import(data, broken)
    assert result.returncode == 1 and "no WARC files" in report["files"][0]["skipped"]


def test_inflating_stops_at_a_decompression_bomb(tmp_path, monkeypatch):
    monkeypatch.setattr(salvage, "FREE_BYTES", 1 << 16)
    bomb = tmp_path / "bomb.warc.gz"
    bomb.write_bytes(gzip.compress(b"\0" * (8 << 20)))  # 8 MB of zeros in 8 KB
    got = salvage.inflate_prefix(bomb, tmp_path / "out")
    assert "decompression bomb" in got.stopped and got.size < 4 << 20


DNS_BLOCK = b"20140325121224\ndata.gov.uk.\t\t1718\tIN\tA\t46.43.41.10\n"
EXTENSION_BLOCK = b"HTTP/1.1 200 OK\r\nContent-Type: application/javascript\r\n\r\n!function(e){}();"


def _heritrix_like() -> list[bytes]:
    return [
        record(
            "response",
            "dns:data.gov.uk",
            "<urn:uuid:01f99de7-4396-4e69-885b-65517629d70f>",
            DNS_BLOCK,
            "text/dns",
            extra=(("WARC-IP-Address", "194.66.236.150"),),
        ),
        response("http://data.gov.uk/", "<urn:uuid:6b2b8e1b-64a4-4e5b-9bd2-7a2a4a8b4a01>"),
        record(
            "response",
            "chrome-extension://react-perf/page.bundle.js",
            "<urn:uuid:07ed4990-69e8-11e7-b852-0da77bcdf4dd>",
            EXTENSION_BLOCK,
            "application/http; msgtype=response",
        ),
    ]


def test_responses_of_other_schemes_are_kept_and_indexed_but_are_no_captures(tmp_path):
    """A dns: lookup is a good record, not an HTTP capture: no bad record, exit 0, no capture; indexed as
    cdxj-indexer indexes it (no status, no mime); verify and reindex agree."""
    plain = tmp_path / "heritrix.warc"
    plain.write_bytes(b"".join(_heritrix_like()))
    gzipped = tmp_path / "heritrix-gz.warc.gz"
    gzipped.write_bytes(members(*_heritrix_like()))
    data = tmp_path / "data"
    result, report = _import(data, plain, gzipped)
    assert result.returncode == 0, report
    for entry in report["files"]:
        assert (entry["good_records"], entry["bad_records"], entry["flawed_records"]) == (3, [], [])
        assert entry["non_http_records"] == {"dns": 1, "chrome-extension": 1}
    assert report["files"][0]["captures"] == 1  # the http one; the other file's copy is already cataloged
    assert rows(data, "SELECT url, status FROM captures") == [("http://data.gov.uk/", 200)]
    for name in ("heritrix.warc", "heritrix-gz.warc.gz"):
        ours = (data / "indexes" / f"{name}.cdxj").read_text().splitlines()
        theirs = _cdxj_indexer(data / "warc" / name)
        assert sorted(ours) == sorted(theirs) and len(ours) == 3
        dns = next(json.loads(line.split(" ", 2)[2]) for line in ours if line.startswith("dns:"))
        assert "status" not in dns and "mime" not in dns
    for mode in ((), ("--deep",)):
        code, summary = _verify(data, *mode)
        assert code == 0, summary["problems"]
    text = run_cli("import", str(plain), "--data", str(tmp_path / "text"), "--no-extract")
    assert text.returncode == 0 and "1 chrome-extension:, 1 dns: records" in text.stdout, text.stdout
    assert run_cli("reindex", "--data", str(data)).returncode == 0
    assert rows(data, "SELECT url FROM captures") == [("http://data.gov.uk/",)]
    code, summary = _verify(data, "--deep")
    assert code == 0, summary["problems"]


def test_a_response_of_an_http_url_without_http_is_still_bad(tmp_path):
    warc = tmp_path / "nohttp.warc"
    warc.write_bytes(
        record(
            "response",
            "http://data.gov.uk/",
            "<urn:uuid:6b2b8e1b-64a4-4e5b-9bd2-7a2a4a8b4a02>",
            b"",
            "text/html",
        )
    )
    result, report = _import(tmp_path / "data", warc)
    assert result.returncode == 1
    assert [b["problem"] for b in report["files"][0]["bad_records"]] == ["no HTTP response in the record"]


def _cdxj_indexer(path: Path) -> list[str]:
    """The lines cdxj-indexer (pywb's indexer) writes for PATH."""
    indexer = Path(sys.executable).parent / "cdxj-indexer"
    done = subprocess.run([str(indexer), str(path)], capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


def _heritrix_arc_records(bad: bool = False) -> list[bytes]:
    dns = b"20080430204825\nexample.com.\t589\tIN\tA\t93.184.216.34\n"
    return [
        arc_head("IAH-20080430204825-00000-blackbook.arc"),
        arc_record("dns:example.com", dns, content_type="text/dns", ip="68.87.76.178"),
        arc_record("http://example.com/", http_block()),
        *([arc_record("http://example.com/bad", b"no status line here\r\n\r\n")] if bad else []),
        arc_record("http://example.com/b", http_block(PAGE.replace(b"Example", b"Other"))),
    ]


def test_a_whole_arc_gz_with_a_bad_record_is_not_marked_truncated(tmp_path):
    """Its members inflated into one stream read as fewer records than the members do (no newline between
    records): that reading's "bytes after the last whole record make no record" is no truncation of the file."""
    arc = tmp_path / "blackbook.arc.gz"
    arc.write_bytes(members(*_heritrix_arc_records(bad=True)))
    data = tmp_path / "data"
    result, report = _import(data, arc)
    [entry] = report["files"]
    assert result.returncode == 1  # for the bad record
    assert [b["problem"] for b in entry["bad_records"]] == ["no HTTP status line"]
    assert (entry["good_records"], entry["captures"], entry["truncated"]) == (4, 2, "")
    assert rows(data, "SELECT truncated FROM replay_imports") == [(None,)]
    assert "WARNING" not in result.stderr  # warcio's noise is logged, not printed
    code, summary = _verify(data, "--deep")
    assert code == 0, summary["problems"]


def test_every_byte_of_a_plain_arc_left_unread_is_reported(tmp_path):
    """Heritrix 1.14's plain ARC: warcio takes the header line after a record's block for the newline that
    should end it, then stops at the next record's block. What it cannot read is reported, up to the end."""
    arc = tmp_path / "blackbook.arc"
    arc.write_bytes(b"".join(_heritrix_arc_records()))
    data = tmp_path / "data"
    result, report = _import(data, arc)
    [entry] = report["files"]
    assert result.returncode == 1
    [bad] = entry["bad_records"]
    left = arc.stat().st_size - bad["offset"]
    assert bad["problem"].endswith(
        f"no record found after it: the last {left} bytes of the file are not read"
    )


def test_the_articles_of_an_arc_file_are_extracted(tmp_path):
    """Older archives of press sites are ARC files: their pages are read for extraction as import read them
    (as WARC records), not refused as unreadable."""
    paragraphs = "".join(
        f"<p>Đoạn {i}: Chính phủ họp phiên thường kỳ, thảo luận tình hình kinh tế - xã hội và các giải pháp "
        "thúc đẩy tăng trưởng trong những tháng cuối năm.</p>"
        for i in range(6)
    )
    page = (
        '<html lang="vi"><head><meta charset="utf-8"><title>Phiên họp Chính phủ thường kỳ</title></head>'
        f"<body><article><h1>Phiên họp Chính phủ thường kỳ</h1>{paragraphs}</article></body></html>"
    ).encode()
    arc = tmp_path / "press.arc.gz"
    url = "http://www.example.vn/tin/phien-hop-chinh-phu-thuong-ky-1234567.html"
    arc.write_bytes(members(arc_head("press.arc") + b"\n", arc_record(url, http_block(page)) + b"\n"))
    data = tmp_path / "data"
    result, report = _import(data, arc, extra=())
    assert result.returncode == 0, result.stderr[-2000:]
    assert rows(data, "SELECT url, extract_status FROM captures") == [(url, "ok")]
    assert rows(data, "SELECT title FROM articles") == [("Phiên họp Chính phủ thường kỳ",)]
