"""Fixity and consistency of an archive: WARC files against the catalog, records against captures."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from .catalog import open_database
from .indexing import CAPTURED_TYPES
from .warcreader import RecordDamage, RecordInfo, iter_records, sha256_file
from .warcwriter import OPEN_SUFFIX

__all__ = ["Problem", "VerifyReport", "verify_archive"]


@dataclass(frozen=True)
class Problem:
    kind: (
        str  # missing-file, sha256, size, unlisted-file, open-file, damaged, capture, orphan-record, revisit
    )
    file: str
    offset: int | None
    message: str

    def __str__(self) -> str:
        where = self.file + (f" @{self.offset}" if self.offset is not None else "")
        return f"{self.kind}: {where}: {self.message}"


@dataclass
class VerifyReport:
    files: int = 0
    records: int = 0
    captures: int = 0
    bytes: int = 0
    problems: list[Problem] | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict:
        data = asdict(self)
        data["ok"] = self.ok
        return data


def verify_archive(data_dir: str | Path) -> VerifyReport:
    data_dir = Path(data_dir)
    report = VerifyReport(problems=[])
    report.problems.extend(_verify(data_dir, report))
    return report


def _verify(data_dir: Path, report: VerifyReport) -> Iterator[Problem]:
    warc_dir = data_dir / "warc"
    catalog_path = data_dir / "catalog.db"
    if not catalog_path.exists():
        yield Problem(
            "catalog", str(catalog_path), None, "no catalog here; is this a newsarchive data directory?"
        )
        return
    db = open_database(catalog_path, readonly=True)
    conn = db.conn
    listed = {row[0]: row for row in conn.execute("SELECT name, size, sha256, closed_at FROM warc_files")}
    on_disk = {p.name for p in warc_dir.glob("*.warc.gz")} if warc_dir.exists() else set()
    for p in warc_dir.glob(f"*{OPEN_SUFFIX}") if warc_dir.exists() else []:
        yield Problem(
            "open-file", p.name, None, "left open by a run that did not finish; the next crawl recovers it"
        )
    for name in sorted(on_disk - set(listed)):
        yield Problem("unlisted-file", name, None, "WARC file not in the catalog (run `newsarchive reindex`)")
    record_ids: set[str] = set()
    revisits: list[tuple[str, int, str]] = []
    for name, row in sorted(listed.items()):
        _, size, sha256, closed_at = row
        path = warc_dir / name
        if not path.exists():
            if (warc_dir / (name + OPEN_SUFFIX)).exists():
                continue  # reported above as open
            yield Problem("missing-file", name, None, "listed in the catalog but not on disk")
            continue
        report.files += 1
        actual_size = path.stat().st_size
        report.bytes += actual_size
        if closed_at is None:
            yield Problem(
                "open-file", name, None, "closed on disk but not in the catalog (run a crawl to recover)"
            )
        else:
            if size is not None and actual_size != size:
                yield Problem("size", name, None, f"{actual_size} bytes on disk, {size} in the catalog")
            if sha256 and sha256_file(path) != sha256:
                yield Problem("sha256", name, None, "contents changed since the file was closed")
        yield from _verify_file(conn, path, name, report, record_ids, revisits)
    for name, offset, refers_to in revisits:
        if refers_to and refers_to not in record_ids:
            yield Problem("revisit", name, offset, f"revisit refers to {refers_to}, which no WARC file holds")
    db.conn.close()


def _verify_file(
    conn, path: Path, name: str, report, record_ids: set[str], revisits: list
) -> Iterator[Problem]:
    records: dict[int, RecordInfo] = {}
    for item in iter_records(path):
        if isinstance(item, RecordDamage):
            yield Problem("damaged", name, item.offset, f"unreadable from here on: {item.problem}")
            break
        report.records += 1
        records[item.offset] = item
        record_ids.add(item.record_id)
        if item.rec_type == "response" and item.header("warc-payload-digest"):
            if item.header("warc-payload-digest") != item.payload_digest:
                yield Problem("damaged", name, item.offset, "payload does not match its WARC-Payload-Digest")
    captured: set[int] = set()
    rows = conn.execute(
        "SELECT id, url, record_type, warc_offset, warc_length, warc_record_id, payload_digest, refers_to "
        "FROM captures WHERE warc_file = ? ORDER BY warc_offset",
        (name,),
    )
    for cid, url, rtype, offset, length, record_id, digest, refers_to in rows:
        report.captures += 1
        captured.add(offset)
        rec = records.get(offset)
        where = f"capture {cid} ({url})"
        if rec is None:
            yield Problem("capture", name, offset, f"{where}: no record starts at this offset")
            continue
        if rec.length != length:
            yield Problem(
                "capture", name, offset, f"{where}: record is {rec.length} bytes, catalog says {length}"
            )
        if rec.rec_type != rtype:
            yield Problem(
                "capture", name, offset, f"{where}: record is a {rec.rec_type}, catalog says {rtype}"
            )
        if rec.target_uri != url:
            yield Problem("capture", name, offset, f"{where}: record is for {rec.target_uri}")
        if record_id and rec.record_id != record_id:
            yield Problem(
                "capture", name, offset, f"{where}: record id is {rec.record_id}, catalog says {record_id}"
            )
        stored_digest = rec.header("warc-payload-digest") or rec.payload_digest
        if digest and stored_digest != digest:
            yield Problem(
                "capture", name, offset, f"{where}: payload digest {stored_digest}, catalog says {digest}"
            )
        if rec.rec_type == "revisit":
            revisits.append((name, offset, rec.header("warc-refers-to") or refers_to))
    for offset, rec in records.items():
        if rec.rec_type in CAPTURED_TYPES and offset not in captured:
            yield Problem(
                "orphan-record", name, offset, f"{rec.rec_type} for {rec.target_uri} has no capture"
            )
