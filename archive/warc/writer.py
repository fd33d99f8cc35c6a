"""Write WARC records to rotating `.warc.gz` files: one gzip member per record, `.open` while writing."""

from __future__ import annotations

import hashlib
import os
import re
import socket
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warcio.warcwriter import WARCWriter

try:  # zlib-ng deflates at half zlib's CPU, to the same size (docs/benchmark.md), as ordinary gzip members
    from zlib_ng import zlib_ng as deflate
except ImportError:  # pragma: no cover - a pinned dependency; zlib writes the same kind of file, slower
    deflate = zlib

__all__ = ["RecordLocation", "ClosedFile", "WarcFileWriter", "warc_file_name", "OPEN_SUFFIX"]

OPEN_SUFFIX = ".open"
# zlib's default. warcio's fixed level 9 costs 1.3x the CPU on identity-encoded pages for 0.6% fewer bytes,
# and nothing at all on gzip-encoded ones (measured by bench/warc_gzip.py; see docs/benchmark.md). zlib-ng's
# level 6 takes half zlib's CPU for 0.7% more bytes (193 real pages, sixth session).
DEFAULT_COMPRESS_LEVEL = 6
# Payloads that are compressed already (gzip/br bodies, JPEG, video, archives) do not shrink at any level, and
# deflating them costs ~4 ms per 150 KB at every level from 1 to 9: level 0 (stored blocks, still one gzip
# member) takes 0.35 ms and comes out no larger.
STORED_LEVEL = 0
_COMPRESSED_ENCODINGS = ("gzip", "x-gzip", "br", "deflate", "zstd", "compress")
_COMPRESSED_TYPES = (
    "image/jpeg", "image/png", "image/gif", "image/webp", "image/avif", "image/heic",
    "video/", "audio/", "font/woff", "application/font-woff",
    "application/zip", "application/gzip", "application/x-gzip", "application/x-7z", "application/x-rar",
    "application/zstd", "application/x-bzip2", "application/x-xz", "application/vnd.rar",
)  # fmt: skip


@dataclass(frozen=True)
class RecordLocation:
    file: str  # the final name (without `.open`), relative to the WARC directory
    offset: int
    length: int


@dataclass(frozen=True)
class ClosedFile:
    name: str
    size: int
    sha256: str
    records: int
    closed_at: str


def warc_file_name(prefix: str, when: datetime, serial: int, host: str | None = None) -> str:
    host = re.sub(r"[^A-Za-z0-9.-]+", "-", host or socket.gethostname()) or "localhost"
    stamp = when.astimezone(UTC).strftime("%Y%m%d%H%M%S%f")[:17]
    return f"{prefix}-{stamp}-{serial:05d}-{host}.warc.gz"


class _HashingFile:
    """A write-only binary file that keeps the sha256 and the size of what went through it."""

    def __init__(self, path: Path):
        self._fh = open(path, "xb")  # noqa: SIM115 - closed by close()
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self._fh.write(data)
        self.sha256.update(data)
        self.size += len(data)
        return len(data)

    def tell(self) -> int:
        return self.size

    def flush(self) -> None:
        self._fh.flush()

    def close(self, sync: bool = True) -> None:
        self._fh.flush()
        if sync:
            os.fsync(self._fh.fileno())
        self._fh.close()

    def abandon(self, keep: int) -> None:
        """After a failed write: drop what is buffered, and cut the file back to its first KEEP bytes."""
        try:
            self._fh.close()  # the buffered bytes fail to flush again; the file is closed all the same
        except OSError:
            pass
        os.truncate(self._fh.name, keep)


class _GzipMember:
    """Compresses one record into one gzip member; warcio's own wrapper is fixed at level 9."""

    def __init__(self, out, level: int):
        self._out = out
        self._compressor = deflate.compressobj(level, deflate.DEFLATED, deflate.MAX_WBITS + 16)

    def write(self, data: bytes) -> None:
        self._out.write(self._compressor.compress(data))

    def flush(self) -> None:  # warcio calls this once, after the record's last bytes: the member ends here
        self._out.write(self._compressor.flush())
        self._out.flush()


class _LevelWARCWriter(WARCWriter):
    """warcio's writer with a chosen gzip level, still one gzip member per record."""

    def __init__(self, filebuf, *, compress_level: int, **kwargs):
        super().__init__(filebuf, gzip=False, **kwargs)
        self.compress_level = compress_level

    def write_record(self, record, params=None) -> None:
        level = STORED_LEVEL if _payload_is_compressed(record) else self.compress_level
        self._write_warc_record(_GzipMember(self.out, level), record)

    def _do_write_req_resp(self, req, resp, params) -> None:
        self.write_record(resp)
        self.write_record(req)


def _payload_is_compressed(record) -> bool:
    """True for a response whose body is compressed already (by Content-Encoding or by its media type)."""
    http = record.http_headers
    if http is None or record.rec_type != "response":
        return False
    encoding = (http.get_header("Content-Encoding") or "").strip().lower()
    if encoding and encoding != "identity":
        return encoding.split(",")[-1].strip() in _COMPRESSED_ENCODINGS
    media = (http.get_header("Content-Type") or "").strip().lower()
    return media.startswith(_COMPRESSED_TYPES)


class WarcFileWriter:
    """Appends records to the current file and rotates past `max_size`.

    `warcinfo(name)` makes the record that opens every file; `on_open(name)`, `on_write(record, RecordLocation)`
    and `on_close(ClosedFile)` let the owner (the recorder) keep the catalog and the index in step. Not thread-safe: one writer per archive."""

    def __init__(
        self,
        directory: str | Path,
        *,
        prefix: str = "newsarchive",
        max_size: int = 1024**3,
        warcinfo: Callable[[str], object],
        on_open: Callable[[str], None] = lambda name: None,
        on_close: Callable[[ClosedFile], None] = lambda closed: None,
        on_write: Callable[[object, RecordLocation], None] = lambda record, location: None,
        host: str | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        compress_level: int = DEFAULT_COMPRESS_LEVEL,
    ):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.prefix = prefix
        self.max_size = max_size
        self._warcinfo = warcinfo
        self._on_open = on_open
        self._on_close = on_close
        self._on_write = on_write
        self._host = host
        self._clock = clock
        self.compress_level = compress_level
        self._serial = 0
        self._file: _HashingFile | None = None
        self._writer: WARCWriter | None = None
        self._name = ""
        self._records = 0
        self._closed_bytes = 0
        self._complete = 0  # bytes of the open file that hold complete records (all written and flushed)

    @property
    def current_name(self) -> str:
        return self._name

    @property
    def bytes_written(self) -> int:
        """Bytes of every file this writer made, the open one included (warcinfo records too)."""
        return self._closed_bytes + (self._file.size if self._file is not None else 0)

    def write(self, *records) -> list[RecordLocation]:
        """Write records together into one file (a request/response pair never straddles a rotation)."""
        if self._file is not None and self._file.size >= self.max_size:
            self.close()
        if self._file is None:
            self._open()
        locations = [self._write_one(record) for record in records]
        self._file.flush()
        self._complete = self._file.size
        return locations

    def _write_one(self, record) -> RecordLocation:
        start = self._file.tell()
        self._writer.write_record(record)
        self._records += 1
        location = RecordLocation(self._name, start, self._file.tell() - start)
        self._on_write(record, location)
        return location

    def _open(self) -> None:
        while True:
            name = warc_file_name(self.prefix, self._clock(), self._serial, self._host)
            self._serial += 1
            if not (self.directory / name).exists() and not (self.directory / (name + OPEN_SUFFIX)).exists():
                break
        self._complete = 0
        self._file = _HashingFile(self.directory / (name + OPEN_SUFFIX))
        self._writer = _LevelWARCWriter(
            self._file, compress_level=self.compress_level, warc_version="WARC/1.1"
        )
        self._name = name
        self._records = 0
        self._on_open(name)
        self._write_one(self._warcinfo(name))
        self._file.flush()
        self._complete = self._file.size

    def abandon(self) -> None:
        """Stop writing after a write failed (the disk is full): the open file is cut back to its complete
        records and left `.open`, unrenamed, for the next run's recovery (as after a crash), which closes it
        with its sha256. Nothing more is written."""
        if self._file is None:
            return
        try:
            self._file.abandon(self._complete)
            if not self._complete:  # not even its warcinfo: nothing to recover
                os.unlink(self.directory / (self._name + OPEN_SUFFIX))
        except OSError:
            pass  # recovery cuts the file to its valid prefix anyway
        self._file = None
        self._writer = None
        self._name = ""

    def close(self) -> ClosedFile | None:
        """Close the current file, rename it from `.open` to its final name, and report its fixity."""
        if self._file is None:
            return None
        self._file.close()
        os.replace(self.directory / (self._name + OPEN_SUFFIX), self.directory / self._name)
        closed = ClosedFile(
            name=self._name,
            size=self._file.size,
            sha256=self._file.sha256.hexdigest(),
            records=self._records,
            closed_at=self._clock().astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        )
        self._closed_bytes += closed.size
        self._file = None
        self._writer = None
        self._name = ""
        self._on_close(closed)
        return closed
