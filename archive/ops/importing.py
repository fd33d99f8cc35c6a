"""Import WARC and ARC files written by other tools (wget, Heritrix, pywb, older runs) into an archive.

Each file is copied into DATA/warc/ byte for byte (a gzip file whose members do not match its records is
rewritten one member per record, as `warcio recompress` does, and the file as given is kept under
DATA/imported/). Good response and revisit records become captures; each bad record is reported with its
file and offset and remembered, so replay skips it and `verify` knows it. Nothing already in the catalog
changes: a file imported before is skipped, and a record the catalog already holds is not added twice. A
revisit that names no original by record id is linked (`refers_to`) to the original replay finds for it, under
any scheme or the URL it names (catalog/originals.py), once that original is in the catalog (one imported
before too: the only change made to what the catalog held).
Articles are extracted from the imported captures as a crawl extracts them.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from archive.catalog.captures import capture_rows
from archive.catalog.db import Catalog
from archive.catalog.failures import failure_row
from archive.catalog.originals import link_revisits
from archive.dates import utc_now_iso
from archive.ops.extraction import article_rows, extract_captures
from archive.ops.importread import best_reading, is_wacz, read_records_of, unpack_wacz
from archive.ops.importreport import BadRecord, FileImport, ImportReport
from archive.sources import ExtractProfile
from archive.warc import cdxj
from archive.warc.reader import sha256_file
from archive.warc.records import CAPTURED_TYPES, holds_no_http
from archive.warc.salvage import Scanned
from archive.warc.writer import ClosedFile

__all__ = [
    "BadRecord",
    "FileImport",
    "ImportReport",
    "import_files",
    "stored_name",
    "imported_files",
    "recatalog_imports",
]

log = logging.getLogger(__name__)


def stored_name(source: Path, taken: Callable[[str], bool], *, gzip_warc: bool = False) -> str:
    """A name for the copy in DATA/warc: the original's, with a suffix replay tools know, made unique."""
    name = source.name
    match = re.match(r"^(.*?)(\.warc\.gz|\.warc|\.arc\.gz|\.arc)(\..*)?$", name)
    stem, suffix = (match.group(1), match.group(2)) if match else (name, ".warc.gz")
    if gzip_warc:
        suffix = ".warc.gz"
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.") or "imported"
    candidate, n = f"{stem}{suffix}", 1
    while taken(candidate):
        candidate, n = f"{stem}-{n}{suffix}", n + 1
    return candidate


def import_files(
    data_dir: str | Path,
    paths: Iterable[str | Path],
    *,
    source: str | None = None,
    extract: bool = True,
    profiles: dict[str, ExtractProfile] | None = None,
    workers: int = 2,
    on_file: Callable[[FileImport], None] = lambda report: None,
    max_bytes: int = 0,
) -> ImportReport:
    """Import each file; one file's trouble never stops the others. The caller holds the data lock."""
    data_dir = Path(data_dir)
    warc_dir = data_dir / "warc"
    warc_dir.mkdir(parents=True, exist_ok=True)
    catalog = Catalog(data_dir / "catalog.db")
    report = ImportReport()
    extractor = _extractor(profiles or {}, workers, max_bytes) if extract else None
    try:
        for path in _expand(paths):
            if path.is_file() and is_wacz(path):
                results = _import_wacz(catalog, data_dir, path, source, extractor)
            else:
                results = [_import_one(catalog, data_dir, path, source, extractor)]
            for result in results:
                report.files.append(result)
                on_file(result)
    finally:
        catalog.close()
    return report


def _expand(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given; a directory stands for the WARC and ARC files under it."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.name.endswith((*cdxj.WARC_SUFFIXES, ".wacz"))
            )
        else:
            yield path


def _import_wacz(catalog: Catalog, data_dir: Path, path: Path, source: str | None, extractor) -> list:
    """Each WARC file of a WACZ package, imported as if given alone (labelled PACKAGE!archive/NAME); the pages
    its pages.jsonl lists are marked (`via` "wacz-page", their title kept as a hint for extraction)."""
    with tempfile.TemporaryDirectory(prefix="wacz-", dir=data_dir) as work:
        package = unpack_wacz(path, Path(work))
        if package.problem:
            return [FileImport(source=str(path), skipped=package.problem)]
        results = []
        for warc in package.warcs:
            label = f"{path}!archive/{warc.name}"
            results.append(_import_one(catalog, data_dir, warc, source, None, label=label))
    stored = [r.stored_as for r in results if r.stored_as and r.captures]
    for page in package.pages if stored else []:
        title = page.get("title")
        catalog.conn.execute(
            f"UPDATE captures SET via = 'wacz-page', discovery = coalesce(discovery, ?) "
            f"WHERE (url = ? OR normal_url = ?) AND via = 'import' "
            f"AND warc_file IN ({', '.join('?' for _ in stored)})",
            (
                json.dumps({"title": title}, ensure_ascii=False) if title else None,
                page["url"],
                page["url"],
                *stored,
            ),
        )
    catalog.commit()
    if extractor is not None:
        for result in results:
            if result.stored_as and result.captures:
                result.articles = extractor(catalog, data_dir, result.stored_as)
    return results


def _import_one(
    catalog: Catalog, data_dir: Path, path: Path, source: str | None, extractor, *, label: str = ""
) -> FileImport:
    origin = label or str(path.resolve())  # what replay_imports records as the file given
    label = label or str(path)
    result = FileImport(source=label)
    if not path.is_file():
        result.skipped = "not a file"
        return result
    try:
        source_sha = sha256_file(path)
    except OSError as exc:
        result.skipped = f"cannot read: {exc.strerror or exc}"
        return result
    seen = catalog.conn.execute(
        "SELECT warc_file FROM replay_imports WHERE source_sha256 = ? UNION "
        "SELECT name FROM warc_files WHERE sha256 = ?",
        (source_sha, source_sha),
    ).fetchone()
    if seen:
        result.skipped = f"already in the archive as {seen[0]}"
        return result
    with tempfile.TemporaryDirectory(prefix="import-", dir=data_dir) as work:
        reading = best_reading(path, label, Path(work))
        result.bad, result.recompressed = reading.bad, reading.recompressed
        result.truncated = reading.truncated
        if not reading.records:
            result.skipped = "no readable record"
            return result
        name = result.stored_as = _store(catalog, data_dir, path, reading)
        result.records = reading.good
        result.non_http = _non_http(reading.records)
        new = _add_captures(catalog, reading.records, name, source, result)
        added = {row["warc_offset"] for _, row in new}
        infos = {(name, item.info.offset): item.info for item in reading.records}
        result.linked = link_revisits(catalog.conn, data_dir / "warc", new, infos)
        # a flawed record that is no capture of its own (a request, a copy of one cataloged before) is known damage
        for item in reading.records:
            if item.flaw and item.info.offset not in added:
                result.bad.append(BadRecord(label, item.info.offset, item.flaw))
                result.records -= 1
    catalog.conn.executemany(
        "INSERT OR REPLACE INTO replay_import_damage (warc_file, warc_offset, problem) VALUES (?, ?, ?)",
        [(name, bad.offset, bad.problem) for bad in result.bad],
    )
    catalog.commit()
    cdxj.write_index(data_dir, name, skip_offsets=[bad.offset for bad in result.bad])
    if extractor is not None:
        result.articles = extractor(catalog, data_dir, name)
    catalog.conn.execute(
        "INSERT INTO replay_imports (imported_at, source_path, source_sha256, warc_file, recompressed, records, "
        "bad_records, captures, duplicates, articles, truncated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            utc_now_iso(),
            origin,
            source_sha,
            name,
            int(result.recompressed),
            result.records,
            len(result.bad),
            result.captures,
            result.duplicates,
            result.articles,
            result.truncated or None,
        ),
    )
    catalog.commit()
    return result


def _non_http(records: list[Scanned]) -> dict[str, int]:
    """How many responses and revisits of each scheme other than http(s) the file holds (not captures)."""
    counts: dict[str, int] = {}
    for item in records:
        info = item.info
        if info.rec_type in CAPTURED_TYPES and holds_no_http(info.target_uri):
            scheme = info.target_uri.partition(":")[0].lower()
            counts[scheme] = counts.get(scheme, 0) + 1
    return counts


def _store(catalog: Catalog, data_dir: Path, path: Path, reading) -> str:
    """Copy the reading into DATA/warc under a name of its own (and the original, when it was rewritten, under
    DATA/imported/) and list it in warc_files. Returns its name."""
    warc_dir = data_dir / "warc"
    known = {row[0] for row in catalog.conn.execute("SELECT name FROM warc_files")}
    name = stored_name(path, lambda n: n in known or (warc_dir / n).exists(), gzip_warc=reading.recompressed)
    # copied under a temporary name and renamed: a reader never sees half a file
    tmp = warc_dir / f".{name}.importing"
    shutil.copyfile(reading.path, tmp)
    os.replace(tmp, warc_dir / name)
    if reading.recompressed:
        kept = data_dir / "imported" / path.name
        kept.parent.mkdir(parents=True, exist_ok=True)
        if not kept.exists():
            shutil.copyfile(path, kept)
    stored = warc_dir / name
    catalog.file_closed(
        ClosedFile(
            name=name,
            size=stored.stat().st_size,
            sha256=sha256_file(stored),
            records=reading.good + len(reading.bad),
            closed_at=utc_now_iso(),
        )
    )
    return name


def _add_captures(
    catalog: Catalog, records: list[Scanned], name: str, source: str | None, result: FileImport
) -> list[tuple[int, dict]]:
    """A capture for each response or revisit record, identified by its file and offset. A record the catalog
    already holds (the same id, or for ARC the same URL and time, with the same content) is a duplicate and
    not added; an id the catalog holds for a different record is a collision: reported, and the record kept."""
    conn = catalog.conn
    added: list[tuple[int, dict]] = []
    arc_offsets = {item.info.offset for item in records if item.is_arc}
    flaws = {item.info.offset: item.flaw for item in records if item.flaw}
    for row in capture_rows((item.info for item in records), name, None):
        if source:
            row["source"] = source
        row["via"] = row["via"] or "import"
        same = (row["url"], row["fetched_at"], row["payload_digest"], row["record_type"])
        if row["warc_offset"] in arc_offsets:
            row["warc_record_id"] = None  # ARC records have no id; warcio would invent a random one
            holders = conn.execute(
                "SELECT url, fetched_at, payload_digest, record_type, warc_file, warc_offset FROM captures "
                "WHERE url = ? AND fetched_at = ? AND payload_digest = ?",
                same[:3],
            ).fetchall()
        else:
            holders = conn.execute(
                "SELECT url, fetched_at, payload_digest, record_type, warc_file, warc_offset FROM captures "
                "WHERE warc_record_id = ?",
                (row["warc_record_id"],),
            ).fetchall()
        if any(tuple(h[:4]) == same for h in holders):  # a copy (a flawed one too: the catalog has it whole)
            result.duplicates += 1
            continue
        if holders:
            other = holders[0]
            result.collisions.append(
                f"{row['warc_record_id']} @{row['warc_offset']} ({row['url']}) is also the id of "
                f"{other[4]} @{other[5]} ({other[0]})"
            )
        flaw = flaws.get(row["warc_offset"])
        if flaw:
            row["record_flaw"] = flaw
            result.flawed.append(BadRecord(result.source, row["warc_offset"], flaw))
        capture_id = catalog.add_capture(row)
        result.captures += 1
        added.append((capture_id, row))
    for item in records:  # failures the crawl that wrote the file recorded (a no-op for other tools' files)
        failure = failure_row(item.info, name)
        if failure is not None:
            catalog.add_failure(failure)
    catalog.commit()
    return added


def imported_files(conn: sqlite3.Connection) -> set[str]:
    """Names (in DATA/warc) of the files `import` brought in; `reindex` leaves them to `recatalog_imports`."""
    try:
        return {row[0] for row in conn.execute("SELECT warc_file FROM replay_imports")}
    except sqlite3.OperationalError:  # no such table: nothing was ever imported
        return set()


def recatalog_imports(catalog: Catalog, data_dir: str | Path) -> int:
    """For `reindex`, after it emptied captures and warc_files: catalog the imported files again by the rules
    of import (records known to be bad left out, a record the catalog holds not added twice; ARC read as
    WARC). Returns the captures added."""
    data_dir = Path(data_dir)
    damage = cdxj.known_damage(data_dir)
    added = 0
    for name in sorted(imported_files(catalog.conn)):
        path = data_dir / "warc" / name
        if not path.exists():
            continue
        bad = damage.get(name, set())
        good = [
            item
            for item in read_records_of(path)
            if isinstance(item, Scanned) and not item.problem and item.info.offset not in bad
        ]
        result = FileImport(source=name)
        _add_captures(catalog, good, name, None, result)
        catalog.file_closed(  # no commit: reindex rebuilds in one transaction
            ClosedFile(
                name=name,
                size=path.stat().st_size,
                sha256=sha256_file(path),
                records=len(good) + len(bad),
                closed_at=utc_now_iso(),
            ),
            commit=False,
        )
        added += result.captures
    link_revisits(catalog.conn, data_dir / "warc")  # once all are back: an original may be in a later file
    return added


def _extractor(profiles: dict[str, ExtractProfile], workers: int, max_bytes: int = 0):
    """Extract the articles of one imported file's new captures, by the rules reindex follows (pages past
    MAX_BYTES are not extracted)."""

    def run(catalog: Catalog, data_dir: Path, name: str) -> int:
        rows = article_rows(catalog.conn, "warc_file = ? AND extract_status IS NULL", (name,))
        done = extract_captures(
            catalog, data_dir, rows, workers=workers, profiles=profiles, max_bytes=max_bytes
        )
        catalog.commit()
        return done.articles

    return run
