"""Turn WARC records into catalog capture rows: used by crash recovery, `reindex` and `import`."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from archive.catalog.db import Catalog
from archive.dates import utc_now_iso
from archive.discovery.edits import edit_marker
from archive.warc.reader import RecordDamage, RecordInfo, iter_records, sha256_file, valid_prefix_length
from archive.warc.records import CAPTURED_TYPES
from archive.warc.writer import OPEN_SUFFIX, ClosedFile

__all__ = ["capture_from_record", "index_file", "recover_open_files", "CAPTURED_TYPES"]

log = logging.getLogger(__name__)


def _iso_from_warc_date(value: str) -> str:
    return value if value.endswith("Z") or not value else value + "Z"


def capture_from_record(info: RecordInfo, warc_file: str, crawl_id: int | None) -> dict:
    """A capture row for a response or revisit record; its metadata record adds how it was found."""
    status = info.status
    location = info.http_header("location") if status and 300 <= status < 400 else ""
    row = {
        "crawl_id": crawl_id,
        "source": None,
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
        "via": None,
        "discovered_from": None,
        "redirect_to": location or None,
        "etag": info.http_header("etag") or None,
        "last_modified": info.http_header("last-modified") or None,
        "page_kind": None,
        "request_record_id": None,
        "depth": None,
    }
    return row


def _metadata_fields(info: RecordInfo) -> dict:
    fields: dict[str, str] = {}
    for line in (info.payload or b"").decode("utf-8", "replace").splitlines():
        key, sep, value = line.partition(": ")  # names may hold a colon themselves (news:title)
        key = key.strip()
        if sep and key not in fields:
            fields[key] = value.strip()
    return fields


def index_file(
    catalog: Catalog,
    path: str | Path,
    name: str,
    crawl_id: int | None,
    known: set[int] | None = None,
    *,
    commit: bool = True,
    counts: dict[str, int] | None = None,
    on_record: Callable[[object, int, int], None] | None = None,
) -> tuple[int, list[RecordDamage]]:
    """Add a capture for each response/revisit record of one WARC file that the catalog lacks.

    Returns (captures added, damage found); `counts["records"]` gets the number of records read;
    `on_record` is passed to iter_records (a cdxj.LineCollector indexes the file in the same pass)."""
    known = catalog.known_locations(name) if known is None else known
    pending: dict[str, dict] = {}  # record id -> row, waiting for its metadata record
    added = 0
    damage: list[RecordDamage] = []

    def flush(rows: Iterable[dict]) -> int:
        count = 0
        for row in rows:
            catalog.add_capture(row)
            count += 1
        return count

    records = 0
    for item in iter_records(path, keep_payload=True, on_record=on_record):
        if isinstance(item, RecordDamage):
            damage.append(item)
            break
        records += 1
        if item.rec_type in CAPTURED_TYPES and item.offset not in known:
            pending[item.record_id] = capture_from_record(item, name, crawl_id)
        elif item.rec_type == "request":
            row = pending.get(item.header("warc-concurrent-to"))
            if row is not None:
                row["request_record_id"] = item.record_id
        elif item.rec_type == "metadata":
            row = pending.get(item.header("warc-refers-to"))
            if row is not None:
                fields = _metadata_fields(item)
                row.update({k: v for k, v in discovery_fields(fields).items() if v is not None})
                if row["crawl_id"] is None and fields.get("crawl-id", "").isdigit():
                    row["crawl_id"] = int(fields["crawl-id"])
        if len(pending) > 1000:
            oldest = list(pending)[:500]
            added += flush(pending.pop(k) for k in oldest)
    added += flush(pending.values())
    if counts is not None:
        counts["records"] = records
    if commit:
        catalog.commit()
    return added, damage


# the metadata record's own fields; every other field is something discovery said (feed, sitemap)
_RECORDER_FIELDS = {"crawl-id", "source", "via", "discovered-from", "page-kind", "page-kind-reason", "depth"}


def discovery_fields(fields: dict) -> dict:
    depth = fields.get("depth", "")
    said = {k: v for k, v in fields.items() if k not in _RECORDER_FIELDS}
    return {
        "discovery": json.dumps(said, ensure_ascii=False, sort_keys=True) if said else None,
        "source": fields.get("source"),
        "via": fields.get("via"),
        "discovered_from": fields.get("discovered-from"),
        "page_kind": fields.get("page-kind"),
        "page_kind_reason": fields.get("page-kind-reason"),
        "discovery_lastmod": edit_marker(said),
        "depth": int(depth) if depth.isdigit() else None,
    }


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
