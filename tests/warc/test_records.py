"""The records the recorder writes, as golden bytes: fixed record ids and dates."""

from __future__ import annotations

import io
import itertools
from datetime import UTC, datetime

from warcio.archiveiterator import ArchiveIterator
from warcio.warcwriter import WARCWriter

from archive.warc.records import (
    PROFILE_IDENTICAL_PAYLOAD,
    PROFILE_SERVER_NOT_MODIFIED,
    Exchange,
    RecordFactory,
    consistent_response_headers,
    payload_digest,
)

WHEN = datetime(2026, 1, 5, 8, 30, 0, 123456, tzinfo=UTC)


def factory() -> RecordFactory:
    counter = itertools.count(1)
    return RecordFactory(
        ids=lambda: f"<urn:uuid:00000000-0000-0000-0000-{next(counter):012d}>",
        now=lambda: WHEN,
    )


def exchange(**kw) -> Exchange:
    values = dict(
        url="http://127.0.0.1:8000/tin-tuc/bai.html?id=1",
        status=200,
        response_headers=[("Content-Type", "text/html; charset=utf-8"), ("Transfer-Encoding", "chunked")],
        body=b"<html>xin chao</html>",
        request_headers=[("User-Agent", "newsarchive/0.1"), ("Accept-Encoding", "gzip, deflate")],
        ip_address="127.0.0.1",
        date=WHEN,
    )
    values.update(kw)
    return Exchange(**values)


def write(*records) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False, warc_version="WARC/1.1")
    for record in records:
        writer.write_record(record)
    return out.getvalue()


GOLDEN_RESPONSE_AND_REQUEST = (
    b"WARC/1.1\r\n"
    b"WARC-Type: response\r\n"
    b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
    b"WARC-Target-URI: http://127.0.0.1:8000/tin-tuc/bai.html?id=1\r\n"
    b"WARC-Date: 2026-01-05T08:30:00.123456Z\r\n"
    b"WARC-IP-Address: 127.0.0.1\r\n"
    b"WARC-Payload-Digest: sha1:SWKVKJPL7GENBCYEXPILQW5EMALW4TCN\r\n"
    b"WARC-Block-Digest: sha1:JPYIFJOCJ7HILOII73J7DJC7V7F57EMX\r\n"
    b"Content-Type: application/http; msgtype=response\r\n"
    b"Content-Length: 100\r\n"
    b"\r\n"
    b"HTTP/1.1 200 OK\r\n"
    b"Content-Type: text/html; charset=utf-8\r\n"
    b"Content-Length: 21\r\n"
    b"\r\n"
    b"<html>xin chao</html>"
    b"\r\n\r\n"
    b"WARC/1.1\r\n"
    b"WARC-Type: request\r\n"
    b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000002>\r\n"
    b"WARC-Target-URI: http://127.0.0.1:8000/tin-tuc/bai.html?id=1\r\n"
    b"WARC-Date: 2026-01-05T08:30:00.123456Z\r\n"
    b"WARC-Concurrent-To: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
    b"WARC-IP-Address: 127.0.0.1\r\n"
    b"WARC-Payload-Digest: sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ\r\n"
    b"WARC-Block-Digest: sha1:B5LRNXEUWYMWATANKXF432YXIXAGG7N7\r\n"
    b"Content-Type: application/http; msgtype=request\r\n"
    b"Content-Length: 122\r\n"
    b"\r\n"
    b"GET /tin-tuc/bai.html?id=1 HTTP/1.1\r\n"
    b"Host: 127.0.0.1:8000\r\n"
    b"User-Agent: newsarchive/0.1\r\n"
    b"Accept-Encoding: gzip, deflate\r\n"
    b"\r\n"
    b"\r\n\r\n"
)


def test_response_and_request_golden_bytes():
    f = factory()
    response = f.response(exchange())
    request = f.request(exchange(), concurrent_to=response.rec_headers.get_header("WARC-Record-ID"))
    assert write(response, request) == GOLDEN_RESPONSE_AND_REQUEST


def test_golden_digests_are_right():
    """The golden text itself checked independently: digests and lengths from hashlib, not warcio."""
    for record in GOLDEN_RESPONSE_AND_REQUEST.split(b"WARC/1.1\r\n")[1:]:
        head, _, rest = record.partition(b"\r\n\r\n")
        fields = dict(line.split(b": ", 1) for line in head.split(b"\r\n"))
        block = rest[: -len(b"\r\n\r\n")]
        assert int(fields[b"Content-Length"]) == len(block)
        assert fields[b"WARC-Block-Digest"].decode() == payload_digest(block)
        payload = block.partition(b"\r\n\r\n")[2]
        assert fields[b"WARC-Payload-Digest"].decode() == payload_digest(payload)


def test_framing_headers_agree_with_the_stored_body():
    headers = consistent_response_headers(
        [("Transfer-Encoding", "chunked"), ("Content-Length", "999"), ("Content-Length", "5"), ("X", "y")], 10
    )
    assert headers == [("Content-Length", "10"), ("X", "y")]
    assert consistent_response_headers([("Content-Type", "text/html")], 0) == [
        ("Content-Type", "text/html"),
        ("Content-Length", "0"),
    ]


def test_status_line_uses_the_reason_given_or_the_standard_one():
    f = factory()
    assert f.response(exchange(status=404)).http_headers.statusline == "404 Not Found"
    assert f.response(exchange(status=299, reason="")).http_headers.statusline == "299 Unknown"
    assert f.response(exchange(status=200, reason="Fine")).http_headers.statusline == "200 Fine"


def test_revisit_profiles_point_at_the_original():
    f = factory()
    ex = exchange(status=304, body=b"", response_headers=[("ETag", '"abc"')])
    record = f.revisit(
        ex,
        profile=PROFILE_SERVER_NOT_MODIFIED,
        digest="sha1:SW5SAHRBJGSIFUUPHW52YM6IKQ4QHFGW",
        refers_to="<urn:uuid:00000000-0000-0000-0000-000000000099>",
        refers_to_uri=ex.url,
        refers_to_date="2026-01-04T08:30:00.000000Z",
    )
    data = write(record)
    (parsed,) = [(r.rec_type, dict(r.rec_headers.headers)) for r in ArchiveIterator(io.BytesIO(data))]
    kind, headers = parsed
    assert kind == "revisit"
    assert headers["WARC-Profile"] == PROFILE_SERVER_NOT_MODIFIED
    assert headers["WARC-Refers-To"] == "<urn:uuid:00000000-0000-0000-0000-000000000099>"
    assert headers["WARC-Refers-To-Target-URI"] == ex.url
    assert headers["WARC-Refers-To-Date"] == "2026-01-04T08:30:00.000000Z"
    assert b"HTTP/1.1 304 Not Modified\r\n" in data
    assert PROFILE_IDENTICAL_PAYLOAD.endswith("identical-payload-digest")


def test_metadata_and_conversion_records():
    f = factory()
    meta = f.metadata(
        "http://x/a", "<urn:uuid:1>", {"via": "feed", "title": "Tin\nmới", "empty": "", "tags": ["a", "b"]}
    )
    conv = f.conversion("http://x/a", "<urn:uuid:1>", "Văn bản")
    data = write(meta, conv)
    assert b"via: feed\r\ntitle: Tin m\xe1\xbb\x9bi\r\ntags: a\r\ntags: b\r\n" in data
    assert b"empty" not in data
    assert b"WARC-Type: conversion\r\n" in data and "Văn bản".encode() in data
    assert b"Content-Type: text/plain; charset=utf-8\r\n" in data


def test_warcinfo_names_the_file_and_the_software():
    record = factory().warcinfo("x.warc.gz", {"software": "newsarchive 0.1", "operator": ""})
    data = write(record)
    assert b"WARC-Filename: x.warc.gz\r\n" in data and b"software: newsarchive 0.1\r\n" in data
    assert b"operator" not in data


def test_payload_digest_matches_warcio():
    assert payload_digest(b"") == "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"
    data = write(factory().response(exchange()))
    (record,) = ArchiveIterator(io.BytesIO(data), check_digests=True)
    assert record.rec_headers.get_header("WARC-Payload-Digest") == payload_digest(exchange().body)


def test_a_response_given_its_payload_digest_has_the_same_headers():
    """The recorder passes the digest it computed (warcio then hashes the body once): the same headers with
    the same values as when warcio computes both, and the digests check."""
    given = write(factory().response(exchange(), payload_digest=payload_digest(exchange().body)))
    computed = write(factory().response(exchange()))
    (a,) = ArchiveIterator(io.BytesIO(given), check_digests=True)
    (b,) = ArchiveIterator(io.BytesIO(computed), check_digests=True)
    assert sorted(a.rec_headers.headers) == sorted(b.rec_headers.headers)
    assert a.rec_headers.get_header("WARC-Block-Digest") and a.rec_headers.get_header("WARC-Payload-Digest")
