"""CDXJ indexes for replay: one sorted `DATA/indexes/<warc name>.cdxj` per closed WARC (or ARC) file.

The lines are made by cdxj-indexer, the indexer pywb and py-wacz use, so replay tools read them as their own.
One index per WARC file keeps indexing incremental (a file is indexed once, when it closes) and lets pywb
read the whole directory; `merged_lines()` streams them as one sorted index for a WACZ.
"""

from __future__ import annotations

import contextlib
import heapq
import io
import json
import logging
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.timeutils import iso_date_to_timestamp

from archive.dates import warc_date_utc
from archive.warc.reader import RecordInfo, describe_error
from archive.warc.salvage import is_gzip, next_record
from archive.warc.writer import OPEN_SUFFIX

__all__ = [
    "INDEX_DIR",
    "INDEX_SUFFIX",
    "WARC_SUFFIXES",
    "CdxjEntry",
    "IndexResult",
    "index_path",
    "warc_files",
    "write_index",
    "write_lines",
    "record_line",
    "LineCollector",
    "rebuild_indexes",
    "read_index",
    "merged_lines",
    "parse_line",
    "known_damage",
    "is_not_modified",
    "urlkey",
]

log = logging.getLogger(__name__)

INDEX_DIR = "indexes"
INDEX_SUFFIX = ".cdxj"
WARC_SUFFIXES = (".warc.gz", ".warc", ".arc.gz", ".arc")
# cdxj-indexer's defaults (CDXJIndexer.DEFAULT_RECORDS and RE_SPACE; tests/test_cdxj.py checks they still are).
# cdxj_indexer and surt are imported where they are used: 0.25 s that status and replay never need (verify only
# for a revisit whose original is under another URL or scheme).
_INDEXED_TYPES = ("response", "revisit", "resource", "metadata")
_MIME_END = re.compile(r"[;\s]")


@dataclass(frozen=True)
class CdxjEntry:
    urlkey: str
    timestamp: str
    fields: dict

    @property
    def filename(self) -> str:
        return self.fields.get("filename", "")

    @property
    def offset(self) -> int:
        return int(self.fields.get("offset", -1))

    @property
    def length(self) -> int:
        return int(self.fields.get("length", -1))


@dataclass(frozen=True)
class IndexResult:
    warc_file: str
    path: Path
    lines: int
    problem: str = ""  # set when reading stopped early; the lines before it are kept


class _Lines:
    """Collects the indexer's output lines (it writes text, one line per call)."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def write(self, text: str) -> None:
        self.lines.append(text)


def index_path(data_dir: str | Path, warc_name: str) -> Path:
    return Path(data_dir) / INDEX_DIR / (warc_name + INDEX_SUFFIX)


def warc_files(data_dir: str | Path) -> list[str]:
    """Names (relative to DATA/warc) of the closed WARC and ARC files, sorted."""
    warc_dir = Path(data_dir) / "warc"
    if not warc_dir.is_dir():
        return []
    return sorted(
        p.name
        for p in warc_dir.iterdir()
        if p.is_file() and p.name.endswith(WARC_SUFFIXES) and not p.name.endswith(OPEN_SUFFIX)
    )


def write_index(data_dir: str | Path, warc_name: str, *, skip_offsets: Iterable[int] = ()) -> IndexResult:
    """(Re)write the CDXJ index of one WARC file, atomically; records at `skip_offsets` (known to be damaged)
    are left out so replay never serves them."""
    data_dir = Path(data_dir)
    warc_path = data_dir / "warc" / warc_name
    from cdxj_indexer.main import CDXJIndexer

    collector = _Lines()
    indexer = CDXJIndexer(output=None, inputs=[], dir_root=str(warc_path.parent))
    problem = ""
    gzipped = is_gzip(warc_path)
    with open(warc_path, "rb") as fh:
        start: int | None = 0
        while start is not None:
            fh.seek(start)
            try:
                with contextlib.redirect_stderr(io.StringIO()):  # warcio's warnings on other tools' files
                    indexer.process_one(fh, collector, str(warc_path))
                break
            except Exception as exc:  # a damaged record (other tools' files): index on from the next one
                done = max([start, *(_end_of(line) for line in collector.lines)])
                at = next_record(fh, done, gzipped)  # where the record it stumbled on starts
                line = _line_at(fh, at, warc_name) if at is not None else None
                if line is None:  # a record only cdxj-indexer stumbles on is indexed by record_line
                    problem = problem or describe_error(exc)
                    log.info("%s: a damaged record after byte %d: %s", warc_name, done, problem)
                else:
                    collector.lines.append(line)
                start = next_record(fh, (done if at is None else at) + 1, gzipped)
    return write_lines(data_dir, warc_name, collector.lines, skip_offsets=skip_offsets, problem=problem)


def _line_at(fh, offset: int, warc_name: str) -> str | None:
    """The index line of the record at OFFSET when cdxj-indexer could not make it (a WARC-Date with an offset
    or ClueWeb09's day of the year: taken in the catalog's form); None when it cannot be read."""
    from warcio.archiveiterator import ArchiveIterator

    fh.seek(offset)
    if not fh.read(5).startswith((b"WARC/", b"\x1f\x8b\x08")):  # warcio would skip what is no record
        return None
    fh.seek(offset)
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            iterator = ArchiveIterator(fh, ensure_http_headers=False)
            record = next(iter(iterator))
            date = record.rec_headers.get_header("WARC-Date") or ""
            record.rec_headers.replace_header("WARC-Date", warc_date_utc(date))
            record.content_stream().read()
            return record_line(record, warc_name, offset, iterator.get_record_length())
    except Exception:
        return None


def _end_of(line: str) -> int:
    fields = parse_line(line).fields
    return int(fields.get("offset", 0)) + int(fields.get("length", 0))


def write_lines(
    data_dir: str | Path,
    warc_name: str,
    lines: Iterable[str],
    *,
    skip_offsets: Iterable[int] = (),
    problem: str = "",
) -> IndexResult:
    """Write the index of WARC_NAME from its lines (cdxj-indexer's, or record_line()'s made as the records
    were written), sorted, replayable ones only, atomically."""
    out = index_path(data_dir, warc_name)
    out.parent.mkdir(parents=True, exist_ok=True)
    skip = {str(offset) for offset in skip_offsets}
    kept = sorted(line for line in lines if _replayable(line, skip))
    tmp = out.with_name(out.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.writelines(kept)
    os.replace(tmp, out)
    return IndexResult(warc_name, out, len(kept), problem)


def record_line(record, filename: str, offset: int, length: int) -> str | None:
    """The line cdxj-indexer writes for a warcio record at (OFFSET, LENGTH) of FILENAME, or None for a record
    it does not index; ValueError for a record only cdxj-indexer can index (write_index). The writer of a file
    indexes its records as it writes them, instead of reading the whole file again when it closes. Same rules
    as cdxj-indexer's defaults (tests compare the two)."""
    http = record.http_headers
    return _line(
        record.rec_type,
        record.rec_headers.get_header,
        http.get_header if http is not None else None,
        http.get_statuscode() if http is not None else None,
        filename,
        offset,
        length,
    )


def info_line(info: RecordInfo, filename: str) -> str | None:
    """record_line() of a record read by fastscan (its headers as read, HTTP ones included; its status as an
    int that fastscan only accepts when written plainly)."""

    def http_header(name: str) -> str | None:  # warcio's get_header: the first of that name, else None
        name = name.lower()
        return next((value for key, value in info.http_headers if key.lower() == name), None)

    http = bool(info.http_headers) or info.status is not None
    return _line(
        info.rec_type,
        info.header,
        http_header if http else None,
        str(info.status) if info.status is not None else None,
        filename,
        info.offset,
        info.length,
    )


def _line(rtype, warc_header, http_header, status, filename: str, offset: int, length: int) -> str | None:
    if rtype not in _INDEXED_TYPES or (
        rtype in ("resource", "metadata") and warc_header("Content-Type") == "application/warc-fields"
    ):
        return None
    digest = warc_header("WARC-Payload-Digest")
    url = warc_header("WARC-Target-URI")
    if not digest or not url:  # cdxj-indexer computes a missing digest: leave such files to it (write_index)
        raise ValueError(f"{rtype} record without a payload digest or target URI: index the file instead")
    if rtype == "revisit":
        mime = "warc/revisit"
    elif rtype == "response":
        mime = http_header("Content-Type") if http_header is not None else None
    else:
        mime = warc_header("Content-Type")
    if mime:
        mime = _MIME_END.split(mime, 1)[0].strip()
    index = {"url": url}
    if mime is not None:
        index["mime"] = mime
    if rtype in ("response", "revisit") and http_header is not None:
        index["status"] = status
    index.update(digest=digest, length=str(length), offset=str(offset), filename=filename)
    when = iso_date_to_timestamp(warc_header("WARC-Date"))
    return f"{urlkey(url)} {when} {json.dumps(index)}\n"


class LineCollector:
    """The CDXJ lines of one file's records, made as a writer or a reader goes through them (`add`), so that
    the file need not be read again to index it. `complete` turns False at a record only cdxj-indexer can
    index: the file must then be indexed by write_index()."""

    def __init__(self, filename: str):
        self.filename = filename
        self.lines: list[str] = []
        self.complete = True

    def add(self, record, offset: int, length: int) -> None:
        if self.complete:
            self._take(record_line, record, self.filename, offset, length)

    def add_info(self, info: RecordInfo) -> None:
        """add() for a record read by fastscan."""
        if self.complete:
            self._take(info_line, info, self.filename)

    def unusual(self, reason: str) -> None:
        """Reading goes on with warcio (fastscan.read_records): its records come to add()."""

    def _take(self, make, *args) -> None:
        try:
            line = make(*args)
        except ValueError:
            self.complete, self.lines = False, []
            return
        if line:
            self.lines.append(line)


def urlkey(url: str) -> str:
    """The key replay tools index URL under (the SURT: no scheme, no `www.`, host reversed, query sorted); two
    URLs with the same key are one resource to them."""
    import surt

    try:
        return surt.surt(url)
    except Exception:  # as cdxj-indexer does: the URL itself
        return url


def _replayable(line: str, skip: set[str]) -> bool:
    """Known-bad records are left out, and so are server-not-modified revisits: pywb would answer with their
    304 and no page, where the original (the nearest other capture) is what the server confirmed."""
    try:
        fields = parse_line(line).fields
    except ValueError:
        return False
    if skip and str(fields.get("offset", "")) in skip:
        return False
    return not is_not_modified(fields.get("mime", ""), fields.get("status", ""))


def is_not_modified(mime: str, status: str | int | None) -> bool:
    return mime == "warc/revisit" and str(status) == "304"


def known_damage(data_dir: str | Path) -> dict[str, set[int]]:
    """Offsets of records known to be damaged (reported by `import`), per WARC file."""
    catalog = Path(data_dir) / "catalog.db"
    damage: dict[str, set[int]] = {}
    if not catalog.exists():
        return damage
    conn = sqlite3.connect(f"file:{catalog}?mode=ro", uri=True, timeout=30)
    try:
        rows = conn.execute("SELECT warc_file, warc_offset FROM replay_import_damage").fetchall()
    except sqlite3.OperationalError:  # no such table: nothing was ever imported
        rows = []
    finally:
        conn.close()
    for name, offset in rows:
        damage.setdefault(name, set()).add(offset)
    return damage


def rebuild_indexes(data_dir: str | Path, made: dict[str, list[str]] | None = None) -> list[IndexResult]:
    """Index every closed WARC file again and drop indexes whose WARC file is gone (used by reindex, import).
    MADE holds the lines of files already read whole by the caller (a LineCollector's): not read again."""
    data_dir = Path(data_dir)
    names = warc_files(data_dir)
    damage = known_damage(data_dir)
    made = made or {}
    results = [
        write_lines(data_dir, name, made[name], skip_offsets=damage.get(name, ()))
        if name in made
        else write_index(data_dir, name, skip_offsets=damage.get(name, ()))
        for name in names
    ]
    index_dir = data_dir / INDEX_DIR
    wanted = {name + INDEX_SUFFIX for name in names}
    for path in index_dir.glob(f"*{INDEX_SUFFIX}") if index_dir.is_dir() else []:
        if path.name not in wanted:
            path.unlink()
    return results


def parse_line(line: str) -> CdxjEntry:
    key, timestamp, rest = line.rstrip("\n").split(" ", 2)
    try:
        fields = json.loads(rest)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not a CDXJ line: {line[:80]!r}") from exc
    return CdxjEntry(key, timestamp, fields)


def read_index(path: str | Path) -> Iterator[CdxjEntry]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield parse_line(line)


def merged_lines(data_dir: str | Path, names: Iterable[str] | None = None) -> Iterator[str]:
    """The lines of several per-file indexes as one sorted stream (a k-way merge: never all in memory)."""
    data_dir = Path(data_dir)
    chosen = warc_files(data_dir) if names is None else list(names)
    handles = [open(index_path(data_dir, name), encoding="utf-8") for name in chosen]  # noqa: SIM115
    try:
        yield from heapq.merge(*handles)
    finally:
        for fh in handles:
            fh.close()
