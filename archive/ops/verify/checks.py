"""The checks `verify` makes of one file's records against the catalog and the CDXJ index, and of revisits
against the originals the whole archive holds; each finding a Problem."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from archive.ops.verify.report import Problem, VerifyReport
from archive.warc import cdxj
from archive.warc.salvage import Scanned

__all__ = ["Problem", "Seen", "check_capture", "cataloged_elsewhere", "check_index", "verify_revisits"]

INDEXED_TYPES = ("response", "revisit")


@dataclass
class Seen:
    """What the walk over all files learnt, for the checks that span files."""

    record_ids: set[str] = field(default_factory=set)
    response_digests: set[tuple[str, str]] = field(default_factory=set)  # (url, payload digest)
    revisits: list[tuple[str, int, str, str, str]] = field(default_factory=list)

    def update(self, other: Seen) -> None:
        self.record_ids |= other.record_ids
        self.response_digests |= other.response_digests
        self.revisits.extend(other.revisits)


def check_capture(name, rec, cid, url, rtype, offset, length, record_id, digest) -> Iterator[Problem]:
    where = f"capture {cid} ({url})"
    if rec is None:
        yield Problem("capture", name, offset, f"{where}: no good record starts at this offset")
        return
    info = rec.info
    if info.length != length:
        yield Problem(
            "capture", name, offset, f"{where}: record is {info.length} bytes, catalog says {length}"
        )
    if info.rec_type != rtype:
        yield Problem("capture", name, offset, f"{where}: record is a {info.rec_type}, catalog says {rtype}")
    if info.target_uri != url:
        yield Problem("capture", name, offset, f"{where}: record is for {info.target_uri}")
    if record_id and info.record_id != record_id:
        yield Problem(
            "capture", name, offset, f"{where}: record id is {info.record_id}, catalog says {record_id}"
        )
    stored_digest = info.header("warc-payload-digest") or info.payload_digest
    if digest and stored_digest != digest:
        yield Problem(
            "capture", name, offset, f"{where}: payload digest {stored_digest}, catalog says {digest}"
        )


def cataloged_elsewhere(conn, item: Scanned, name: str) -> bool:
    """A record the catalog holds from another file (the same record imported twice over) is no orphan."""
    info = item.info
    if info.record_id:
        row = conn.execute(
            "SELECT 1 FROM captures WHERE warc_record_id = ? AND warc_file != ?", (info.record_id, name)
        ).fetchone()
    else:  # ARC: no record id
        row = conn.execute(
            "SELECT 1 FROM captures WHERE url = ? AND record_type = ? AND warc_file != ? AND fetched_at LIKE ?",
            (info.target_uri, info.rec_type, name, info.date.rstrip("Z") + "%"),
        ).fetchone()
    return row is not None


def check_index(
    data_dir: Path, name: str, records: dict[int, Scanned], known: set[int], report: VerifyReport
) -> Iterator[Problem]:
    index = cdxj.index_path(data_dir, name)
    if not index.exists():
        yield Problem(
            "index", name, None, "no CDXJ index: replay cannot find its pages (run `newsarchive reindex`)"
        )
        return
    indexed: set[int] = set()
    try:
        for entry in cdxj.read_index(index):
            report.index_lines += 1
            offset = entry.offset
            indexed.add(offset)
            rec = records.get(offset)
            if entry.filename != name:
                yield Problem("index", name, offset, f"index line names {entry.filename}")
            elif rec is None:
                yield Problem("index", name, offset, "index line points at no good record")
            elif rec.info.length != entry.length:
                yield Problem(
                    "index", name, offset, f"index says {entry.length} bytes, record is {rec.info.length}"
                )
    except (OSError, ValueError) as exc:
        yield Problem("index", name, None, f"unreadable CDXJ index: {exc}")
        return
    for offset, item in records.items():
        if item.info.rec_type == "revisit" and cdxj.is_not_modified("warc/revisit", item.info.status):
            continue  # left out of the index on purpose (see cdxj)
        if item.info.rec_type in INDEXED_TYPES and offset not in indexed and offset not in known:
            yield Problem(
                "index", name, offset, f"{item.info.rec_type} for {item.info.target_uri} is not in the index"
            )


def verify_revisits(conn, seen: Seen, report: VerifyReport) -> Iterator[Problem]:
    for name, offset, refers_to, url, digest in seen.revisits:
        report.revisits += 1
        if refers_to:
            if refers_to not in seen.record_ids:
                yield Problem(
                    "revisit", name, offset, f"revisit refers to {refers_to}, which no WARC file holds"
                )
        elif (
            url,
            digest,
        ) not in seen.response_digests:  # older tools name the original by URL and digest only
            yield Problem(
                "revisit", name, offset, f"no response of {url} with payload {digest} for this revisit"
            )
