"""The checks `verify` makes of one file's records against the catalog and the CDXJ index, and of revisits
against the originals the whole archive holds; each finding a Problem."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from archive.ops.verify.report import Problem, VerifyReport
from archive.warc import cdxj
from archive.warc.digests import digest_key
from archive.warc.revisits import original_urls
from archive.warc.salvage import Scanned

__all__ = ["Problem", "Seen", "check_capture", "cataloged_elsewhere", "check_index", "verify_revisits"]

INDEXED_TYPES = ("response", "revisit")


@dataclass
class Seen:
    """What the walk over all files learnt, for the checks that span files."""

    record_ids: set[str] = field(default_factory=set)
    response_digests: set[tuple[str, str]] = field(default_factory=set)  # (url, digests.digest_key)
    # (file, offset, refers-to record id, URL, payload digest, refers-to target URI)
    revisits: list[tuple[str, int, str, str, str, str]] = field(default_factory=list)

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


def cataloged_elsewhere(conn, item: Scanned, name: str, records: dict[int, Scanned]) -> bool:
    """A record the catalog holds from elsewhere is no orphan: from another file (the same record imported twice
    over), or from another copy in this file (RECORDS, by offset), which `import` catalogs once (pywb's
    example-extra.warc repeats its records): the same id, URL, type and payload digest."""
    info = item.info
    if info.record_id:
        rows = conn.execute(
            "SELECT warc_file, warc_offset FROM captures WHERE warc_record_id = ?", (info.record_id,)
        )
        return any(
            warc_file != name
            or (offset != info.offset and offset in records and _same(records[offset].info, info))
            for warc_file, offset in rows
        )
    row = conn.execute(  # ARC: no record id
        "SELECT 1 FROM captures WHERE url = ? AND record_type = ? AND warc_file != ? AND fetched_at LIKE ?",
        (info.target_uri, info.rec_type, name, info.date.rstrip("Z") + "%"),
    ).fetchone()
    return row is not None


def _same(a, b) -> bool:
    """Two records that are one (`import`'s rule for a copy)."""
    return (a.record_id, a.target_uri, a.rec_type, a.header("warc-payload-digest") or a.payload_digest) == (
        b.record_id,
        b.target_uri,
        b.rec_type,
        b.header("warc-payload-digest") or b.payload_digest,
    )


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
    """Each revisit against its original, found as replay tools find it (archive/warc/revisits.py): by record
    id when it gives one, else by URL (any scheme: the index key) and payload digest (however it is spelled:
    `digests.digest_key`). The date it names only
    chooses among originals in replay, so any original of that URL and digest will do."""
    by_digest: dict[str, set[str]] | None = None  # response URLs per digest, made when an exact URL fails
    for name, offset, refers_to, url, digest, refers_to_uri in seen.revisits:
        report.revisits += 1
        if refers_to:
            if refers_to not in seen.record_ids:
                yield Problem(
                    "revisit", name, offset, f"revisit refers to {refers_to}, which no WARC file holds"
                )
            continue
        urls = original_urls(url, refers_to_uri)
        key = digest_key(digest)  # as response digests are kept (_verify_file): sha-256:... is sha256:...
        if any((u, key) in seen.response_digests for u in urls):
            continue
        if by_digest is None:
            by_digest = {}
            for response_url, response_digest in seen.response_digests:
                by_digest.setdefault(response_digest, set()).add(response_url)
        keys = {cdxj.urlkey(u) for u in urls}
        if not any(cdxj.urlkey(other) in keys for other in by_digest.get(key, ())):
            yield Problem(
                "revisit",
                name,
                offset,
                f"no response of {' or '.join(urls)} (under any scheme) with payload {digest} for this revisit",
            )
