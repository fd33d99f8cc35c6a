"""Rebuild the catalog from the WARC files, which are the source of truth, and re-extract every article
with the current extractor (so an extractor upgrade never needs a re-crawl)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from archive.catalog.articles import reset_article_index
from archive.catalog.captures import index_file, recover_open_files
from archive.catalog.db import Catalog
from archive.dates import utc_now_iso
from archive.ops.extraction import article_rows, extract_captures
from archive.ops.importing import imported_files, recatalog_imports
from archive.ops.lock import DataLock
from archive.sources import ExtractProfile
from archive.warc.cdxj import LineCollector, rebuild_indexes
from archive.warc.reader import RecordDamage, sha256_file
from archive.warc.recordlist import RecordList
from archive.warc.writer import ClosedFile

__all__ = ["ReindexReport", "reindex"]

log = logging.getLogger(__name__)

# Tables whose every row is derived from the WARC files; `crawls` is kept (it holds what no WARC says).
DERIVED_TABLES = (
    "duplicates",
    "article_versions",
    "images",
    "articles",
    "captures",
    "failures",
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


def reindex(
    data_dir: str | Path,
    *,
    workers: int = 2,
    profiles: dict[str, ExtractProfile] | None = None,
    progress: Callable[[str], None] = lambda message: None,
    max_bytes: int = 0,
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
            rows = article_rows(catalog.conn)
            progress(f"extracting {len(rows)} article captures with {workers} worker(s)")
            done = extract_captures(
                catalog, data_dir, rows, workers=workers, profiles=profiles, max_bytes=max_bytes
            )
            report.articles, report.rejected, report.extractor_version = (
                done.articles,
                done.rejected,
                done.version,
            )
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
