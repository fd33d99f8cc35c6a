"""Catalog capture rows from WARC records: the one construction the recorder (as it writes), crash recovery,
`reindex` and `import` (as they read) share, so that the catalog can be rebuilt from the WARC files."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from archive.catalog.canonical import normal_url
from archive.catalog.db import Catalog
from archive.catalog.failures import failure_row, is_failure_record
from archive.dates import utc_now_iso, warc_date_utc
from archive.discovery.edits import edit_marker
from archive.warc.fastscan import read_records
from archive.warc.reader import RecordDamage, RecordInfo, iter_records, sha256_file, valid_prefix_length
from archive.warc.records import RENDERED_DOM, is_capture, parse_warc_fields
from archive.warc.writer import OPEN_SUFFIX, ClosedFile

__all__ = [
    "RECORDER_FIELDS",
    "capture_row",
    "capture_rows",
    "index_file",
    "metadata_fields",
    "recover_open_files",
]

log = logging.getLogger(__name__)


def _iso_from_warc_date(value: str) -> str:
    if value.endswith("Z") and len(value) in (20, 24, 27):  # ours and most tools': already the catalog's form
        return value
    return warc_date_utc(value) if value else value


# What the recorder writes in each capture's metadata record besides what discovery said (feed or sitemap
# fields, which go into `captures.discovery` as JSON).
RECORDER_FIELDS = (
    "crawl-id",
    "source",
    "via",
    "discovered-from",
    "page-kind",
    "page-kind-reason",
    "depth",
    "render",
)


def metadata_fields(
    *,
    crawl_id: int | None,
    source: str | None,
    via: str | None,
    discovered_from: str | None,
    page_kind: str | None,
    depth: int | None,
    discovery: Mapping[str, object] | None,
    page_kind_reason: str | None = None,
    render: str | None = None,
) -> dict[str, object]:
    """The fields of a capture's metadata record, as the recorder writes them and `capture_row` reads them."""
    fields: dict[str, object] = {
        "crawl-id": crawl_id,
        "source": source,
        "via": via,
        "discovered-from": discovered_from,
        "page-kind": page_kind,
        "page-kind-reason": page_kind_reason,
        "depth": depth,
        "render": render,
    }
    fields.update(discovery or {})
    return fields


def capture_row(
    info: RecordInfo,
    warc_file: str,
    crawl_id: int | None,
    fields: Mapping[str, str | list[str]] | None = None,
    request_record_id: str | None = None,
) -> dict:
    """The capture row of a response or revisit record: the one place a row is made, whether the record was
    just written (the recorder) or read back (crash recovery, `reindex`, `import`). FIELDS are those of its
    metadata record (`parse_warc_fields`), which say how the page was found."""
    status = info.status
    location = info.http_header("location") if status and 300 <= status < 400 else ""
    fields = fields or {}
    said = {k: v for k, v in fields.items() if k not in RECORDER_FIELDS}
    depth = _first(fields.get("depth"))
    recorded_crawl = _first(fields.get("crawl-id"))
    truncated = info.header("warc-truncated")
    if crawl_id is None and recorded_crawl.isdigit():
        crawl_id = int(recorded_crawl)
    return {
        "crawl_id": crawl_id,
        "source": _first(fields.get("source")) or None,
        "url": info.target_uri,
        "fetched_at": _iso_from_warc_date(info.date),
        "status": status,
        "content_type": info.content_type or None,
        "record_type": info.rec_type,
        "warc_file": warc_file,
        "warc_offset": info.offset,
        "warc_length": info.length,
        "warc_record_id": info.record_id,
        "payload_digest": info.header("warc-payload-digest") or info.payload_digest,
        "payload_length": info.payload_length if info.rec_type == "response" else None,
        "refers_to": info.header("warc-refers-to") or None,
        "revisit_profile": info.header("warc-profile") or None,
        "via": _first(fields.get("via")) or None,
        "discovered_from": _first(fields.get("discovered-from")) or None,
        "redirect_to": location or None,
        "etag": info.http_header("etag") or None,
        "last_modified": info.http_header("last-modified") or None,
        "page_kind": _first(fields.get("page-kind")) or None,
        "page_kind_reason": _first(fields.get("page-kind-reason")) or None,
        "discovery_lastmod": edit_marker(said),
        "rendered": _first(fields.get("render")) or None,
        "request_record_id": request_record_id,
        "depth": int(depth) if depth.isdigit() else None,
        "discovery": json.dumps(said, ensure_ascii=False, sort_keys=True) if said else None,
        "normal_url": normal_url(info.target_uri),
        "record_flaw": None,  # set by `import` for a record it keeps despite a digest that does not match
        # a response cut short is kept but never extracted (its text would be part of the article)
        "truncated": truncated or None,
        "extract_status": "truncated" if truncated else None,
    }


def _first(value: str | list[str] | None) -> str:
    if isinstance(value, list):
        return value[0] if value else ""
    return value or ""


_BATCH = 256  # captures between index_file's on_batch calls
_READ_PAYLOADS = ("metadata",)  # the payloads capture rows and failure rows read; others are not kept

# Fields a later metadata record may revise (PressSpider reads a page before it knows what it is)
_REVISABLE = ("page-kind", "page-kind-reason")


def capture_rows(items: Iterable[RecordInfo], warc_file: str, crawl_id: int | None, known=frozenset()):
    """Capture rows of one file's records in file order, each with its request record's id and its metadata
    record's fields (both follow the response closely). Records at offsets in KNOWN are left out, and so are
    responses of other schemes than http(s) (`is_capture`: Heritrix's dns: lookups)."""
    pending: dict[int, tuple[RecordInfo, dict]] = {}  # offset -> (record, what follows it)
    by_id: dict[str, int] = {}  # record id -> offset (ARC records have no id: nothing follows them)
    for item in items:
        if is_capture(item.rec_type, item.target_uri) and item.offset not in known:
            pending[item.offset] = (item, {})
            if item.record_id:
                by_id[item.record_id] = item.offset
        elif item.rec_type == "request":
            waiting = pending.get(by_id.get(item.header("warc-concurrent-to"), -1))
            if waiting is not None:
                waiting[1]["request"] = item.record_id
        elif item.rec_type == "metadata":
            waiting = pending.get(by_id.get(item.header("warc-refers-to"), -1))
            if waiting is None or is_failure_record(item):
                pass
            elif "fields" not in waiting[1]:
                waiting[1]["fields"] = parse_warc_fields(item.payload or b"")
            else:  # what the page turned out to be once read (the spider's revision of its kind)
                revised = parse_warc_fields(item.payload or b"")
                waiting[1]["fields"].update({k: v for k, v in revised.items() if k in _REVISABLE})
        elif item.rec_type == "conversion" and item.content_type == RENDERED_DOM:
            waiting = pending.get(by_id.get(item.header("warc-refers-to"), -1))
            if waiting is not None:  # the page as the browser rendered it
                waiting[1]["rendered"] = (item.offset, item.length)
        if len(pending) > 1000:
            for offset in list(pending)[:500]:
                waiting = pending.pop(offset)
                by_id.pop(waiting[0].record_id, None)
                yield _row(waiting, warc_file, crawl_id)
    for waiting in pending.values():
        yield _row(waiting, warc_file, crawl_id)


def _row(waiting: tuple[RecordInfo, dict], warc_file: str, crawl_id: int | None) -> dict:
    info, linked = waiting
    row = capture_row(info, warc_file, crawl_id, linked.get("fields"), linked.get("request"))
    row["rendered_offset"], row["rendered_length"] = linked.get("rendered", (None, None))
    return row


def index_file(
    catalog: Catalog,
    path: str | Path,
    name: str,
    crawl_id: int | None,
    known: set[int] | None = None,
    *,
    commit: bool = True,
    counts: dict[str, int] | None = None,
    collectors: Sequence = (),
    on_batch: Callable[[], None] | None = None,
) -> tuple[int, list[RecordDamage]]:
    """Add a capture for each response/revisit record of one WARC file that the catalog lacks, and a failure row
    for each failure metadata record (archive/catalog/failures.py).

    Returns (captures added, damage found); `counts["records"]` gets the number of records read;
    `collectors` see every record read (fastscan.read_records: a cdxj.LineCollector indexes the file in the
    same pass);
    `on_batch()` is called after every few hundred captures added and at the end (reindex extracts the
    articles among them while the file is still being read)."""
    known = catalog.known_locations(name) if known is None else known
    damage: list[RecordDamage] = []
    failures: list[dict] = []
    read = 0

    def records() -> Iterator[RecordInfo]:
        nonlocal read
        for item in read_records(path, _READ_PAYLOADS, collectors):
            if isinstance(item, RecordDamage):
                damage.append(item)
                return
            read += 1
            if is_failure_record(item):
                row = failure_row(item, name)
                if row is not None:
                    failures.append(row)
            yield item

    added = 0
    for row in capture_rows(records(), name, crawl_id, known):
        catalog.add_capture(row)
        added += 1
        if on_batch is not None and added % _BATCH == 0:
            on_batch()
    for row in failures:
        catalog.add_failure(row)
    if on_batch is not None:
        on_batch()
    if counts is not None:
        counts["records"] = read
    if commit:
        catalog.commit()
    return added, damage


def recover_open_files(
    warc_dir: str | Path, catalog: Catalog, crawl_id: int | None = None
) -> list[ClosedFile]:
    """Finish what a killed run left: cut each `*.open` file to its complete records, catalog the records
    the catalog lacks, close the file with its sha256. Returns the files recovered."""
    warc_dir = Path(warc_dir)
    recovered = []
    for open_path in sorted(warc_dir.glob(f"*{OPEN_SUFFIX}")):
        name = open_path.name[: -len(OPEN_SUFFIX)]
        size = open_path.stat().st_size
        keep = valid_prefix_length(open_path)
        if keep < size:
            log.warning("%s: dropping %d bytes of an incomplete last record", open_path.name, size - keep)
            with open(open_path, "r+b") as fh:
                fh.truncate(keep)
                os.fsync(fh.fileno())
        catalog.file_opened(name, crawl_id)
        added, _ = index_file(catalog, open_path, name, crawl_id)
        os.replace(open_path, warc_dir / name)
        closed = _close_in_catalog(catalog, warc_dir / name, name)
        log.info("recovered %s: %d records, %d captures added", name, closed.records, added)
        recovered.append(closed)
    # a run killed between the rename and the catalog update leaves a closed file without fixity
    rows = catalog.conn.execute("SELECT name FROM warc_files WHERE closed_at IS NULL").fetchall()
    for (name,) in rows:
        path = warc_dir / name
        if path.exists():
            index_file(catalog, path, name, crawl_id)
            recovered.append(_close_in_catalog(catalog, path, name))
    return recovered


def _count_records(path: Path) -> int:
    return sum(1 for item in iter_records(path) if isinstance(item, RecordInfo))


def _close_in_catalog(catalog: Catalog, path: Path, name: str) -> ClosedFile:
    closed = ClosedFile(
        name=name,
        size=path.stat().st_size,
        sha256=sha256_file(path),
        records=_count_records(path),
        closed_at=utc_now_iso(),
    )
    catalog.file_closed(closed)
    return closed
