"""WARC records as other tools write them, byte for byte, quirks included (reproduced from real files; see
tests/ops/test_import_foreign.py for where each quirk was seen). Nothing here is a test."""

from __future__ import annotations

import base64
import gzip
import hashlib

PAGE = (
    b"<!doctype html><html><head><title>Example Domain</title></head><body><h1>Example Domain</h1>"
    b"<p>This domain is for use in illustrative examples in documents.</p></body></html>"
)


def sha1(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def response(
    uri: str,
    record_id: str,
    *,
    body: bytes = PAGE,
    status_line: bytes = b"HTTP/1.1 200 OK",
    date: str = "2014-01-27T17:12:38Z",
    digest: str | None = None,
    version: bytes = b"WARC/1.0",
    eol: bytes = b"\r\n",
    extra: tuple[tuple[str, str], ...] = (),
) -> bytes:
    """One response record; DIGEST is the WARC-Payload-Digest written (by default the body's true one)."""
    http = eol.join(
        [status_line, b"Content-Type: text/html; charset=UTF-8", b"Content-Length: %d" % len(body), b"", b""]
    )
    block = http + body
    headers = [
        ("WARC-Type", "response"),
        ("WARC-Record-ID", record_id),
        ("WARC-Date", date),
        ("WARC-Target-URI", uri),
        ("WARC-Payload-Digest", digest if digest is not None else sha1(body)),
        *extra,
        ("Content-Type", "application/http; msgtype=response"),
        ("Content-Length", str(len(block))),
    ]
    head = eol.join([version, *(f"{k}: {v}".encode() for k, v in headers), b"", b""])
    return head + block + eol + eol


def record(
    rec_type: str,
    uri: str,
    record_id: str,
    block: bytes,
    content_type: str,
    *,
    date: str = "2014-01-27T17:12:38Z",
    extra: tuple[tuple[str, str], ...] = (),
) -> bytes:
    """Any record, its block as given (no digest unless EXTRA names one): Heritrix's dns: lookups, node-warc's
    chrome-extension: responses."""
    headers = [
        ("WARC-Type", rec_type),
        ("WARC-Target-URI", uri),
        ("WARC-Date", date),
        ("WARC-Record-ID", record_id),
        *extra,
        ("Content-Type", content_type),
        ("Content-Length", str(len(block))),
    ]
    head = b"\r\n".join([b"WARC/1.0", *(f"{k}: {v}".encode() for k, v in headers), b"", b""])
    return head + block + b"\r\n\r\n"


def request(uri: str, record_id: str, concurrent_to: str) -> bytes:
    path = uri.split("/", 3)[3] if uri.count("/") >= 3 else ""
    http = f"GET /{path} HTTP/1.1\r\nHost: example.com\r\n\r\n".encode()
    headers = [
        ("WARC-Type", "request"),
        ("WARC-Record-ID", record_id),
        ("WARC-Date", "2014-01-27T17:12:38Z"),
        ("WARC-Target-URI", uri),
        ("WARC-Concurrent-To", concurrent_to),
        ("Content-Type", "application/http; msgtype=request"),
        ("Content-Length", str(len(http))),
    ]
    head = b"\r\n".join([b"WARC/1.0", *(f"{k}: {v}".encode() for k, v in headers), b"", b""])
    return head + http + b"\r\n\r\n"


def members(*records: bytes) -> bytes:
    """One gzip member per record, as a .warc.gz should be."""
    return b"".join(gzip.compress(r, mtime=0) for r in records)


ARC_DATE = "20080430204825"


def arc_record(
    url: str, block: bytes, *, content_type: str = "text/html", ip: str = "207.241.229.39"
) -> bytes:
    """One ARC (version 1) record, without the newline that should follow it: Heritrix 1.14 wrote none."""
    return f"{url} {ip} {ARC_DATE} {content_type} {len(block)}\n".encode() + block


def arc_head(name: str) -> bytes:
    """The `filedesc://` record an ARC file starts with."""
    block = b"1 1 InternetArchive\nURL IP-address Archive-date Content-type Archive-length\n"
    return arc_record(f"filedesc://{name}", block, content_type="text/plain", ip="0.0.0.0")


def http_block(body: bytes = PAGE, status_line: bytes = b"HTTP/1.1 200 OK") -> bytes:
    return status_line + b"\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(body) + body
