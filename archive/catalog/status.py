"""Summaries of what an archive holds (for `newsarchive status` and the demo).

Reads the tables of the first two migrations, and `failures` when it is there, so it works on a read-only catalog
of any age."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database

__all__ = ["archive_status", "failures_by_reason", "SOURCE_KEYS"]

SOURCE_KEYS = (
    "source",
    "captures",
    "articles",
    "versions",
    "changed",
    "duplicates",
    "errors",
    "fetch_errors",
    "extract_errors",
    "last_fetched",
    "duplicates_by_kind",
    "failures",
)

_PER_SOURCE = """
WITH c AS (
    SELECT source, count(*) AS captures,
           sum(status >= 400 OR status IS NULL) AS fetch_errors,
           sum(page_kind = 'article' AND extract_status NOT IN ('ok', 'truncated')) AS extract_errors,
           max(fetched_at) AS last_fetched
    FROM captures GROUP BY source
), a AS (
    SELECT source, count(*) AS articles FROM articles GROUP BY source
), v AS (
    SELECT articles.source, count(*) AS versions, count(DISTINCT CASE WHEN version > 1 THEN article_id END) AS changed
    FROM article_versions JOIN articles ON articles.id = article_versions.article_id GROUP BY articles.source
), d AS (
    SELECT articles.source, count(*) AS duplicates,
           group_concat(kind) AS kinds
    FROM duplicates JOIN articles ON articles.id = duplicates.article_id GROUP BY articles.source
), f AS (
    {failures}
), s AS (
    SELECT source FROM c UNION SELECT source FROM a UNION SELECT source FROM f
)
SELECT s.source, coalesce(c.captures, 0), coalesce(a.articles, 0), coalesce(v.versions, 0),
       coalesce(v.changed, 0), coalesce(d.duplicates, 0),
       coalesce(c.fetch_errors, 0) + coalesce(c.extract_errors, 0) + coalesce(f.failures, 0),
       coalesce(c.fetch_errors, 0),
       coalesce(c.extract_errors, 0), c.last_fetched, d.kinds, coalesce(f.failures, 0)
FROM s LEFT JOIN c ON c.source IS s.source LEFT JOIN a ON a.source IS s.source
LEFT JOIN v ON v.source IS s.source LEFT JOIN d ON d.source IS s.source LEFT JOIN f ON f.source IS s.source
ORDER BY s.source
"""
_FAILURES = "SELECT source, count(*) AS failures FROM failures GROUP BY source"
_NO_FAILURES = "SELECT NULL AS source, 0 AS failures WHERE 0"


def _has_failures(conn: sqlite3.Connection) -> bool:
    return (
        conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'failures'").fetchone()
        is not None
    )


def failures_by_reason(
    conn: sqlite3.Connection, crawl_id: int | None = None, *, source: str | None = None
) -> dict[str, int]:
    """{reason: count} of the fetches that failed without a complete response (the `failures` table), in one
    crawl or all, for one source or all; most frequent first. Empty for a catalog older than the table."""
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


def archive_status(db: Database) -> dict:
    """The last crawl, WARC totals, and per source: captures, articles, versions (rows of article_versions,
    the first text included), changed (articles with more than one version), duplicates (links from this
    source's articles, also by kind), errors (HTTP >= 400, article pages that yielded no article, and
    failures), failures (fetches without a complete response; by reason in `failures_by_reason`) and the last
    fetch. A source whose every fetch failed has a row too."""
    conn = db.conn
    per_source = _PER_SOURCE.format(failures=_FAILURES if _has_failures(conn) else _NO_FAILURES)
    last = conn.execute(
        "SELECT id, started_at, finished_at, finish_reason, sources FROM crawls ORDER BY id DESC LIMIT 1"
    ).fetchone()
    files, size = conn.execute("SELECT count(*), coalesce(sum(size), 0) FROM warc_files").fetchone()
    sources = []
    for row in conn.execute(per_source):
        entry = dict(zip(SOURCE_KEYS, row, strict=True))
        kinds: dict[str, int] = {}
        for kind in (entry["duplicates_by_kind"] or "").split(","):
            if kind:
                kinds[kind] = kinds.get(kind, 0) + 1
        entry["duplicates_by_kind"] = dict(sorted(kinds.items()))
        entry["failures_by_reason"] = (
            failures_by_reason(conn, source=entry["source"]) if entry["failures"] else {}
        )
        sources.append(entry)
    return {
        "last_crawl": dict(
            zip(("id", "started_at", "finished_at", "finish_reason", "sources"), last, strict=True)
        )
        if last
        else None,
        "warc_files": files,
        "warc_bytes": size,
        "sources": sources,
        "failures_by_reason": failures_by_reason(conn),
        "last_crawl_failures": failures_by_reason(conn, last[0]) if last else {},
    }
