"""Rebuild the catalog from the WARC files, which are the source of truth, and re-extract every article
with the current extractor (so an extractor upgrade never needs a re-crawl)."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from archive.catalog.articles import reset_article_index
from archive.catalog.captures import index_file, recover_open_files
from archive.catalog.db import Catalog
from archive.catalog.health import catalog_problem, damaged
from archive.dates import utc_now_iso
from archive.ops.extraction import Extracted, ExtractionRun, article_rows, extract_captures
from archive.ops.importing import imported_files, recatalog_imports
from archive.ops.lock import DataLock
from archive.sources import ExtractProfile
from archive.warc.cdxj import LineCollector, rebuild_indexes
from archive.warc.reader import RecordDamage, iter_records, sha256_file
from archive.warc.recordlist import RecordList
from archive.warc.records import parse_warc_fields
from archive.warc.writer import ClosedFile

__all__ = ["ReindexReport", "reindex", "set_aside", "warcinfo_fields"]

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
    set_aside: Path | None = None  # where a damaged catalog was moved


def reindex(
    data_dir: str | Path,
    *,
    workers: int = 2,
    profiles: dict[str, ExtractProfile] | None = None,
    progress: Callable[[str], None] = lambda message: None,
    max_bytes: int = 0,
) -> ReindexReport:
    """Rebuild captures, failures, WARC files, articles and their links from DATA/warc, in one transaction: a
    failure leaves the old catalog as it was. `profiles` are the sources' extraction profiles, by source name.

    A damaged catalog (not a database, cut short, or damage met on the way) is moved aside, never deleted
    (`report.set_aside`), and a new one is built; crawls the WARC files name get their rows back from the
    files' warcinfo records (sources, software, user agent, operator)."""
    data_dir = Path(data_dir)
    path = data_dir / "catalog.db"
    lock = DataLock.acquire(data_dir)
    report = ReindexReport()
    try:
        if catalog_problem(path):
            report.set_aside = set_aside(path)
            progress(f"the catalog was damaged: moved aside to {report.set_aside.name}")
        try:
            _rebuild(data_dir, report, workers, profiles, progress, max_bytes)
        except Exception as exc:
            if not damaged(exc) or report.set_aside:
                raise
            report.set_aside = set_aside(path)  # damage deeper in than the header: start again on a new file
            progress(f"the catalog was damaged ({exc}): moved aside to {report.set_aside.name}")
            report.files = report.captures = 0
            report.damage.clear()
            _rebuild(data_dir, report, workers, profiles, progress, max_bytes)
    finally:
        lock.release()
    return report


def set_aside(path: Path) -> Path:
    """Move a damaged catalog (and its -wal and -shm files) to catalog.db.damaged-STAMP beside it."""
    stamp = utc_now_iso().replace("-", "").replace(":", "")[:15]
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        here = path.with_name(path.name + suffix)
        if here.exists():
            os.replace(here, target.with_name(target.name + suffix))
    return target


def _rebuild(data_dir: Path, report: ReindexReport, workers, profiles, progress, max_bytes: int) -> None:
    warc_dir = data_dir / "warc"
    made: dict[str, list[str]] = {}  # CDXJ lines of the files read whole
    catalog = Catalog(data_dir / "catalog.db", batch_size=10**12, batch_seconds=float("inf"))
    stream: _Streamed | None = None
    try:
        recover_open_files(warc_dir, catalog)
        conn = catalog.conn
        for table in DERIVED_TABLES:
            conn.execute(f"DELETE FROM {table}")
        reset_article_index(conn)  # URL map, near-duplicate buckets and the search index go with the articles
        imported = imported_files(conn)  # other tools' files: recataloged by import's own rules below
        names = sorted(p.name for p in warc_dir.glob("*.warc.gz")) if warc_dir.exists() else []
        crawls: dict[int, dict] = {}  # what the warcinfo records say of each crawl
        extract = dict(workers=workers, profiles=profiles, max_bytes=max_bytes)
        # Our own files are extracted while they are read; other tools' files hold older captures, which
        # would arrive out of fetch order: with those, everything is extracted after reading, in fetch order.
        stream = _Streamed(catalog, data_dir, **extract) if not imported else None
        for name in (n for n in names if n not in imported):
            _index_one(catalog, warc_dir / name, name, report, made, crawls, stream)
            progress(f"indexed {name}")
        report.captures += recatalog_imports(catalog, data_dir)
        report.files += sum(1 for name in imported if (warc_dir / name).exists())  # other tools' files too
        _link_crawls(conn, crawls)
        done = stream.finish() if stream is not None else None
        if stream is not None and done is None:
            progress(
                f"{stream.run.older_arrivals} capture(s) of an article came after a newer one: "
                "extracting again in fetch order"
            )
            _forget_articles(conn)
        if done is None:
            rows = article_rows(catalog.conn)
            progress(f"extracting {len(rows)} article captures with {workers} worker(s)")
            done = extract_captures(catalog, data_dir, rows, **extract)
        report.articles, report.rejected, report.extractor_version = (
            done.articles,
            done.rejected,
            done.version,
        )
        catalog.commit()
    except BaseException:
        if stream is not None:
            stream.run.close(cancel=True)
        catalog.conn.rollback()
        raise
    finally:
        if stream is not None:
            stream.run.close()
        catalog.close()
    rebuild_indexes(data_dir, made)


class _Streamed:
    """reindex's extraction while the files are read: after every few hundred captures indexed, the article
    captures among them go to the workers (ExtractionRun), so that reading, indexing and storing share the
    time the workers extract in, instead of coming before it.

    Articles are stored in file order, not in the fetch order of the whole archive that extract_captures
    follows. The two give the same catalog (the duplicate links do not depend on the order; the article ids
    may differ) unless a capture of an article comes after a newer capture of it (ArticleStore's
    `older_arrivals`: versions and first_seen would differ). finish() then returns None, and reindex
    extracts everything again in fetch order: correct, at twice the cost, for archives whose files overlap
    in time (shards of a shared crawl, say)."""

    def __init__(self, catalog: Catalog, data_dir: Path, **extract):
        self.conn = catalog.conn
        self.run = ExtractionRun(catalog, data_dir, **extract)
        self.last = 0  # the last capture id handed on (the table was just emptied)

    def _top(self) -> int:
        return self.conn.execute("SELECT coalesce(max(id), 0) FROM captures").fetchone()[0]

    def take(self) -> None:
        top = self._top()
        if top > self.last:
            self.run.add(article_rows(self.conn, "id > ? AND id <= ?", (self.last, top)))
            self.last = top

    def finish(self) -> Extracted | None:
        self.take()
        done = self.run.finish()
        return None if self.run.older_arrivals else done


def _forget_articles(conn) -> None:
    """Undo what an extraction stored (articles, their links and versions, the captures' extract_status)."""
    for table in ("duplicates", "article_versions", "images", "articles"):
        conn.execute(f"DELETE FROM {table}")
    reset_article_index(conn)
    conn.execute("UPDATE captures SET extract_status = NULL WHERE truncated IS NULL")


def _index_one(
    catalog: Catalog,
    path: Path,
    name: str,
    report: ReindexReport,
    made: dict,
    crawls: dict,
    stream: _Streamed | None = None,
) -> None:
    counts: dict[str, int] = {}
    lines = LineCollector(name)  # the CDXJ index, from the same pass over the file
    listing = RecordList()  # and the record list verify reads instead of the file
    added, damage = index_file(
        catalog,
        path,
        name,
        None,
        known=set(),
        commit=False,
        counts=counts,
        collectors=(lines, listing),
        on_batch=stream.take if stream is not None else None,
    )
    if lines.complete and not damage:
        made[name] = lines.lines
    report.files += 1
    report.captures += added
    report.damage.extend(f"{name} @{d.offset}: {d.problem}" for d in damage if isinstance(d, RecordDamage))
    closed = ClosedFile(name, path.stat().st_size, sha256_file(path), counts["records"], utc_now_iso())
    catalog.file_closed(closed, commit=False)
    packed = listing.packed() if not damage else None
    if packed is not None and listing.count == closed.records:
        catalog.record_list_made(name, closed.sha256, listing.count, packed, commit=False)
    info = warcinfo_fields(path)
    crawl = str(info.get("crawl-id") or "")
    if crawl.isdigit():
        crawls.setdefault(int(crawl), info)


def warcinfo_fields(path: Path) -> dict:
    """The fields of a WARC file's warcinfo record (its first), or {}."""
    for item in iter_records(path, keep_payload=True):
        if isinstance(item, RecordDamage) or item.rec_type != "warcinfo":
            return {}
        return parse_warc_fields(item.payload or b"")
    return {}


def _link_crawls(conn, crawls: dict[int, dict]) -> None:
    """Captures name their crawl (from the metadata record); crawls unknown to this catalog get a row, with what
    the warcinfo records of their files say (a catalog rebuilt from nothing keeps the crawl history)."""
    conn.execute(
        "INSERT OR IGNORE INTO crawls (id, started_at, finished_at, finish_reason) "
        "SELECT crawl_id, min(at), max(at), 'reindexed' FROM (SELECT crawl_id, fetched_at AS at FROM captures "
        "UNION ALL SELECT crawl_id, failed_at FROM failures) WHERE crawl_id IS NOT NULL "
        "AND crawl_id NOT IN (SELECT id FROM crawls) GROUP BY crawl_id"
    )
    for crawl_id, info in crawls.items():
        sources = [s.strip() for s in str(info.get("sources") or "").split(",") if s.strip()]
        settings = {
            "USER_AGENT": info.get("http-header-user-agent"),
            "ROBOTSTXT_OBEY": info.get("robots") == "obey" if info.get("robots") else None,
            "WARC_OPERATOR": info.get("operator"),
        }
        conn.execute(
            "UPDATE crawls SET sources = coalesce(sources, ?), software = coalesce(software, ?), "
            "settings = coalesce(settings, ?) WHERE id = ? AND finish_reason = 'reindexed'",
            (
                json.dumps(sources, ensure_ascii=False),
                info.get("software-versions") or None,
                json.dumps({k: v for k, v in settings.items() if v is not None}, sort_keys=True),
                crawl_id,
            ),
        )
    conn.execute(
        "UPDATE warc_files SET crawl_id = (SELECT min(crawl_id) FROM captures WHERE captures.warc_file = warc_files.name)"
    )
