"""Rebuild the catalog from the WARC files, which are the source of truth, and re-extract every article
with the current extractor (so an extractor upgrade never needs a re-crawl)."""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from archive.catalog.articles import ArticleStore, reset_article_index
from archive.catalog.captures import index_file, recover_open_files
from archive.catalog.db import Catalog
from archive.dates import utc_now_iso
from archive.discovery.pagekinds import url_kind
from archive.ops.extraction import decode_body, extract_job
from archive.ops.importing import imported_files, recatalog_imports
from archive.ops.lock import DataLock
from archive.processes import guard_parent, parent_token
from archive.sources import ExtractProfile
from archive.warc.cdxj import LineCollector, rebuild_indexes
from archive.warc.reader import RecordDamage, read_record, sha256_file
from archive.warc.recordlist import RecordList
from archive.warc.writer import ClosedFile

__all__ = ["ReindexReport", "reindex", "extract_captures", "article_jobs"]

log = logging.getLogger(__name__)

_CHUNK = 128  # article captures read and extracted together

# Tables whose every row is derived from the WARC files; `crawls` is kept (it holds what no WARC says).
DERIVED_TABLES = (
    "duplicates",
    "article_versions",
    "images",
    "articles",
    "captures",
    "warc_record_lists",
    "warc_files",
)


@dataclass
class ReindexReport:
    files: int = 0
    captures: int = 0
    articles: int = 0
    rejected: dict[str, int] = field(default_factory=dict)
    damage: list[str] = field(default_factory=list)
    extractor_version: str = ""


def _extractor():
    try:
        from archive.extract import core as extraction
    except ImportError:
        return None, ""
    return extraction.extract, getattr(extraction, "EXTRACTOR_VERSION", "")


def article_jobs(
    data_dir: Path, rows: Iterable[tuple], profiles: dict[str, ExtractProfile]
) -> Iterator[tuple[int, str, str, str, tuple | None, str]]:
    """(capture id, source, url, fetched_at, job or None, problem) for each article capture."""
    for capture_id, source, url, fetched_at, warc_file, offset, length, content_type, discovery in rows:
        got = read_record(data_dir / "warc" / warc_file, offset, length)
        if got.problem:
            yield capture_id, source, url, fetched_at, None, "unreadable_record"
            continue
        try:
            body = decode_body(got.info.payload or b"", got.info.http_header("content-encoding"))
        except (zlib.error, ValueError, ImportError):
            yield capture_id, source, url, fetched_at, None, "undecodable_body"
            continue
        hints = (
            json.loads(discovery) if discovery else None
        )  # what the feed or sitemap said, as at crawl time
        job = (body, url, content_type or "", profiles.get(source), hints)
        yield capture_id, source, url, fetched_at, job, ""


def extract_captures(
    catalog: Catalog,
    data_dir: Path,
    rows: list[tuple],
    *,
    workers: int = 2,
    profiles: dict[str, ExtractProfile] | None = None,
    report: ReindexReport | None = None,
) -> ReindexReport:
    """Extract the article of each capture row (id, source, url, fetched_at, warc_file, offset, length,
    content_type, discovery) in a process pool with its source's profile and the hints discovery recorded,
    and store the results through ArticleStore, in capture order."""
    report = report or ReindexReport()
    extract, version = _extractor()
    report.extractor_version = version
    if extract is None:
        log.warning("no extractor installed: captures are indexed, articles are not extracted")
        return report
    store = ArticleStore(catalog.db, extractor_version=version)

    def store_chunk(jobs: list, futures: list) -> None:
        for (capture_id, source, url, fetched_at, _, problem), future in zip(jobs, futures, strict=True):
            extraction = future.result() if future is not None else {"reason": problem}
            reason = (extraction.get("reason") or "").split(":")[0]
            if reason:
                report.rejected[reason] = report.rejected.get(reason, 0) + 1
            else:
                store.upsert(
                    capture_id=capture_id,
                    source=source,
                    url=url,
                    fetched_at=fetched_at,
                    extraction=extraction,
                )
                report.articles += 1
            catalog.conn.execute(
                "UPDATE captures SET extract_status = ? WHERE id = ?", (reason or "ok", capture_id)
            )

    with ProcessPoolExecutor(
        max_workers=max(1, workers), initializer=guard_parent, initargs=(parent_token(),)
    ) as pool:
        # A chunk at a time, so memory holds a few hundred pages, never the archive; the next chunk is read
        # and handed to the workers before this one is stored, so the pool never waits for the catalog.
        waiting: tuple[list, list] | None = None
        for start in range(0, len(rows), _CHUNK):
            jobs = list(article_jobs(data_dir, rows[start : start + _CHUNK], profiles or {}))
            futures = [pool.submit(extract_job, job) if job is not None else None for *_, job, _ in jobs]
            if waiting is not None:
                store_chunk(*waiting)
            waiting = (jobs, futures)
        if waiting is not None:
            store_chunk(*waiting)
    return report


def _article_rows(catalog: Catalog) -> list[tuple]:
    rows = catalog.conn.execute(
        "SELECT id, source, url, fetched_at, warc_file, warc_offset, warc_length, content_type, discovery, page_kind "
        "FROM captures WHERE record_type = 'response' AND status = 200 "
        "AND (content_type LIKE '%html%' OR content_type IS NULL) ORDER BY fetched_at, id"
    ).fetchall()
    # pages the crawler marked as articles; for captures without that mark (imported), the URL decides
    return [
        row[:9] for row in rows if row[9] == "article" or (row[9] is None and url_kind(row[2]) == "article")
    ]


def reindex(
    data_dir: str | Path,
    *,
    workers: int = 2,
    profiles: dict[str, ExtractProfile] | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> ReindexReport:
    """Rebuild captures, WARC files, articles and their links from DATA/warc, in one transaction: a failure
    leaves the old catalog as it was. `profiles` are the sources' extraction profiles, by source name."""
    data_dir = Path(data_dir)
    warc_dir = data_dir / "warc"
    lock = DataLock.acquire(data_dir)
    report = ReindexReport()
    made: dict[str, list[str]] = {}  # CDXJ lines of the files read whole
    try:
        catalog = Catalog(data_dir / "catalog.db", batch_size=10**12, batch_seconds=float("inf"))
        try:
            recover_open_files(warc_dir, catalog)
            conn = catalog.conn
            for table in DERIVED_TABLES:
                conn.execute(f"DELETE FROM {table}")
            reset_article_index(
                conn
            )  # URL map, near-duplicate buckets and the search index go with the articles
            imported = imported_files(conn)  # other tools' files: recataloged by import's own rules below
            names = sorted(p.name for p in warc_dir.glob("*.warc.gz")) if warc_dir.exists() else []
            for name in (n for n in names if n not in imported):
                path = warc_dir / name
                counts: dict[str, int] = {}
                lines = LineCollector(name)  # the CDXJ index, from the same pass over the file
                listing = RecordList()  # and the record list verify reads instead of the file

                def seen(record, offset: int, length: int, lines=lines, listing=listing) -> None:
                    lines.add(record, offset, length)
                    listing.add(record, offset, length)

                added, damage = index_file(
                    catalog, path, name, None, known=set(), commit=False, counts=counts, on_record=seen
                )
                if lines.complete and not damage:
                    made[name] = lines.lines
                report.files += 1
                report.captures += added
                report.damage.extend(
                    f"{name} @{d.offset}: {d.problem}" for d in damage if isinstance(d, RecordDamage)
                )
                closed = ClosedFile(
                    name, path.stat().st_size, sha256_file(path), counts["records"], utc_now_iso()
                )
                catalog.file_closed(closed, commit=False)
                packed = listing.packed() if not damage else None
                if packed is not None and listing.count == closed.records:
                    catalog.record_list_made(name, closed.sha256, listing.count, packed, commit=False)
                progress(f"indexed {name}: {added} captures")
            report.captures += recatalog_imports(catalog, data_dir)
            _link_crawls(conn)
            rows = _article_rows(catalog)
            progress(f"extracting {len(rows)} article captures with {workers} worker(s)")
            extract_captures(catalog, data_dir, rows, workers=workers, profiles=profiles, report=report)
            catalog.commit()
        except BaseException:
            catalog.conn.rollback()
            raise
        finally:
            catalog.close()
        rebuild_indexes(data_dir, made)
    finally:
        lock.release()
    return report


def _link_crawls(conn) -> None:
    """Captures name their crawl (from the metadata record); crawls unknown to this catalog get a row."""
    conn.execute(
        "INSERT OR IGNORE INTO crawls (id, started_at, finished_at, finish_reason) "
        "SELECT crawl_id, min(fetched_at), max(fetched_at), 'reindexed' FROM captures "
        "WHERE crawl_id IS NOT NULL AND crawl_id NOT IN (SELECT id FROM crawls) GROUP BY crawl_id"
    )
    conn.execute(
        "UPDATE warc_files SET crawl_id = (SELECT min(crawl_id) FROM captures WHERE captures.warc_file = warc_files.name)"
    )
