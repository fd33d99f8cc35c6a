"""Fixity and consistency of an archive, for an archivist to schedule (cron, systemd timer).

Checks, each reported as a Problem with a kind a script can act on:
- every closed WARC file against the sha256 and size the catalog recorded when it closed (`sha256`, `size`),
  and the catalog against the disk (`missing-file`, `unlisted-file`, `open-file`);
- every record: readable, digests match, one gzip member each (`damaged`); records that `import` found bad
  are counted as known damage, not reported again. By default a record's digests are recomputed only in files
  whose whole-file sha256 does not vouch for their bytes (see `verifywalk`); `deep=True` recomputes them all.
  Where it vouches, the records are those of the file's record list when the catalog has one for those bytes
  (`recordlist`, made as the file was written or read whole by `reindex`), so it is read by the sha256 only;
- every capture against the record at its offset: length, type, URL, record id, payload digest (`capture`),
  and every response or revisit record against the catalog (`orphan-record`);
- every record against the CDXJ index, and every index line against a record (`index`);
- every revisit against an original that exists (`revisit`).
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from archive.ops.verify.checks import (
    Seen,
    cataloged_elsewhere,
    check_capture,
    check_index,
    verify_revisits,
)
from archive.ops.verify.report import KINDS, Problem, VerifyReport
from archive.ops.verify.walk import Listed, Walker
from archive.warc import cdxj
from archive.warc.digests import digest_key
from archive.warc.recordlist import StoredList
from archive.warc.records import is_capture
from archive.warc.salvage import Scanned, Stretch
from archive.warc.writer import OPEN_SUFFIX

__all__ = ["Problem", "VerifyReport", "verify_archive", "KINDS"]


def verify_archive(data_dir: str | Path, deep: bool = False, running: str = "") -> VerifyReport:
    """Check the archive in DATA_DIR. By default each closed file's sha256 is checked first and its records'
    digests only when that does not vouch for the bytes; `deep` recomputes every record's digests as well.
    RUNNING names the run that holds the data directory, if one does: the files it has open are its own,
    not checked (the rest is)."""
    data_dir = Path(data_dir)
    report = VerifyReport(mode="deep" if deep else "fixity", running=running)
    report.problems.extend(_verify(data_dir, report, deep))
    return report


def _verify(data_dir: Path, report: VerifyReport, deep: bool) -> Iterator[Problem]:
    warc_dir = data_dir / "warc"
    catalog_path = data_dir / "catalog.db"
    if not catalog_path.exists():
        yield Problem(
            "catalog", str(catalog_path), None, "no catalog here; is this a newsarchive data directory?"
        )
        return
    conn = sqlite3.connect(f"file:{catalog_path}?mode=ro", uri=True, timeout=30)
    try:
        yield from _verify_catalog(conn, data_dir, warc_dir, report, deep)
    finally:
        conn.close()


def _verify_catalog(
    conn, data_dir: Path, warc_dir: Path, report: VerifyReport, deep: bool
) -> Iterator[Problem]:
    listed = {
        row[0]: row for row in conn.execute("SELECT name, size, sha256, closed_at, records FROM warc_files")
    }
    lists = _has_record_lists(conn)
    on_disk = set(cdxj.warc_files(data_dir))
    for path in sorted(warc_dir.glob(f"*{OPEN_SUFFIX}")) if warc_dir.is_dir() and not report.running else []:
        yield Problem(
            "open-file", path.name, None, "left open by a run that did not finish; the next crawl recovers it"
        )
    for name in sorted(on_disk - set(listed)):
        yield Problem("unlisted-file", name, None, "WARC file not in the catalog (run `newsarchive reindex`)")
    known = cdxj.known_damage(data_dir)
    flagged = _flagged(conn)
    report.flagged.extend(Problem("flagged", name, offset, flaw) for name, offset, flaw in flagged)
    flagged_at: dict[str, set[int]] = {}
    for name, offset, _ in flagged:
        flagged_at.setdefault(name, set()).add(offset)
    seen = Seen()
    with_lists = {name for (name,) in conn.execute("SELECT name FROM warc_record_lists")} if lists else set()
    files = {
        name: Listed(
            warc_dir / name,
            size,
            sha256,
            closed_at is not None,
            bool(known.get(name)),
            records,
            name in with_lists,
        )
        for name, (_, size, sha256, closed_at, records) in sorted(listed.items())
        if (warc_dir / name).exists()
    }
    walker = Walker(list(files.values()), deep)
    try:
        for name, (_, size, sha256, closed_at, _) in sorted(listed.items()):
            path = warc_dir / name
            if name not in files:
                if not (warc_dir / (name + OPEN_SUFFIX)).exists():  # an open one is reported above
                    yield Problem("missing-file", name, None, "listed in the catalog but not on disk")
                continue
            report.files += 1
            actual_size = path.stat().st_size
            report.bytes += actual_size
            starts = [offset for (offset,) in conn.execute(_STARTS, (name,))]
            stored = _record_list(conn, name) if lists and files[name].vouched(deep) else None
            check = functools.partial(
                _checked, conn, data_dir, name, known.get(name, set()), flagged_at.get(name, set())
            )
            walked = walker.walk(files[name], starts, stored, check)
            report.deep_files += walked.deep
            report.listed_files += walked.listed
            in_file, tally, found = walked.checked
            for count in _COUNTS:
                setattr(report, count, getattr(report, count) + getattr(tally, count))
            seen.update(found)
            if closed_at is None and report.running:
                pass  # renamed by the running crawl, which is about to record its sha256
            elif closed_at is None:
                yield Problem(
                    "open-file", name, None, "closed on disk but not in the catalog (run a crawl to recover)"
                )
            else:
                if size is not None and actual_size != size:
                    yield Problem("size", name, None, f"{actual_size} bytes on disk, {size} in the catalog")
                if walked.sha256 is not None and walked.sha256 != sha256:
                    yield Problem("sha256", name, None, "contents changed since the file was closed")
            yield from in_file
    finally:
        walker.close()
    yield from verify_revisits(conn, seen, report)


_STARTS = "SELECT warc_offset FROM captures WHERE warc_file = ? ORDER BY warc_offset"
_COUNTS = ("records", "captures", "index_lines", "known_damage")  # what the checks of one file count


def _checked(
    conn, data_dir: Path, name: str, known: set[int], flagged: set[int], items: list[Scanned | Stretch]
):
    """The problems of one file's records, with what they counted and saw apart: the checks run while the
    file's sha256 is computed, and are made again if it does not match (the file is then read deeply)."""
    tally, found = VerifyReport(), Seen()
    problems = list(_verify_file(conn, data_dir, items, name, (known, flagged), tally, found))
    return problems, tally, found


def _flagged(conn) -> list[tuple[str, int, str]]:
    """(file, offset, flaw) of the records `import` kept with a digest that does not match."""
    try:
        return conn.execute(
            "SELECT warc_file, warc_offset, record_flaw FROM captures WHERE record_flaw IS NOT NULL "
            "ORDER BY warc_file, warc_offset"
        ).fetchall()
    except sqlite3.OperationalError:  # a catalog from before m015: nothing flagged
        return []


def _has_record_lists(conn) -> bool:
    """A catalog from before record lists has no such table (verify opens it read-only, never migrates)."""
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'warc_record_lists'")
    return row.fetchone() is not None


def _record_list(conn, name: str) -> StoredList | None:
    row = conn.execute(
        "SELECT sha256, records, data FROM warc_record_lists WHERE name = ?", (name,)
    ).fetchone()
    return StoredList(*row) if row is not None else None


def _verify_file(
    conn,
    data_dir: Path,
    items: list[Scanned | Stretch],
    name: str,
    known_flagged: tuple[set[int], set[int]],
    report: VerifyReport,
    seen: Seen,
) -> Iterator[Problem]:
    known, flagged = known_flagged
    records: dict[int, Scanned] = {}
    for item in items:
        if isinstance(item, Stretch):
            if item.offset in known:
                report.known_damage += 1
            else:
                yield Problem("damaged", name, item.offset, item.problem)
            continue
        info = item.info
        report.records += 1
        if item.problem:
            if info.offset in known:
                report.known_damage += 1
            else:
                yield Problem("damaged", name, info.offset, item.problem)
            continue
        if item.flaw and info.offset in known:
            report.known_damage += 1
            continue
        if item.flaw and info.offset not in flagged:  # flagged ones are listed apart (report.flagged)
            yield Problem("damaged", name, info.offset, item.flaw)
            continue
        records[info.offset] = item
        if info.record_id:
            seen.record_ids.add(info.record_id)
        if info.rec_type == "response":
            seen.response_digests.add(
                (info.target_uri, digest_key(info.header("warc-payload-digest") or info.payload_digest))
            )
    captured: set[int] = set()
    rows = conn.execute(
        "SELECT id, url, record_type, warc_offset, warc_length, warc_record_id, payload_digest, refers_to "
        "FROM captures WHERE warc_file = ? ORDER BY warc_offset",
        (name,),
    )
    for cid, url, rtype, offset, length, record_id, digest, refers_to in rows:
        report.captures += 1
        captured.add(offset)
        yield from check_capture(
            name, records.get(offset), cid, url, rtype, offset, length, record_id, digest
        )
        rec = records.get(offset)
        if rec is not None and rec.info.rec_type == "revisit":
            seen.revisits.append(
                (
                    name,
                    offset,
                    rec.info.header("warc-refers-to") or refers_to or "",
                    rec.info.target_uri,
                    digest or "",
                    rec.info.header("warc-refers-to-target-uri"),
                )
            )
    for offset, item in records.items():
        info = item.info
        if (
            is_capture(info.rec_type, info.target_uri)  # a dns: response is no capture, and no orphan
            and offset not in captured
            and not cataloged_elsewhere(conn, item, name, records)
        ):
            yield Problem(
                "orphan-record", name, offset, f"{info.rec_type} for {info.target_uri} has no capture"
            )
    yield from check_index(data_dir, name, records, known, report)
