"""One record of a WARC file at (offset, length), as the catalog locates it: extraction's page, replay's titles,
the incremental check. The framing is checked; the record is inflated once and parsed by fastscan, or by warcio
for anything fastscan leaves to it."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive.warc.fastscan import Unusual, one_record
from archive.warc.reader import RecordInfo, describe_error, empty_info, record_info

__all__ = ["MAX_RECORD", "ReadRecord", "read_record"]

MAX_RECORD = 256 << 20  # a record is read into memory: one that inflates past this is refused


@dataclass
class ReadRecord:
    info: RecordInfo
    problem: str = ""


def read_record(path: str | Path, offset: int, length: int) -> ReadRecord:
    """Read the one record framed by (offset, length); `problem` says what is wrong, if anything. The framing is
    checked (one whole gzip member, or plain bytes), the digests are not (verify checks them): the payload
    digest is the declared sha1 when there is one."""
    try:
        with open(path, "rb") as fh:
            fh.seek(offset)
            data = fh.read(length)
    except OSError as exc:
        return ReadRecord(empty_info(offset), f"cannot read: {exc}")
    if len(data) != length:
        return ReadRecord(empty_info(offset), f"file ends {length - len(data)} bytes early")
    if data[:2] == b"\x1f\x8b":
        decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
        inflated, rest, parts = 0, data, []
        try:
            while rest and not decomp.eof:  # counted a chunk at a time: a bomb is refused, not inflated
                parts.append(decomp.decompress(rest, 1 << 20))
                inflated += len(parts[-1])
                rest = decomp.unconsumed_tail
                if inflated > MAX_RECORD:
                    return ReadRecord(
                        empty_info(offset), f"record inflates past {MAX_RECORD} bytes: not read"
                    )
        except zlib.error as exc:
            return ReadRecord(empty_info(offset), f"not one gzip member: {exc}")
        if not decomp.eof:
            return ReadRecord(empty_info(offset), "gzip member is incomplete")
        if decomp.unused_data:
            return ReadRecord(empty_info(offset), "length covers more than one gzip member")
        plain = b"".join(parts)
    else:
        plain = data
    try:
        info = one_record(plain)
    except Unusual:  # anything unusual: as warcio reads it (from the bytes as stored: where it cuts a long
        # header line depends on how they come)
        try:
            record = _warcio_record(data, arc2warc=False)
            if _arc_header(record):
                record = _warcio_record(
                    data, arc2warc=True
                )  # an ARC record, read as import read it (salvage.py)
            info = record_info(record, keep_payload=True)
        except Exception as exc:
            return ReadRecord(empty_info(offset), f"unreadable record: {describe_error(exc)}")
    if not info.rec_type or not (info.record_id or info.target_uri):
        # warcio makes something of most bytes; a record names itself (WARC) or its URL (ARC)
        return ReadRecord(empty_info(offset), "no record starts at this offset")
    info.offset, info.length = offset, length
    return ReadRecord(info)


def _warcio_record(data: bytes, *, arc2warc: bool):
    iterator = ArchiveIterator(
        BytesIO(data), check_digests=False, ensure_http_headers=False, arc2warc=arc2warc
    )
    return next(iter(iterator))


_ARC_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")


def _arc_header(record) -> bool:
    """Whether warcio read an ARC record's header line (`URL IP-address 14-digit-date content-type length`), not
    bytes at a wrong offset that it takes for one (any line of a compressed block splits into five words)."""
    headers = record.rec_headers
    return (
        record.format == "arc"
        and bool(_ARC_URI.fullmatch(headers.get_header("uri") or ""))
        and (headers.get_header("archive-date") or "").isdigit()
        and (headers.get_header("length") or "").isdigit()
    )
