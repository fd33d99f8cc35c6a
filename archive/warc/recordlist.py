"""A WARC file's record list, made as its records are written (or read whole by `reindex`), so that `verify`
need not inflate a file whose sha256 vouches for its bytes to learn what records it holds.

The list keeps, per record, what `fastscan.scan_records(path, HEADERS, digests=False)` says of it: offset,
length, type, record id, target URI, date, HTTP status, the payload digest it reports and the payload length,
and the WARC headers in HEADERS. It is made by the same rules as that reader (the same header and HTTP line
parsing, from the header bytes as written), and a record that reader would leave to `salvage.scan`, or whose
payload digest cannot be known without its payload, makes the whole list incomplete: such a file is walked.

Trust: a list is stored with the sha256 of the file it was made from. When that sha256 is the catalog's, the
file's sha256 (computed in full by `verify`) matches it, and the records tile the file, the bytes are those
the list was made from, so the list says what a walk would. A list that cannot be read, or fails any of
these checks, is ignored (the file is walked as before).

Packed as zlib'd JSON, compressed as the rows arrive (memory holds the compressed list, not the rows).
"""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Collection
from dataclasses import dataclass

# fastscan's own parsing, so that a list says what its walk says (tests compare the two on real crawls)
from archive.warc.fastscan import HTTP_RECORDS, LONG_LINE, MAX_HEADER, http_head, warc_header
from archive.warc.reader import RecordInfo
from archive.warc.records import HTTP_SCHEMES, holds_no_http, payload_digest
from archive.warc.salvage import Scanned

__all__ = ["HEADERS", "FORMAT", "RecordList", "StoredList"]

log = logging.getLogger(__name__)

# the WARC headers `verify`'s checks read (a revisit's refers-to-target-uri: how it names its original when it
# gives no record id; lists made before it was kept still serve, see _items)
HEADERS = ("warc-payload-digest", "warc-refers-to", "warc-refers-to-target-uri")
LATER_HEADERS = ("warc-refers-to-target-uri",)
FORMAT = 1
_FIELDS = 9  # offset, length, type, id, uri, date, status, payload digest (None: the header), payload length
EMPTY_DIGEST = payload_digest(b"")
BATCH = 256  # rows held before they are compressed


class Unlisted(Exception):
    """A record the list cannot describe as `scan_records` would."""


class RecordList:
    """Collects the list of one file's records (`add` from a writer's or reader's callback, in file order);
    `complete` turns False at a record it cannot describe, and the list is then dropped."""

    def __init__(self) -> None:
        self.complete = True
        self.reason = ""  # why it is incomplete
        self.count = 0
        self._end = 0
        self._zip = zlib.compressobj(6)
        self._rows: list[list] = [{"format": FORMAT, "headers": list(HEADERS)}]  # not yet compressed
        self._parts: list[bytes] = []

    def add(self, record, offset: int, length: int) -> None:
        if self.complete:
            self._take(offset, length, _row, record, offset, length)

    def add_info(self, info: RecordInfo) -> None:
        """add() for a record read by fastscan (with every header): its row is what it read."""
        if self.complete:
            self._take(info.offset, info.length, _info_row, info)

    def unusual(self, reason: str) -> None:
        """The file holds a record fastscan leaves to salvage.scan, whose problems a list cannot tell: no list
        (verify walks the file)."""
        self._drop(reason)

    def _drop(self, reason: str) -> None:
        self.complete, self._rows, self._parts = False, [], []
        self.reason = reason
        log.debug("no record list: %s", reason)

    def _take(self, offset: int, length: int, make, *args) -> None:
        try:
            if offset != self._end:
                raise Unlisted(f"record at {offset}, the last one ended at {self._end}")
            row = make(*args)
        except Exception as exc:  # a list must never stop a crawl or a reindex: without one, verify walks
            self._drop(f"record at {offset}: {type(exc).__name__}: {exc}")
            return
        self._end = offset + length
        self.count += 1
        self._rows.append(row)
        if len(self._rows) >= BATCH:
            self._compress()

    def _compress(self) -> None:
        """The rows so far into the compressed text of one JSON array (a batch a time: a tenth of the cost of
        one json.dumps and one compress call per row)."""
        if not self._rows:
            return
        text = json.dumps(self._rows, separators=(",", ":"))
        text = text[:-1] if not self._parts else "," + text[1:-1]  # the first batch opens the array
        self._parts.append(self._zip.compress(text.encode()))
        self._rows = []

    def packed(self) -> bytes | None:
        """The list, compressed; None when it is incomplete. Call once, at the end of the file."""
        if not self.complete:
            return None
        self._compress()
        self._parts.append(self._zip.compress(b"]") + self._zip.flush())
        return b"".join(self._parts)


def _row(record, offset: int, length: int) -> list:
    """What fastscan._record says of this warcio record (written, or read whole by warcio)."""
    raw = record.rec_headers.to_bytes(encoding="utf-8")  # exactly what warcio writes
    if raw.find(b"\r\n\r\n") != len(raw) - 4 or len(raw) > MAX_HEADER:
        raise Unlisted("a blank line inside the header, or a header longer than fastscan reads")
    _same_length(record.rec_headers, raw)
    headers, size = warc_header(raw[:-4])
    rec_type = headers.get("warc-type", "")
    uri = headers.get("warc-target-uri", "")
    status, payload_length, http = None, size, False
    if rec_type in HTTP_RECORDS and size and uri.startswith(HTTP_SCHEMES):
        block = _http_bytes(record)
        status, _, payload_start = http_head(
            block, rec_type, False
        )  # bytes: fastscan._find searches them whole
        if payload_start != len(block) or payload_start > size:
            raise Unlisted("HTTP header and block disagree")
        payload_length, http = size - payload_start, True
    if rec_type == "response" and status is None and not holds_no_http(uri):
        raise Unlisted("response without HTTP")
    declared = headers.get("warc-payload-digest", "")
    if declared.startswith("sha1:") and rec_type != "revisit":
        computed = None  # fastscan reports the declared digest
    elif payload_length == 0:
        computed = EMPTY_DIGEST
    elif not http and headers.get("warc-block-digest", "").startswith("sha1:"):
        computed = headers["warc-block-digest"]  # the payload is the block; warcio computed it as written
    else:
        raise Unlisted("payload digest unknown without the payload")
    date = headers.get("warc-date", "")
    row = [offset, length, rec_type, headers.get("warc-record-id", ""), uri, date, status, computed]
    return [*row, payload_length, *(headers.get(name) for name in HEADERS)]


def _info_row(info: RecordInfo) -> list:
    headers = info.headers
    declared = headers.get("warc-payload-digest", "")
    computed = None if declared.startswith("sha1:") and info.rec_type != "revisit" else info.payload_digest
    row = [info.offset, info.length, info.rec_type, info.record_id, info.target_uri, info.date, info.status]
    return [*row, computed, info.payload_length, *(headers.get(name) for name in HEADERS)]


def _http_bytes(record) -> bytes:
    http = record.http_headers
    if http is None:
        raise Unlisted("no HTTP headers")
    if http.headers_buff:  # set by warcio's writer: the bytes written
        return http.headers_buff
    raw = http.to_bytes(encoding="utf-8")
    _same_length(http, raw)
    if len(raw) >= LONG_LINE:
        raise Unlisted("a long HTTP header read back")  # warcio may have read a long line cut in two
    return raw


def _same_length(headers, raw: bytes) -> None:
    """Headers read by warcio: their bytes again only when they were read as such (nothing dropped or joined)."""
    if headers.total_len and headers.total_len != len(raw.decode("utf-8")):
        raise Unlisted("headers read back differ from the bytes written")


@dataclass(frozen=True)
class StoredList:
    """A catalog row of `warc_record_lists`."""

    sha256: str | None
    records: int | None
    data: bytes | None

    def items(
        self, keep: Collection[str], sha256: str | None, size: int | None, records: int | None
    ) -> list[Scanned] | None:
        """The items `scan_records(path, keep, digests=False)` gives for the file the catalog says has this
        SHA256, SIZE and number of RECORDS; None when this list cannot stand for them."""
        if not sha256 or self.sha256 != sha256 or not isinstance(self.data, bytes) or size is None:
            return None
        try:
            rows = json.loads(zlib.decompress(self.data))
            items = _items(rows, keep)
        except (zlib.error, ValueError, TypeError, KeyError, IndexError, RecursionError):
            return None
        if items is None or len(items) != self.records or (records is not None and records != len(items)):
            return None
        end = 0
        for item in items:
            if item.info.offset != end or item.info.length <= 0:
                return None
            end += item.info.length
        return items if end == size else None


def _items(rows, keep: Collection[str]) -> list[Scanned] | None:
    head = rows[0]
    if not isinstance(head, dict) or head.get("format") != FORMAT:
        return None
    names = head.get("headers")
    if not isinstance(names, list) or "warc-payload-digest" not in names:
        return None
    missing = set(keep) - set(names)
    # a list made before the revisit's target URI was kept says what a walk says unless a revisit names its
    # original by URL only (other tools' files): the list cannot say which URL
    if missing - set(LATER_HEADERS) or (missing and "warc-refers-to" not in names):
        return None
    by_url_only = bool(missing)
    refers_at = _FIELDS + names.index("warc-refers-to") if by_url_only else 0
    width = _FIELDS + len(names)
    declared_at = _FIELDS + names.index("warc-payload-digest")
    kept = {i: name for i, name in enumerate(names, _FIELDS) if name in keep}
    out = []
    for row in rows[1:]:  # ~30,000 rows per GB of WARC: checked field by field without generators
        if type(row) is not list or len(row) != width:
            return None
        offset, length, rec_type, record_id, uri, date, status, computed, payload_length = row[:_FIELDS]
        if not (
            type(offset) is int
            and type(length) is int
            and type(payload_length) is int
            and offset >= 0
            and length >= 0
            and payload_length >= 0
            and type(rec_type) is str
            and type(record_id) is str
            and type(uri) is str
            and type(date) is str
            and (status is None or type(status) is int)
            and (computed is None or type(computed) is str)
        ):
            return None
        if by_url_only and rec_type == "revisit" and not row[refers_at]:
            return None
        headers = {}
        for i, value in enumerate(row[_FIELDS:], _FIELDS):
            if value is not None:
                if type(value) is not str:
                    return None
                if i in kept:
                    headers[kept[i]] = value
        digest = row[declared_at] if computed is None else computed
        if type(digest) is not str:
            return None
        # RecordInfo's fields in order: offset, length, rec_type, record_id, target_uri, date, headers, status,
        # http_headers, payload_digest, payload_length
        info = RecordInfo(
            offset, length, rec_type, record_id, uri, date, headers, status, [], digest, payload_length
        )
        out.append(Scanned(info, False))
    return out
