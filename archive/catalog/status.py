"""Summaries of what an archive holds (for `newsarchive status`, the report and the demo).

Reads only the tables of the first two migrations, so it works on a read-only catalog of any age. Failures
and WARC sizes come from archive.catalog.summary, so that every command prints the same figures."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from archive.catalog.summary import crawl_sources, failures, warc_files

__all__ = ["archive_status", "failures_by_reason", "SOURCE_KEYS"]

SOURCE_KEYS = (
    "source",
    "captures",
    "articles",
    "newest_article",
    "versions",
    "changed",
    "duplicates",
    "errors",
    "fetch_errors",
    "extract_errors",
    "last_fetched",
    "duplicates_by_kind",
)  # and, from the `failures` table: failures, failures_by_reason

_PER_SOURCE = """
WITH c AS (
    SELECT source, count(*) AS captures, max(fetched_at) AS last_fetched FROM captures GROUP BY source
), a AS (
    SELECT source, count(*) AS articles, max(coalesce(published, first_seen)) AS newest
    FROM articles GROUP BY source
), v AS (
    SELECT articles.source, count(*) AS versions, count(DISTINCT CASE WHEN version > 1 THEN article_id END) AS changed
    FROM article_versions JOIN articles ON articles.id = article_versions.article_id GROUP BY articles.source
), d AS (
    SELECT articles.source, count(*) AS duplicates,
           group_concat(duplicates.kind) AS kinds
    FROM duplicates JOIN articles ON articles.id = duplicates.article_id GROUP BY articles.source
), s AS (
    SELECT source FROM c UNION SELECT source FROM a {failed_sources}
)
SELECT s.source, coalesce(c.captures, 0), coalesce(a.articles, 0), a.newest, coalesce(v.versions, 0),
       coalesce(v.changed, 0), coalesce(d.duplicates, 0), 0, 0, 0, c.last_fetched, d.kinds
FROM s LEFT JOIN c ON c.source IS s.source LEFT JOIN a ON a.source IS s.source
LEFT JOIN v ON v.source IS s.source LEFT JOIN d ON d.source IS s.source
ORDER BY s.source
"""


def failures_by_reason(
    conn: sqlite3.Connection, crawl_id: int | None = None, *, source: str | None = None
) -> dict[str, int]:
    """{reason: count} of the fetches that failed without a complete response (the `failures` table), in one
    crawl or all, for one source or all; most frequent first. Empty for a catalog older than the table.
    (summary.failures() adds the HTTP errors and the pages that yielded no article.)"""
    if not _has_failures(conn):
        return {}
    where, args = [], []
    if crawl_id is not None:
        where.append("crawl_id = ?")
        args.append(crawl_id)
    if source is not None:
        where.append("source IS ?")
        args.append(source)
    rows = conn.execute(
        "SELECT reason, count(*) FROM failures"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " GROUP BY reason ORDER BY count(*) DESC, reason",
        args,
    )
    return {reason: count for reason, count in rows}


def _has_failures(conn: sqlite3.Connection) -> bool:
    return (
        conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'failures'").fetchone()
        is not None
    )


def archive_status(db: Database, data_dir: str | Path | None = None) -> dict:
    """The last crawl, WARC totals (with DATA_DIR, open files at their size on disk), and per source:
    captures, articles, the newest article (stated publication date, else first capture), versions (rows of
    article_versions, the first text included), changed (articles with more than one version), duplicates
    (links from this source's articles, also by kind), errors (summary.failures(): HTTP >= 400, fetches
    without a complete response, article pages that yielded no article; also by reason) and the last fetch.
    A source whose every fetch failed has a row too."""
    conn = db.conn
    last = conn.execute(
        "SELECT id, started_at, finished_at, finish_reason, sources FROM crawls ORDER BY id DESC LIMIT 1"
    ).fetchone()
    files = warc_files(conn, data_dir)
    errors: dict[str | None, tuple[int, int]] = {}
    all_failures = failures(conn)
    for failure in all_failures:
        fetch, extract = errors.get(failure.source, (0, 0))
        if failure.reason.startswith("extraction:"):
            extract += failure.count
        else:
            fetch += failure.count
        errors[failure.source] = (fetch, extract)
    sources = []
    has_failures = _has_failures(conn)
    per_source = _PER_SOURCE.format(
        failed_sources="UNION SELECT source FROM failures" if has_failures else ""
    )
    for row in conn.execute(per_source):
        entry = dict(zip(SOURCE_KEYS, row, strict=True))
        kinds: dict[str, int] = {}
        for kind in (entry["duplicates_by_kind"] or "").split(","):
            if kind:
                kinds[kind] = kinds.get(kind, 0) + 1
        entry["duplicates_by_kind"] = dict(sorted(kinds.items()))
        entry["fetch_errors"], entry["extract_errors"] = errors.get(entry["source"], (0, 0))
        entry["errors"] = entry["fetch_errors"] + entry["extract_errors"]
        entry["failures_by_reason"] = failures_by_reason(conn, source=entry["source"]) if has_failures else {}
        entry["failures"] = sum(entry["failures_by_reason"].values())
        sources.append(entry)
    last_crawl = None
    if last:
        last_crawl = dict(
            zip(("id", "started_at", "finished_at", "finish_reason", "sources"), last, strict=True)
        )
        last_crawl["sources"] = crawl_sources(conn, last[0], last[4])
    return {
        "last_crawl": last_crawl,
        "warc_files": len(files),
        "warc_bytes": sum(f["size"] for f in files),
        "open_warc_files": sum(f["open"] for f in files),
        "sources": sources,
        "failures_by_reason": failures_by_reason(conn),
        "last_crawl_failures": failures_by_reason(conn, last[0]) if last else {},
    }
