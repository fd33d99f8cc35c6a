"""Build WARC records (warcio objects) from plain values; writing them is `warcwriter`'s job."""

from __future__ import annotations

import base64
import hashlib
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from urllib.parse import urlsplit

from warcio.recordbuilder import RecordBuilder
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date

__all__ = [
    "CAPTURED_TYPES",
    "HTTP_SCHEMES",
    "is_capture",
    "holds_no_http",
    "RENDERED_DOM",
    "parse_warc_fields",
    "warc_fields",
    "Exchange",
    "RecordFactory",
    "payload_digest",
    "make_record_id",
    "warc_date",
    "PROFILE_IDENTICAL_PAYLOAD",
    "PROFILE_SERVER_NOT_MODIFIED",
]

# The record types that are captures of a URL: a row in `captures` each (of an http(s) URL: see is_capture)
CAPTURED_TYPES = ("response", "revisit")
# The schemes whose records hold an HTTP message (warcio's RecordLoader.HTTP_SCHEMES: it parses no other)
HTTP_SCHEMES = ("http:", "https:")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")  # RFC 3986's scheme, and its colon
# The content type of the conversion record that keeps a page as the browser rendered it (its DOM); the
# extracted text is a text/plain conversion record
RENDERED_DOM = "text/html; charset=utf-8"

WARC_VERSION = "WARC/1.1"
PROFILE_IDENTICAL_PAYLOAD = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
PROFILE_SERVER_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"

# Hop-by-hop framing that no longer describes the stored bytes: the HTTP client has removed the chunking.
_FRAMING_HEADERS = {"transfer-encoding"}


@dataclass
class Exchange:
    """One HTTP request and the response to it, as sent and received."""

    url: str
    status: int
    response_headers: list[tuple[str, str]]
    body: bytes
    method: str = "GET"
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    request_body: bytes = b""
    protocol: str = "HTTP/1.1"
    reason: str = ""
    ip_address: str = ""
    date: datetime | None = None  # when the request was sent


def is_capture(rec_type: str, target_uri: str) -> bool:
    """Whether a record is a capture (a row in `captures`): a response or revisit of an HTTP(S) URL. Other
    tools write responses of other schemes too (Heritrix's `dns:` lookups, a browser extension's
    `chrome-extension:` files), valid records that replay indexes but that are no HTTP exchange: they stay in
    their WARC file and its index, counted by `import`, never cataloged."""
    return rec_type in CAPTURED_TYPES and target_uri.startswith(HTTP_SCHEMES)


def holds_no_http(target_uri: str) -> bool:
    """Whether a record of TARGET_URI holds no HTTP message by rights: a URI of another scheme than http(s)
    (dns:, chrome-extension:). A target that is no URI at all (junk warcio takes for an ARC header line) is
    no such record: a response of it without HTTP is bad."""
    return not target_uri.startswith(HTTP_SCHEMES) and _SCHEME.match(target_uri) is not None


def payload_digest(body: bytes) -> str:
    """The WARC payload digest of a body, in the form warcio and CDX tools use (sha1, base32)."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def make_record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


def warc_date(when: datetime | None = None) -> str:
    when = (when or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None)
    return datetime_to_iso_date(when, use_micros=True)


def _reason(status: int, reason: str) -> str:
    if reason:
        return reason
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def consistent_response_headers(
    headers: Iterable[tuple[str, str]], body_length: int
) -> list[tuple[str, str]]:
    """The server's headers, with framing made to agree with the de-chunked body that is stored."""
    out: list[tuple[str, str]] = []
    length_seen = False
    for name, value in headers:
        lname = name.lower()
        if lname in _FRAMING_HEADERS:
            continue
        if lname == "content-length":
            if length_seen:
                continue
            length_seen = True
            value = str(body_length)
        out.append((name, value))
    if not length_seen:
        out.append(("Content-Length", str(body_length)))
    return out


class RecordFactory:
    """Makes the records of one archive: warcinfo, request/response pairs, revisits, metadata, conversions.

    `ids` and `now` can be replaced (tests pass fixed ones, so the bytes are golden)."""

    def __init__(self, ids=make_record_id, now=lambda: datetime.now(UTC)):
        self._builder = RecordBuilder(warc_version=WARC_VERSION)
        self._ids = ids
        self._now = now

    def _headers(self, record_type: str, uri: str, date: datetime | None, extra: Mapping[str, str] = ()):
        headers = {"WARC-Type": record_type, "WARC-Record-ID": self._ids()}
        if uri:
            headers["WARC-Target-URI"] = uri
        headers["WARC-Date"] = warc_date(date or self._now())
        headers.update(extra)
        return headers

    def warcinfo(self, filename: str, info: Mapping[str, str]):
        body = "".join(f"{k}: {v}\r\n" for k, v in info.items() if v).encode("utf-8")
        headers = self._headers("warcinfo", "", None, {"WARC-Filename": filename})
        return self._builder.create_warc_record(
            "",
            "warcinfo",
            payload=BytesIO(body),
            length=len(body),
            warc_headers_dict=headers,
            warc_content_type="application/warc-fields",
        )

    def response(self, ex: Exchange, extra: Mapping[str, str] = (), payload_digest: str | None = None):
        """`payload_digest`: the body's, when the caller has computed it already (warcio then hashes the
        body once, for the block digest, not twice)."""
        http = StatusAndHeaders(
            f"{ex.status} {_reason(ex.status, ex.reason)}",
            consistent_response_headers(ex.response_headers, len(ex.body)),
            protocol=ex.protocol,
        )
        warc = self._headers("response", ex.url, ex.date, extra)
        if ex.ip_address:
            warc["WARC-IP-Address"] = ex.ip_address
        if payload_digest:
            warc["WARC-Payload-Digest"] = payload_digest
        return self._builder.create_warc_record(
            ex.url,
            "response",
            payload=BytesIO(ex.body),
            length=len(ex.body),
            http_headers=http,
            warc_headers_dict=warc,
        )

    def request(self, ex: Exchange, concurrent_to: str):
        parts = urlsplit(ex.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = list(ex.request_headers)
        if not any(name.lower() == "host" for name, _ in headers):
            headers.insert(0, ("Host", parts.netloc))
        # warcio keeps a request line whole in `statusline` (its protocol field is for status lines)
        http = StatusAndHeaders(
            f"{ex.method} {target} {ex.protocol}", headers, protocol="", is_http_request=True
        )
        warc = self._headers("request", ex.url, ex.date, {"WARC-Concurrent-To": concurrent_to})
        if ex.ip_address:
            warc["WARC-IP-Address"] = ex.ip_address
        return self._builder.create_warc_record(
            ex.url,
            "request",
            payload=BytesIO(ex.request_body),
            length=len(ex.request_body),
            http_headers=http,
            warc_headers_dict=warc,
        )

    def revisit(
        self,
        ex: Exchange,
        *,
        profile: str,
        digest: str,
        refers_to: str,
        refers_to_uri: str,
        refers_to_date: str,
    ):
        """A revisit keeps the new status line and headers, and points at the record that holds the payload."""
        http = StatusAndHeaders(
            f"{ex.status} {_reason(ex.status, ex.reason)}",
            [(n, v) for n, v in ex.response_headers if n.lower() not in _FRAMING_HEADERS],
            protocol=ex.protocol,
        )
        warc = self._headers(
            "revisit",
            ex.url,
            ex.date,
            {
                "WARC-Profile": profile,
                "WARC-Refers-To": refers_to,
                "WARC-Refers-To-Target-URI": refers_to_uri,
                "WARC-Refers-To-Date": refers_to_date,
                "WARC-Payload-Digest": digest,
            },
        )
        if ex.ip_address:
            warc["WARC-IP-Address"] = ex.ip_address
        return self._builder.create_warc_record(
            ex.url, "revisit", payload=BytesIO(b""), length=0, http_headers=http, warc_headers_dict=warc
        )

    def metadata(self, uri: str, refers_to: str | None, fields: Mapping[str, object]):
        """Fields about a capture (how it was found, feed or sitemap fields) as application/warc-fields; without
        REFERS_TO, about a URL that has no record of its own (a fetch that failed)."""
        body = warc_fields(fields)
        links = {"WARC-Refers-To": refers_to, "WARC-Concurrent-To": refers_to} if refers_to else {}
        warc = self._headers("metadata", uri, None, links)
        return self._builder.create_warc_record(
            uri,
            "metadata",
            payload=BytesIO(body),
            length=len(body),
            warc_headers_dict=warc,
            warc_content_type="application/warc-fields",
        )

    def conversion(
        self, uri: str, refers_to: str, text: str, content_type: str = "text/plain; charset=utf-8"
    ):
        """The text extracted from a response, so that a WARC file describes itself."""
        body = text.encode("utf-8")
        warc = self._headers("conversion", uri, None, {"WARC-Refers-To": refers_to})
        return self._builder.create_warc_record(
            uri,
            "conversion",
            payload=BytesIO(body),
            length=len(body),
            warc_headers_dict=warc,
            warc_content_type=content_type,
        )


def warc_fields(fields: Mapping[str, object]) -> bytes:
    """`application/warc-fields` text: one `name: value` line per value (a list gives one line each); empty
    values are left out, line breaks inside a value become spaces."""
    lines = []
    for key, value in fields.items():
        if value is None or value == "" or value == []:
            continue
        for v in value if isinstance(value, list | tuple) else [value]:
            text = str(v).replace("\r", " ").replace("\n", " ")
            lines.append(f"{key}: {text}\r\n")
    return "".join(lines).encode("utf-8")


def parse_warc_fields(payload: bytes) -> dict[str, str | list[str]]:
    """The fields `warc_fields` wrote: a name seen once gives its value, a repeated name the list of values."""
    fields: dict[str, str | list[str]] = {}
    for line in payload.decode("utf-8", "replace").splitlines():
        key, sep, value = line.partition(": ")  # names may hold a colon themselves (news:title)
        key = key.strip()
        if not sep or not key:
            continue
        value = value.strip()
        if key not in fields:
            fields[key] = value
        elif isinstance(fields[key], list):
            fields[key].append(value)
        else:
            fields[key] = [fields[key], value]
    return fields
