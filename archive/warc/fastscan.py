"""Read a WARC file's records at the speed of zlib and hashlib, with the results `salvage.scan` gives.

Ordinary records are read here: one gzip member per record (inflated by zlib, which also checks each member's
CRC) or plain WARC, WARC/1.0 or 1.1 headers split by hand, block and payload digests checked with hashlib, HTTP
headers parsed as warcio parses them. The first thing that is not an ordinary good record (damage, a digest that
does not match or is not plain base32, a continued or repeated header, a record spread over members, ARC, ...)
sends the whole file to `salvage.scan` instead, so damage is found, located and described by one reader, exactly
as before; this reader only ever accepts what that one would accept, and says the same of it.

verify and import read with `scan_records`. reindex's index pass (and merge's, and crash recovery's) reads with
`read_records`, which gives what warcio's `reader.iter_records` gives: digests unchecked, and from the first
record this reader leaves to others, warcio's own reading of the file. `one_record` reads the one record that
`onerecord.read_record` has framed and inflated.
"""

from __future__ import annotations

import logging
import mmap
import re
import zlib
from collections.abc import Collection, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from archive.warc.digests import DigestMismatch, Digests, NoDigests
from archive.warc.reader import RecordDamage, RecordInfo, iter_records
from archive.warc.records import HTTP_SCHEMES, holds_no_http, payload_digest
from archive.warc.salvage import GZIP_MAGIC, KEPT_PAYLOAD, Scanned, Stretch, is_arc, scan

__all__ = [
    "http_head",
    "iter_ordinary",
    "read_records",
    "scan_records",
    "scan_ordinary",
    "warc_header",
    "Unusual",
]

log = logging.getLogger(__name__)

WARC_LINES = (b"WARC/1.0", b"WARC/1.1")
HTTP_RECORDS = ("response", "request", "revisit")
CHECKED_TYPES = ("response", "revisit", "resource", "request")
LONG_LINE = 8192  # warcio may cut an HTTP header line read over more than two of its 16 KB buffers
FIRST_READ = 1 << 15  # most members are smaller: little inflated past a member's end is copied back
MAX_READ = 1 << 22
MAX_HEADER = 1 << 16  # how far the end of a WARC header is looked for
RELEASE_EVERY = 8 << 20  # bytes of a mapped file read before its pages are let go (_release)


class Unusual(Exception):
    """Something this reader leaves to `salvage.scan` (or, for read_records and one_record, to warcio)."""


def scan_records(
    path: str | Path,
    keep_headers: Collection[str] | None = None,
    *,
    digests: bool = True,
    keep_payload: Collection[str] = (),
) -> list[Scanned | Stretch]:
    """Every record of the file, good or bad, and every unreadable stretch, in file order (as `scan`).

    With `keep_headers`, each record keeps only those WARC headers (lower-case names) and no HTTP headers,
    which is what a caller holding a whole file's records in memory wants. With `digests` false, the records'
    block and payload digests are not recomputed by this reader (for a file whose whole-file sha256 already
    proves its bytes unchanged); a file it leaves to `salvage.scan` has them checked all the same. Records of
    the types in `keep_payload` keep their payloads up to salvage's KEPT_PAYLOAD bytes, as `scan` keeps a
    metadata record's (`scan` keeps those of metadata records only: no other type may be asked for)."""
    path = Path(path)
    if set(keep_payload) - {"metadata"}:
        raise ValueError("salvage.scan keeps the payloads of metadata records only")
    try:
        return scan_ordinary(path, keep_headers, digests=digests, keep_payload=keep_payload)
    except Unusual as exc:
        log.debug("%s: read by salvage.scan (%s)", path.name, exc)
    out = []
    for item in scan(path):
        if isinstance(item, Scanned):
            if keep_headers is not None:
                item.info = _slim(item.info, keep_headers)
            if item.info.rec_type not in keep_payload:
                item.info.payload = None
        out.append(item)
    return out


def _slim(info: RecordInfo, keep: Collection[str]) -> RecordInfo:
    info.headers = {k: v for k, v in info.headers.items() if k in keep}
    info.http_headers = []
    return info


def scan_ordinary(
    path: str | Path,
    keep: Collection[str] | None = None,
    *,
    digests: bool = True,
    start: int = 0,
    end: int | None = None,
    keep_payload: Collection[str] = (),
) -> list[Scanned]:
    """The records of a file made of ordinary good records only (what `scan_records` reads here); raises
    Unusual at the first thing it leaves to `salvage.scan`.

    `start` and `end` read only the records of a gzipped file that tile [start, end) exactly (a record start
    and a record end, e.g. from the catalog; Unusual when they are not); offsets stay the file's."""
    view, gzipped = _mapped(path, start, end)
    with ThreadPoolExecutor(max_workers=1) as pool:
        checks = Digests(pool) if digests else NoDigests()
        try:
            try:
                walk = _members(view, keep, checks, start) if gzipped else _plain(view, keep, checks)
                records = list(_payloads(walk, keep_payload))
            except zlib.error as exc:
                raise Unusual(f"zlib: {exc}") from None
            finally:
                checks.wait()  # raises DigestMismatch for a digest that does not pass
        except DigestMismatch as exc:
            raise Unusual(str(exc)) from None
    return records


def iter_ordinary(path: str | Path, keep_payload: Collection[str] = ()) -> Iterator[RecordInfo]:
    """The records of a file one by one, as they are read (digests are not checked: as warcio's
    `check_digests=False`), each with every header. At the first thing this reader leaves to others it raises
    Unusual; the records before it were read as warcio reads them (read_records then has warcio read the
    file)."""
    try:
        view, gzipped = _mapped(path, 0, None)
        records = _members(view, None, NoDigests(), 0) if gzipped else _plain(view, None, NoDigests())
        for item in _payloads(records, keep_payload):
            if item.info.rec_type in keep_payload and item.info.payload is None:
                raise Unusual("a payload too large to keep")
            yield item.info
    except zlib.error as exc:
        raise Unusual(f"zlib: {exc}") from None


def read_records(
    path: str | Path, keep_payload: Collection[str] = (), collectors: Sequence = ()
) -> Iterator[RecordInfo | RecordDamage]:
    """What `reader.iter_records(path, keep_payload=..., declared_digests=True)` gives, read by iter_ordinary
    as far as it reads and by warcio from the first record it leaves to warcio. Each of `collectors` (a
    cdxj.LineCollector, a recordlist.RecordList) sees every record read: `add_info(info)` from this reader,
    `add(record, offset, length)` from warcio's, and `unusual(reason)` when warcio takes over."""
    done = 0
    try:
        for info in iter_ordinary(path, keep_payload):
            for collector in collectors:
                collector.add_info(info)
            done += 1
            yield info
        return
    except Unusual as exc:
        log.debug("%s: read by warcio after %d records (%s)", Path(path).name, done, exc)
        for collector in collectors:
            collector.unusual(f"after {done} records: {exc}")
    # warcio reads from the file's start (where it cuts a long header line depends on where its reading
    # began) and gives the records read here first as they were given: the rest is its own
    seen = 0

    def more(record, offset: int, length: int) -> None:
        nonlocal seen
        seen += 1
        if seen > done:
            for collector in collectors:
                collector.add(record, offset, length)

    for n, item in enumerate(
        iter_records(path, keep_payload=keep_payload, on_record=more, declared_digests=True)
    ):
        if n >= done or isinstance(item, RecordDamage):
            yield item


def one_record(data: bytes) -> RecordInfo:
    """The one record that DATA (plain, inflated already) holds, with its payload, as warcio reads it (digests
    not checked); Unusual for anything this reader leaves to warcio, or for more than one record."""
    if not data.startswith(WARC_LINES):
        raise Unusual("not a WARC record")
    stop, info = _record(data, 0, None, NoDigests())
    if data[stop:].strip(b"\r\n"):
        raise Unusual("more than the record")
    info.payload = bytes(info.payload) if info.payload is not None else None
    return info


def _payloads(walk: Iterator[Scanned], keep: Collection[str]) -> Iterator[Scanned]:
    """`walk` with the payloads of the types in KEEP (up to KEPT_PAYLOAD bytes) copied out of the mapped file."""
    for item in walk:
        if keep and item.info.rec_type in keep and item.info.payload_length <= KEPT_PAYLOAD:
            info = item.info
            block = info.payload  # the record's payload view, set by _record
            info.payload = bytes(block) if block is not None else None
        else:
            item.info.payload = None
        yield item


def _mapped(path: str | Path, start: int, end: int | None) -> tuple[memoryview, bool]:
    """The file mapped (cut to [start, end) for a gzipped file's part) and whether it is gzipped."""
    with open(path, "rb") as fh:
        head = fh.read(8)
        if not head:
            raise Unusual("empty file")
        if head[:3] != GZIP_MAGIC and not head.startswith(WARC_LINES):
            raise Unusual("neither gzip nor WARC")
        if is_arc(path):
            raise Unusual("ARC")
        # not closed here: a traceback may still hold views of it; it closes when the last view goes
        view = memoryview(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ))
    if start or end is not None:
        if head[:3] != GZIP_MAGIC:
            raise Unusual("a part of a file that is not gzipped")
        view = view[:end]
        if not 0 <= start < len(view):
            raise Unusual(f"no part [{start}, {end}) in this file")
    return view, head[:3] == GZIP_MAGIC


def _members(view: memoryview, keep, digests: Digests, pos: int = 0):
    """One record per gzip member, from `pos` to the end of `view`."""
    size = len(view)
    released = 0
    while pos < size:
        if view[pos : pos + 3] != GZIP_MAGIC:
            raise Unusual(f"no gzip member at {pos}")
        inflate = zlib.decompressobj(zlib.MAX_WBITS | 16)
        parts = []
        at, step = pos, FIRST_READ
        while not inflate.eof:
            if at >= size:
                raise Unusual(f"gzip member at {pos} is incomplete")
            parts.append(inflate.decompress(view[at : at + step]))
            at = min(at + step, size)
            step = min(step * 2, MAX_READ)
        end = at - len(inflate.unused_data)
        data = parts[0] if len(parts) == 1 else b"".join(parts)
        stop, info = _record(data, 0, keep, digests)
        if data[stop:].strip():  # what follows the block in the member must be blank lines only
            raise Unusual(f"more than one record in the gzip member at {pos}")
        info.offset, info.length = pos, end - pos
        yield Scanned(info, False)
        pos = end
        released = _release(view, pos, released)


def _plain(view: memoryview, keep, digests: Digests):
    """Uncompressed WARC: records one after the other, each followed by one blank line pair."""
    size = len(view)
    pos = released = 0
    while pos < size:
        stop, info = _record(view, pos, keep, digests)
        if view[stop : stop + 4] != b"\r\n\r\n":
            raise Unusual(f"record at {pos} does not end with a blank line pair")
        info.offset, info.length = pos, stop - pos
        yield Scanned(info, False)
        pos = stop + 4
        if pos < size and view[pos : pos + 5] != b"WARC/":
            raise Unusual(f"no record starts at {pos}")
        released = _release(view, pos, released)


def _release(view: memoryview, upto: int, released: int) -> int:
    """Let go of the mapped pages before UPTO once RELEASE_EVERY more bytes were read: they stay in the page
    cache (a view read again maps them back, unchanged), but no longer count in this process's memory, which
    would otherwise grow by the size of every file read. Returns where the pages are let go up to."""
    upto -= upto % mmap.PAGESIZE
    if upto - released < RELEASE_EVERY or not hasattr(mmap, "MADV_DONTNEED"):
        return released
    view.obj.madvise(mmap.MADV_DONTNEED, released, upto - released)
    return upto


def _record(data, start: int, keep, digests: Digests) -> tuple[int, RecordInfo]:
    """The record whose WARC header starts at `start`: where its block ends, and what `salvage._read` says."""
    hend = _find(data, b"\r\n\r\n", start, start + MAX_HEADER)
    headers, length = warc_header(bytes(data[start:hend]))
    block_start = hend + 4
    stop = block_start + length
    if stop > len(data):
        raise Unusual("block cut short")
    block = data[block_start:stop] if isinstance(data, memoryview) else memoryview(data)[block_start:stop]
    rec_type = headers.get("warc-type", "")
    uri = headers.get("warc-target-uri", "")
    status = None
    http_headers: list[tuple[str, str]] = []
    payload = block
    if rec_type in HTTP_RECORDS and len(block) and uri.startswith(HTTP_SCHEMES):  # as warcio parses HTTP
        status, http_headers, payload_start = http_head(block, rec_type, keep is None)
        payload = block[payload_start:]
    if rec_type == "response" and status is None and not holds_no_http(uri):  # dns: holds none by rights
        raise Unusual("response without HTTP")
    declared = headers.get("warc-payload-digest", "")
    if rec_type != "revisit":  # warcio checks no digest of a revisit
        if headers.get("warc-block-digest"):
            digests.add(headers["warc-block-digest"], block)
        if declared:
            digests.add(declared, payload)
    computed = declared if declared.startswith("sha1:") and rec_type != "revisit" else payload_digest(payload)
    info = RecordInfo(
        offset=0,
        length=0,
        rec_type=rec_type,
        record_id=headers.get("warc-record-id", ""),
        target_uri=uri,
        date=headers.get("warc-date", ""),
        headers=headers if keep is None else {k: v for k, v in headers.items() if k in keep},
        status=status,
        http_headers=http_headers,
        payload_digest=computed,
        payload_length=len(payload),
        payload=payload,  # a view into the file: _payloads copies the payloads asked for and drops the rest
    )
    return stop, info


def warc_header(raw: bytes) -> tuple[dict[str, str], int]:
    """A record's WARC header (its bytes up to the blank line) as this reader accepts it: the headers by
    lower-case name and the block's length. Unusual for anything it leaves to `salvage.scan` (recordlist
    applies the same rules to the headers it writes)."""
    lines = _lines(raw)
    if lines[0] not in ("WARC/1.0", "WARC/1.1"):
        raise Unusual("not a WARC/1.0 or 1.1 record")
    pairs = [line.partition(":") for line in lines[1:]]
    headers = {name.rstrip(" \t").lower(): value.lstrip() for name, _, value in pairs}
    if len(headers) != len(pairs) or not all(sep for _, sep, _ in pairs):
        # warcio drops a line without a colon and takes the first of repeated headers, the dict the last
        raise Unusual("a repeated header or a line without a colon")
    length = headers.get("content-length", "")
    if not (length.isascii() and length.isdigit()):
        raise Unusual("no plain Content-Length")
    rec_type = headers.get("warc-type", "")
    uri = headers.get("warc-target-uri", "")
    if not rec_type or (rec_type in CHECKED_TYPES and not uri):
        raise Unusual("no type or no target URI")
    if uri.startswith("<") or " " in uri:
        raise Unusual("target URI that warcio rewrites")
    if rec_type in ("response", "revisit", "resource") and not headers.get("warc-date"):
        raise Unusual("no date")
    if "warc-segment-number" in headers:
        raise Unusual("segmented record")
    return headers, int(length)


def _find(data, needle: bytes, start: int, limit: int) -> int:
    limit = min(limit, len(data))
    if isinstance(data, bytes):
        at = data.find(needle, start, limit)
    else:  # a memoryview: search copies of a growing stretch, as headers are short and blocks long
        window = 1 << 12
        while True:
            end = min(start + window, limit)
            at = bytes(data[start:end]).find(needle)
            if at >= 0 or end >= limit:
                break
            window *= 8
        at = at + start if at >= 0 else -1
    if at < 0:
        raise Unusual(f"no header end after {start}")
    return at


_CONTINUED = re.compile(r"\r\n[ \t]")


def _lines(raw: bytes) -> list[str]:
    """A header's lines as warcio's StatusAndHeadersParser reads them (each decoded as UTF-8, else Latin-1,
    and right-stripped); what it would read otherwise (continued lines, a line that ends the header before
    the blank line pair, a bare line feed) is left to warcio."""
    if raw.count(b"\n") != raw.count(b"\r\n"):
        raise Unusual("bare line feed in a header")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = "\r\n".join(_decode(line) for line in raw.split(b"\r\n"))
    if _CONTINUED.search(text):
        raise Unusual("continued header line")
    lines = [line.rstrip() for line in text.split("\r\n")]
    if not all(lines):
        raise Unusual("blank header line")  # warcio ends the header there
    return lines


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("iso-8859-1")


def http_head(
    block: memoryview, rec_type: str, listed: bool
) -> tuple[int | None, list[tuple[str, str]], int]:
    """Status, headers (when `listed`) and where the payload starts, as warcio (verify_http off) and salvage
    read them."""
    hend = _find(block, b"\r\n\r\n", 0, 1 << 20)
    raw = bytes(block[:hend])
    if len(raw) >= LONG_LINE and max(map(len, raw.split(b"\r\n"))) >= LONG_LINE:
        raise Unusual("HTTP header line longer than warcio's read buffer")  # which it may cut in two
    lines = _lines(raw)
    headers = []
    if listed:
        pairs = [line.partition(":") for line in lines[1:]]
        headers = [(name.rstrip(" \t"), value.lstrip()) for name, sep, value in pairs if sep]
    status = None
    if rec_type != "request":
        parts = lines[0].split(" ", 1)
        code = parts[1].strip().split(" ", 1)[0] if len(parts) > 1 else ""
        try:
            status = int(code)
        except ValueError:
            raise Unusual("no HTTP status") from None
        if str(status) != code:  # "0200", "2_00": warcio (and an index) keeps the code as written
            raise Unusual("an HTTP status written unusually")
    return status, headers, hend + 4
