"""Read WARC and ARC files written by other tools, record by record, and say which records are bad.

Unlike `warcreader.iter_records`, which stops at the first damage (right for our own files), this scanner
reports the damaged stretch and resynchronises at the next record it can find, checks each record's digests
(warcio's checker) and that each gzip member holds exactly one whole record (else replay tools, which seek
to a record and read one member, would serve it cut short). ARC records are read as WARC (arc2warc).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.recompressor import Recompressor

from archive.warc.reader import RecordInfo, describe_error
from archive.warc.records import holds_no_http

__all__ = [
    "Scanned",
    "Stretch",
    "Inflated",
    "scan",
    "recompress",
    "inflate_prefix",
    "next_record",
    "is_gzip",
    "is_arc",
]

log = logging.getLogger(__name__)

GZIP_MAGIC = b"\x1f\x8b\x08"
HTTP_TYPES = ("response", "revisit", "request")
CHUNK = 1 << 20  # bytes read, hashed or inflated at a time: memory stays flat whatever a record's size
KEPT_PAYLOAD = 1 << 20  # a metadata record's payload is kept (it says how a capture was found) up to this
# Decompression bombs: past FREE_BYTES, a gzip stream may inflate at most MAX_RATIO times what it was read from
# (web pages inflate 3-10 times; deflate cannot pass ~1030)
FREE_BYTES = 64 << 20
MAX_RATIO = 200


@dataclass
class Scanned:
    """A record read whole; `problem` is empty for a good one. `flaw` says what is wrong with a record that is
    still worth keeping (a payload digest that does not match: the only copy of a capture, flawed)."""

    info: RecordInfo
    is_arc: bool
    problem: str = ""
    flaw: str = ""


@dataclass
class Stretch:
    """Bytes from `offset` on that could not be read as a record."""

    offset: int
    problem: str


def is_gzip(path: str | Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(3) == GZIP_MAGIC


def is_arc(path: str | Path) -> bool:
    """ARC (version 1) files start with a `filedesc://` line, after decompression when gzipped."""
    with open(path, "rb") as fh:
        head = fh.read(8192)
    if head[:3] == GZIP_MAGIC:
        try:
            head = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, 64)
        except zlib.error:
            return False
    return head.lstrip().startswith(b"filedesc://")


def scan(path: str | Path) -> Iterator[Scanned | Stretch]:
    """Every record of the file, good or bad, and every unreadable stretch, in file order."""
    path = Path(path)
    gz = is_gzip(path)
    arc = is_arc(path)
    with open(path, "rb") as fh:
        start = 0
        while start is not None:
            fh.seek(start)
            iterator = ArchiveIterator(fh, check_digests=True, arc2warc=True, ensure_http_headers=False)
            end, reported = start, None
            records = iter(iterator)
            try:
                while True:
                    # warcio writes some warnings straight to stderr: keep them out of cron mail, in the log
                    with contextlib.redirect_stderr(io.StringIO()) as noise:
                        record = next(records, None)
                        if record is None:
                            return
                        info, problem = _read(record, arc)
                        info.offset = iterator.get_record_offset()  # warcio counts from the file's start
                        info.length = iterator.get_record_length()
                    if noise.getvalue().strip():
                        log.info("%s @%d: %s", path.name, info.offset, " ".join(noise.getvalue().split()))
                    end = info.offset + max(info.length, 0)
                    flaw = _digest_flaw(record)
                    problem = problem or _check(info, arc, path if gz else None)
                    reported = info.offset if problem else None
                    yield Scanned(info, arc, problem, "" if problem else flaw)
            except Exception as exc:  # warcio raises many kinds of errors on damaged input
                member = getattr(iterator, "member_info", None)
                bad_at = end
                if member and member[1] > 0:  # a record read before the failure
                    bad_at = max(end, member[0] + member[1])
                start = next_record(fh, bad_at + 1, gz)
                if bad_at != reported:  # not the record just reported bad
                    yield Stretch(bad_at, f"unreadable: {describe_error(exc)}{_skipped(fh, bad_at, start)}")


def _skipped(fh, bad_at: int, start: int | None) -> str:
    """How far reading skips from BAD_AT: every byte left unread is accounted for (records that were there are
    not cataloged, though the file keeps them)."""
    if start is not None:
        return f"; {start - bad_at} bytes skipped to the next record, at {start}"
    left = fh.seek(0, io.SEEK_END) - bad_at
    return f"; no record found after it: the last {left} bytes of the file are not read" if left > 0 else ""


def _read(record, is_arc: bool) -> tuple[RecordInfo, str]:
    headers = {k.lower(): v for k, v in record.rec_headers.headers}
    status = None
    http_headers: list[tuple[str, str]] = []
    problem = ""
    if record.http_headers is not None and record.rec_type in HTTP_TYPES:
        http_headers = list(record.http_headers.headers)
        if record.rec_type != "request":
            try:
                status = int(record.http_headers.get_statuscode())
            except (TypeError, ValueError):
                problem = "no HTTP status line"
    # read to the end (that is what lets warcio check the digests) a chunk at a time: a record may be gigabytes
    digest, length, kept = hashlib.sha1(), 0, []
    keep = record.rec_type == "metadata"
    for chunk in iter(lambda: record.raw_stream.read(CHUNK), b""):
        digest.update(chunk)
        length += len(chunk)
        if keep and length <= KEPT_PAYLOAD:
            kept.append(chunk)
    info = RecordInfo(
        offset=0,
        length=0,
        rec_type=record.rec_type or "",
        record_id="" if is_arc else headers.get("warc-record-id", ""),
        target_uri=headers.get("warc-target-uri", ""),
        date=headers.get("warc-date", ""),
        headers=headers,
        status=status,
        http_headers=http_headers,
        payload_digest="sha1:" + base64.b32encode(digest.digest()).decode("ascii"),
        payload_length=length,
        payload=b"".join(kept) if keep and length <= KEPT_PAYLOAD else None,
    )
    return info, problem


def _digest_flaw(record) -> str:
    """What warcio's digest check found wrong ("" when the digests match or there are none)."""
    checker = getattr(record, "digest_checker", None)
    if checker is not None and checker.passed is False:
        return "; ".join(checker.problems) or "digest mismatch"
    return ""


def _check(info: RecordInfo, is_arc: bool, gz_path: Path | None) -> str:
    if info.length <= 0:
        return "record has no length"
    if info.rec_type in ("response", "revisit", "resource", "request") and not info.target_uri:
        return "record names no target URI"
    if info.rec_type == "response" and info.status is None and not holds_no_http(info.target_uri):
        return "no HTTP response in the record"  # one of another scheme (dns:) holds none: warcio parses none
    if info.rec_type in ("response", "revisit", "resource") and not info.date:
        return "record has no date"
    if not info.rec_type:
        return "not a WARC record (no WARC-Type)"
    declared = info.headers.get("content-length", "")
    if gz_path is not None and declared.isdigit():
        # an ARC header is one line, with no blank line to measure from: check the member is whole only
        return _member_problem(gz_path, info.offset, info.length, 0 if is_arc else int(declared))
    return ""


def _member_problem(path: Path, offset: int, length: int, content_length: int) -> str:
    """Replay tools read one gzip member at (offset, length): it must hold the whole record."""
    decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
    head, inflated = b"", 0  # the record's first bytes (its header), and how many the member inflates to
    with open(path, "rb") as fh:
        fh.seek(offset)
        left = length
        while left > 0 and not decomp.eof:
            data = fh.read(min(CHUNK, left))
            if not data:
                break
            left -= len(data)
            while data and not decomp.eof:
                try:
                    out = decomp.decompress(data, CHUNK)
                except zlib.error as exc:
                    return f"not a gzip member: {exc}"
                data = decomp.unconsumed_tail
                inflated += len(out)
                if len(head) < 1 << 16:
                    head += out[: (1 << 16) - len(head)]
                if inflated > FREE_BYTES and inflated > MAX_RATIO * (length - left):
                    return (
                        f"gzip member inflates more than {MAX_RATIO} times its size (a decompression bomb?)"
                    )
    if not decomp.eof:
        return "gzip member is incomplete"
    top, sep, _ = head.partition(b"\r\n\r\n")
    if not sep:
        top, sep, _ = head.partition(b"\n\n")
    if inflated < len(top) + len(sep) + content_length:
        return "record spans several gzip members (not one member per record)"
    return ""


def next_record(fh, pos: int, gz: bool, window: int = 1 << 20) -> int | None:
    """The offset of the first place at or after `pos` where a record starts, or None."""
    needle = GZIP_MAGIC if gz else b"WARC/"  # WARC/1.0, 1.1, and ClueWeb09's 0.18
    while True:
        base = max(pos - 1, 0)  # the byte before: a plain record starts a line
        fh.seek(base)
        data = fh.read(window + 16)
        if len(data) <= pos - base:
            return None
        at = data.find(needle, pos - base)
        while at != -1:
            if gz and _starts_record(data[at:]):
                return base + at
            if not gz and (base + at == 0 or data[at - 1 : at] == b"\n"):
                return base + at
            at = data.find(needle, at + 1)
        if len(data) <= window:
            return None
        pos = base + window


def _starts_record(data: bytes) -> bool:
    try:
        head = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(data[:8192], 64)
    except zlib.error:
        return False
    return head.lstrip().startswith(b"WARC/")


@dataclass
class Inflated:
    """What inflate_prefix wrote: its bytes, and why it stopped early ("" when the stream ended whole)."""

    size: int
    stopped: str = ""


def inflate_prefix(source: str | Path, target: str | Path) -> Inflated:
    """Decompress every gzip member of SOURCE, in order, into the plain file TARGET, as far as they can be read:
    a file cut short (a single member whose end is missing) or damaged gives what came before, and `stopped`
    says why it ended there. A chunk at a time, refusing a stream that inflates like a decompression bomb."""
    written = read = 0
    decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
    with open(source, "rb") as src, open(target, "wb") as out:
        while data := src.read(CHUNK):
            read += len(data)
            while data:
                if decomp.eof:  # the previous member ended: the next one starts here
                    if not data.startswith(b"\x1f\x8b"):
                        return Inflated(written, f"no gzip member at byte {read - len(data)}")
                    decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
                try:
                    chunk = decomp.decompress(data, CHUNK)
                except zlib.error as exc:
                    return Inflated(written, f"the gzip stream is damaged {written} bytes in: {exc}")
                out.write(chunk)
                written += len(chunk)
                if written > FREE_BYTES and written > MAX_RATIO * read:
                    return Inflated(
                        written, f"inflates more than {MAX_RATIO} times its size (decompression bomb?)"
                    )
                data = decomp.unused_data if decomp.eof else decomp.unconsumed_tail
        if not decomp.eof:
            return Inflated(written, f"the file ends inside a gzip member, {written} bytes in")
    return Inflated(written)


def recompress(source: str | Path, target: str | Path) -> int:
    """Rewrite a gzip WARC whose members do not match its records as one member per record (what
    `warcio recompress` does). Returns the records written; raises when the file cannot be read."""
    with open(source, "rb") as stream, contextlib.redirect_stderr(io.StringIO()) as noise:
        try:
            return Recompressor(str(source), str(target)).decompress_and_recompress(stream, str(target))
        finally:  # warcio's warnings (an ARC record not followed by a newline): in the log, not in cron mail
            if noise.getvalue().strip():
                log.info("%s: %s", Path(source).name, " ".join(noise.getvalue().split()))
