"""Revisits whose original is found as replay tools find it: by record id when they give one, else by URL
(compared by index key, so under any scheme) and payload digest, at the URL WARC-Refers-To-Target-URI names.
Quirks seen in pywb's sample_archive (webrecorder/pywb@2c706d1e): iana.warc.gz holds https revisits of
responses fetched over http, with no WARC-Refers-To; example-url-agnostic-revisit.warc.gz revisits another URL;
example-extra.warc repeats its records (one copy corrupted). py-wacz's example-iana.warc (a .warc.gz) names its
responses' payload digests `sha256:<hex>` and its revisits' `sha-256:<hex>`. Files built here with warcio."""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.warc import recordlist
from archive.warc.cdxj import urlkey
from archive.warc.digests import digest_key, digest_spellings
from archive.warc.fastscan import read_records, scan_records
from archive.warc.recordlist import HEADERS, RecordList, StoredList
from archive.warc.records import payload_digest
from archive.warc.revisits import closest_original, original_urls
from tests.helpers import run_cli
from tests.helpers.archive import rows

BODY = b"body { color: #333 }\n"
DIGEST = payload_digest(BODY)
ORIGINAL_ID = "<urn:uuid:051672a1-5c68-4534-87fb-6d45f19df175>"
REVISIT_ID = "<urn:uuid:b9a6f603-700a-4eaa-89ab-cfe65d3055f3>"
HTTP_URL = "http://www.iana.org/_css/2013.1/print.css"
HTTPS_URL = "https://www.iana.org/_css/2013.1/print.css"
ORIGINAL_DATE = "2014-01-26T20:06:25Z"


def _http():
    return StatusAndHeaders("200 OK", [("Content-Type", "text/css")], protocol="HTTP/1.1")


def _response(writer, url=HTTP_URL, record_id=ORIGINAL_ID, date=ORIGINAL_DATE, body=BODY, digest=None):
    """DIGEST: the WARC-Payload-Digest as written (by default warcio's, sha1 in base32)."""
    headers = {"WARC-Record-ID": record_id, "WARC-Date": date}
    if digest:
        headers["WARC-Payload-Digest"] = digest
    return writer.create_warc_record(
        url,
        "response",
        payload=BytesIO(body),
        length=len(body),
        http_headers=_http(),
        warc_headers_dict=headers,
    )


def _revisit(writer, url=HTTPS_URL, record_id=REVISIT_ID, digest=DIGEST, **refers):
    """A revisit (identical-payload-digest profile) naming its original only with the headers in REFERS
    (WARC-Refers-To, WARC-Refers-To-Target-URI, WARC-Refers-To-Date, by their names less the prefix)."""
    headers = {
        "WARC-Record-ID": record_id,
        "WARC-Date": "2014-01-26T20:13:07Z",
        "WARC-Profile": "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest",
        "WARC-Payload-Digest": digest,
        **{"WARC-" + name.replace("_", "-"): value for name, value in refers.items()},
    }
    return writer.create_warc_record(url, "revisit", http_headers=_http(), warc_headers_dict=headers)


def _warc(path: Path, *makers) -> Path:
    out = BytesIO()
    writer = WARCWriter(out, gzip=True)
    for make in makers:
        writer.write_record(make(writer))
    path.write_bytes(out.getvalue())
    return path


def _import(data: Path, *files: Path):
    result = run_cli("import", *map(str, files), "--data", str(data), "--json", "--no-extract")
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return result.returncode, json.loads(result.stdout)


def _verify(data: Path, *extra: str):
    result = run_cli("verify", "--data", str(data), "--json", *extra)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return result.returncode, json.loads(result.stdout)


def _links(data: Path) -> list[tuple]:
    return rows(data, "SELECT url, refers_to FROM captures WHERE record_type = 'revisit' ORDER BY id")


def _unlink(data: Path) -> None:
    conn = sqlite3.connect(data / "catalog.db")
    with conn:
        conn.execute("UPDATE captures SET refers_to = NULL WHERE record_type = 'revisit'")
    conn.close()


def test_the_index_key_has_no_scheme():
    assert urlkey(HTTP_URL) == urlkey(HTTPS_URL) == urlkey("https://iana.org/_css/2013.1/print.css")
    assert urlkey(HTTP_URL) != urlkey("http://www.iana.org/_css/2013.1/screen.css")


def test_the_closest_original_at_the_url_named_first():
    candidates = [
        ("<a>", "http://example.com/", "2014-01-01T00:00:00Z"),
        ("<b>", "http://example.com/", "2014-03-01T00:00:00Z"),
        ("<c>", "https://other.example/", "2014-01-01T00:00:00Z"),
    ]
    urls = original_urls("https://example.com/", "")
    assert closest_original(candidates, urls, "2014-02-20T00:00:00Z") == "<b>"
    assert closest_original(candidates, urls, "2014-01-02T00:00:00Z") == "<a>"
    assert (
        closest_original(candidates, original_urls("https://example.com/", "http://other.example/"), "")
        == "<c>"
    )
    assert closest_original(candidates, ["http://nowhere.example/"], "") is None


@pytest.mark.parametrize(
    "refers",
    [
        {},  # the revisit's own URL, under another scheme
        {"Refers_To_Target_URI": HTTPS_URL, "Refers_To_Date": ORIGINAL_DATE},  # as iana.warc.gz writes them
        {"Refers_To_Target_URI": HTTP_URL},
        {"Refers_To": ORIGINAL_ID, "Refers_To_Target_URI": HTTP_URL, "Refers_To_Date": ORIGINAL_DATE},
    ],
    ids=["own-url", "target-uri-and-date", "target-uri", "record-id"],
)
def test_an_https_revisit_of_an_http_original(tmp_path, refers):
    warc = _warc(tmp_path / "iana.warc.gz", _response, lambda w: _revisit(w, **refers))
    data = tmp_path / "data"
    code, report = _import(data, warc)
    assert code == 0, report
    assert _links(data) == [(HTTPS_URL, ORIGINAL_ID)]  # linked in the catalog, as replay resolves it
    for mode in ((), ("--deep",)):
        code, summary = _verify(data, *mode)
        assert code == 0, summary["problems"]
        assert summary["revisits"] == 1
    _unlink(data)  # as an import before links were made left it: verify finds the original itself
    code, summary = _verify(data)
    assert code == 0, summary["problems"]


SHA256 = hashlib.sha256(BODY).digest()
SHA1 = hashlib.sha1(BODY).digest()


def test_one_digest_however_it_is_spelled():
    spellings = [
        "sha256:" + SHA256.hex(),
        "sha-256:" + SHA256.hex(),
        "SHA256:" + SHA256.hex().upper(),
        "sha-256:" + base64.b32encode(SHA256).decode(),
        "sha256:" + base64.b32encode(SHA256).decode().rstrip("=").lower(),
        "sha256:" + base64.b64encode(SHA256).decode(),
    ]
    assert {digest_key(s) for s in spellings} == {"sha256:" + SHA256.hex()}
    assert digest_key(DIGEST) == digest_key("sha-1:" + SHA1.hex()) == "sha1:" + SHA1.hex()
    assert digest_key("sha1:" + SHA1.hex()) != digest_key("sha256:" + SHA256.hex())
    assert (
        digest_key("nosuch:AAAA") == "nosuch:AAAA" and digest_key("sha1:not a digest") == "sha1:not a digest"
    )
    found = set(digest_spellings("sha-256:" + SHA256.hex()))
    assert all(s in found for s in spellings[:5])  # what the catalog may hold, found by an indexed IN


@pytest.mark.parametrize(
    ("original", "revisit"),
    [
        ("sha256:" + SHA256.hex(), "sha-256:" + SHA256.hex()),  # py-wacz's example-iana.warc
        (DIGEST, "SHA-1:" + SHA1.hex()),  # base32 and base16, as WARC allows
    ],
    ids=["sha256-and-sha-256", "base32-and-base16"],
)
def test_a_revisit_whose_digest_is_spelled_otherwise_is_linked(tmp_path, original, revisit):
    warc = _warc(
        tmp_path / "iana.warc.gz",
        lambda w: _response(w, HTTPS_URL, digest=original),
        lambda w: _revisit(w, digest=revisit),
    )
    data = tmp_path / "data"
    code, report = _import(data, warc)
    assert code == 0, report
    assert report["files"][0]["revisits_linked"] == 1
    assert _links(data) == [(HTTPS_URL, ORIGINAL_ID)]
    assert rows(data, "SELECT payload_digest FROM captures ORDER BY id") == [
        (original,),
        (revisit,),
    ]  # as written
    for mode in ((), ("--deep",)):
        code, summary = _verify(data, *mode)
        assert code == 0, summary["problems"]
    _unlink(data)
    code, summary = _verify(data)
    assert code == 0, summary["problems"]
    result = run_cli("reindex", "--data", str(data), "--workers", "1")
    assert result.returncode == 0, result.stderr[-3000:]
    assert _links(data) == [(HTTPS_URL, ORIGINAL_ID)]


def test_a_revisit_of_another_url_names_its_target(tmp_path):
    """A URL-agnostic revisit (pywb's example-url-agnostic-revisit.warc.gz) with no record id: found at the URL
    WARC-Refers-To-Target-URI names (https here, the original http), closest to WARC-Refers-To-Date."""
    later = "<urn:uuid:c0b8a812-1a11-4cd1-9189-58bc8eb6457f>"
    original = _warc(
        tmp_path / "orig.warc.gz",
        lambda w: _response(w, "http://example.iana.org/", ORIGINAL_ID, "2013-07-02T19:54:02Z"),
        lambda w: _response(w, "http://example.iana.org/", later, "2013-09-02T19:54:02Z"),
    )
    revisit = _warc(
        tmp_path / "revisit.warc.gz",
        lambda w: _revisit(
            w,
            "http://test@example.com/",
            Refers_To_Target_URI="https://example.iana.org/",
            Refers_To_Date="2013-07-02T19:54:02Z",
        ),
    )
    data = tmp_path / "data"
    code, report = _import(data, revisit, original)  # the revisit first: linked once its original arrives
    assert code == 0, report
    assert _links(data) == [("http://test@example.com/", ORIGINAL_ID)]
    assert [f["revisits_linked"] for f in report["files"]] == [0, 1]
    code, summary = _verify(data)
    assert code == 0, summary["problems"]
    _unlink(data)
    code, summary = _verify(data)
    assert code == 0, summary["problems"]
    result = run_cli("reindex", "--data", str(data), "--workers", "1")  # the catalog again from the files
    assert result.returncode == 0, result.stderr[-3000:]
    assert _links(data) == [("http://test@example.com/", ORIGINAL_ID)]
    assert _verify(data)[0] == 0


def test_a_revisit_without_an_original_stays_unlinked_and_is_reported(tmp_path):
    other = payload_digest(b"something else")
    warc = _warc(
        tmp_path / "iana.warc.gz",
        _response,
        lambda w: _revisit(w, digest=other, Refers_To_Target_URI=HTTPS_URL),
        lambda w: _revisit(
            w, "https://www.iana.org/other.css", "<urn:uuid:00000000-0000-0000-0000-00000000000b>"
        ),
    )
    data = tmp_path / "data"
    code, report = _import(data, warc)
    assert code == 0, report
    assert _links(data) == [(HTTPS_URL, None), ("https://www.iana.org/other.css", None)]
    code, summary = _verify(data)
    assert code == 1
    messages = sorted(p["message"] for p in summary["problems"])
    assert [p["kind"] for p in summary["problems"]] == ["revisit", "revisit"]
    assert messages == [
        f"no response of {HTTPS_URL} (under any scheme) with payload {other} for this revisit",
        f"no response of https://www.iana.org/other.css (under any scheme) with payload {DIGEST} for this revisit",
    ]


def test_a_record_repeated_in_a_file_is_cataloged_once_and_verify_agrees(tmp_path):
    """example-extra.warc: the response, a revisit of it, then both again, the response copy corrupted (its
    status line, as there): the revisit's copy is the same record (cataloged once, not a collision), and
    verify takes it for one; the corrupted copy is a bad record."""
    revisit_of = {"Refers_To_Target_URI": HTTP_URL, "Refers_To_Date": ORIGINAL_DATE}
    whole = BytesIO()
    writer = WARCWriter(whole, gzip=False)
    for make in (_response, lambda w: _revisit(w, HTTP_URL, **revisit_of)):
        writer.write_record(make(writer))
    records = whole.getvalue()
    corrupted = records.replace(b"HTTP/1.1 200 OK", b"HTTPX/1.1 200 OK", 1)
    warc = tmp_path / "example-extra.warc"
    warc.write_bytes(records + corrupted)
    data = tmp_path / "data"
    code, report = _import(data, warc)
    [entry] = report["files"]
    assert code == 1  # the corrupted copy
    assert [b["offset"] for b in entry["bad_records"]] == [len(records)]
    # both copies already cataloged (the corrupted one also a bad record: the catalog holds it whole)
    assert (entry["captures"], entry["duplicates"], entry["id_collisions"]) == (2, 2, [])
    assert _links(data) == [(HTTP_URL, ORIGINAL_ID)]
    for mode in ((), ("--deep",)):
        code, summary = _verify(data, *mode)
        assert code == 0, summary["problems"]
        assert summary["known_damage"] == 1


def test_a_different_record_under_a_reused_id_is_a_collision(tmp_path):
    warc = _warc(
        tmp_path / "reused.warc.gz",
        _response,
        lambda w: _revisit(w, HTTP_URL, Refers_To_Target_URI=HTTP_URL),
        lambda w: _revisit(w, "http://www.iana.org/other.css", Refers_To_Target_URI=HTTP_URL),
    )
    data = tmp_path / "data"
    code, report = _import(data, warc)
    [entry] = report["files"]
    assert code == 0 and entry["captures"] == 3 and entry["duplicates"] == 0
    [collision] = entry["id_collisions"]
    assert REVISIT_ID in collision and "http://www.iana.org/other.css" in collision
    assert _verify(data)[0] == 0


def test_a_list_made_before_target_uris_were_listed(tmp_path, monkeypatch):
    """Lists stored before the revisit's target URI was kept still stand for files whose revisits name their
    original by record id (the crawl's), not for files where one names it by URL only."""
    by_id = _warc(
        tmp_path / "by-id.warc.gz",
        _response,
        lambda w: _revisit(w, Refers_To=ORIGINAL_ID, Refers_To_Target_URI=HTTP_URL),
    )
    by_url = _warc(
        tmp_path / "by-url.warc.gz", _response, lambda w: _revisit(w, Refers_To_Target_URI=HTTP_URL)
    )
    monkeypatch.setattr(recordlist, "HEADERS", ("warc-payload-digest", "warc-refers-to"))
    old = {path: _listed(path) for path in (by_id, by_url)}
    monkeypatch.undo()
    items = StoredList("s", 2, old[by_id]).items(HEADERS, "s", by_id.stat().st_size, 2)
    walked = scan_records(by_id, HEADERS, digests=False)
    assert items is not None and [i.info.record_id for i in items] == [i.info.record_id for i in walked]
    assert StoredList("s", 2, old[by_url]).items(HEADERS, "s", by_url.stat().st_size, 2) is None
    new = StoredList("s", 2, _listed(by_url)).items(HEADERS, "s", by_url.stat().st_size, 2)
    assert new == scan_records(by_url, HEADERS, digests=False)
    assert new[1].info.header("warc-refers-to-target-uri") == HTTP_URL


def _listed(path: Path) -> bytes:
    listing = RecordList()
    for _ in read_records(path, (), (listing,)):
        pass
    packed = listing.packed()
    assert packed is not None
    return packed
