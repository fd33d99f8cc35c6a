"""Read WARC files: every record with its location, tolerant of damage (one record at (offset, length):
onerecord.py)."""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive.warc.records import payload_digest

__all__ = [
    "empty_info",
    "record_info",
    "written_info",
    "RecordInfo",
    "RecordDamage",
    "iter_records",
    "valid_prefix_length",
]


@dataclass
class RecordInfo:
    offset: int
    length: int
    rec_type: str
    record_id: str
    target_uri: str
    date: str
    headers: dict[str, str]
    status: int | None = None
    http_headers: list[tuple[str, str]] = field(default_factory=list)
    payload_digest: str = ""  # computed from the stored payload, not copied from the header
    payload_length: int = 0
    payload: bytes | None = None  # kept only when asked for

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")

    def http_header(self, name: str) -> str:
        name = name.lower()
        for key, value in self.http_headers:
            if key.lower() == name:
                return value
        return ""

    @property
    def content_type(self) -> str:
        return self.http_header("content-type") if self.http_headers else self.header("content-type")


@dataclass
class RecordDamage:
    offset: int
    problem: str


def written_info(record, offset: int, length: int, payload_length: int) -> RecordInfo:
    """The RecordInfo of a record just written (its payload stream is spent): headers, location and the
    payload's length, as reading the record back at (offset, length) would give them."""
    info = record_info(record, keep_payload=False, read_payload=False)
    info.offset, info.length, info.payload_length = offset, length, payload_length
    return info


def record_info(
    record, keep_payload: bool | Collection[str], read_payload: bool = True, declared: bool = False
) -> RecordInfo:
    headers = {k.lower(): v for k, v in record.rec_headers.headers}
    http = record.http_headers
    status = None
    http_headers: list[tuple[str, str]] = []
    if http is not None and record.rec_type in ("response", "revisit", "request"):
        http_headers = list(http.headers)
        if record.rec_type != "request":
            try:
                status = int(http.get_statuscode())
            except (TypeError, ValueError):
                status = None
    raw = record.raw_stream.read() if read_payload else b""  # as stored: still content-encoded, never decoded
    return RecordInfo(
        offset=0,
        length=0,
        rec_type=record.rec_type,
        record_id=headers.get("warc-record-id", ""),
        target_uri=headers.get("warc-target-uri", ""),
        date=headers.get("warc-date", ""),
        headers=headers,
        status=status,
        http_headers=http_headers,
        payload_digest=_digest(headers, record.rec_type, raw, declared) if read_payload else "",
        payload_length=len(raw),
        payload=raw if _keeps(keep_payload, record.rec_type) else None,
    )


def _digest(headers: dict[str, str], rec_type: str, raw: bytes, declared: bool) -> str:
    """The payload's digest, or with DECLARED the sha1 its header declares (as fastscan reports it for a file
    whose digests it checked; no reader of a capture row looks past the header's)."""
    if declared and rec_type != "revisit":
        stated = headers.get("warc-payload-digest", "")
        if stated.startswith("sha1:"):
            return stated
    return payload_digest(raw)


def _keeps(keep_payload: bool | Collection[str], rec_type: str) -> bool:
    return keep_payload if isinstance(keep_payload, bool) else rec_type in keep_payload


def iter_records(
    path: str | Path,
    *,
    keep_payload: bool | Collection[str] = False,
    on_record: Callable[[object, int, int], None] | None = None,
    declared_digests: bool = False,
) -> Iterator[RecordInfo | RecordDamage]:
    """Every record of a WARC (or ARC) file with its offset and length; a damaged stretch yields a
    RecordDamage with the offset where reading failed, and reading stops there. ON_RECORD(warcio record,
    offset, length) sees each record read whole (a cdxj.LineCollector: the index made in the same pass).
    KEEP_PAYLOAD true keeps every record's payload in memory, a collection of record types those types' only;
    DECLARED_DIGESTS takes a declared sha1 payload digest instead of hashing the payload again (indexing)."""
    with open(path, "rb") as fh:
        iterator = ArchiveIterator(fh, check_digests=False, ensure_http_headers=False)
        offset = 0
        try:
            for record in iterator:
                info = record_info(
                    record, keep_payload, declared=declared_digests
                )  # before asking for the offset: that reads to the end
                info.offset = offset = iterator.get_record_offset()
                info.length = iterator.get_record_length()
                if on_record is not None:
                    on_record(record, info.offset, info.length)
                yield info
        except Exception as exc:  # warcio raises many kinds of errors on damaged input
            yield RecordDamage(offset=_failure_offset(iterator, offset), problem=describe_error(exc))


def _failure_offset(iterator, fallback: int) -> int:
    """Where the damaged record starts: just past the last record read whole."""
    info = getattr(iterator, "member_info", None)
    return info[0] + info[1] if info else fallback


def describe_error(exc: Exception) -> str:
    """One line for a reading error: its type and the start of its message (warcio's can run to pages)."""
    text = " ".join(str(exc).split())
    text = text[:160] + "…" if len(text) > 160 else text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def empty_info(offset: int) -> RecordInfo:
    return RecordInfo(offset=offset, length=0, rec_type="", record_id="", target_uri="", date="", headers={})


def valid_prefix_length(path: str | Path) -> int:
    """The length of the longest prefix made of complete gzip members (the part a crash left intact)."""
    end = 0
    with open(path, "rb") as fh:
        data_offset = 0
        decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
        while True:
            chunk = fh.read(1 << 20)
            if not chunk:
                break
            pos = 0
            while pos < len(chunk):
                try:
                    decomp.decompress(chunk[pos:])
                except zlib.error:
                    return end
                if decomp.eof:
                    consumed = len(chunk) - pos - len(decomp.unused_data)
                    pos += consumed
                    end = data_offset + pos
                    decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
                else:
                    pos = len(chunk)
            data_offset += len(chunk)
    return end


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
