"""Summaries of what an archive holds (for `newsarchive status` and the demo)."""

from __future__ import annotations

from sqlite_utils import Database

__all__ = ["archive_status"]


def archive_status(db: Database) -> dict:
    conn = db.conn
    last = conn.execute(
        "SELECT id, started_at, finished_at, finish_reason, sources FROM crawls ORDER BY id DESC LIMIT 1"
    ).fetchone()
    files, size = conn.execute("SELECT count(*), coalesce(sum(size), 0) FROM warc_files").fetchone()
    rows = conn.execute(
        """
        WITH c AS (
            SELECT source, count(*) AS captures, sum(status >= 400 OR status IS NULL) AS errors,
                   max(fetched_at) AS last_fetched
            FROM captures GROUP BY source
        ), a AS (
            SELECT source, count(*) AS articles FROM articles GROUP BY source
        ), v AS (
            SELECT articles.source, count(*) AS versions FROM article_versions
            JOIN articles ON articles.id = article_versions.article_id GROUP BY articles.source
        ), d AS (
            SELECT articles.source, count(*) AS duplicates FROM duplicates
            JOIN articles ON articles.id = duplicates.article_id GROUP BY articles.source
        )
        SELECT c.source, c.captures, coalesce(a.articles, 0), coalesce(v.versions, 0),
               coalesce(d.duplicates, 0), coalesce(c.errors, 0), c.last_fetched
        FROM c LEFT JOIN a ON a.source IS c.source LEFT JOIN v ON v.source IS c.source
        LEFT JOIN d ON d.source IS c.source
        ORDER BY c.source
        """
    ).fetchall()
    keys = ("source", "captures", "articles", "versions", "duplicates", "errors", "last_fetched")
    return {
        "last_crawl": dict(
            zip(("id", "started_at", "finished_at", "finish_reason", "sources"), last, strict=True)
        )
        if last
        else None,
        "warc_files": files,
        "warc_bytes": size,
        "sources": [dict(zip(keys, row, strict=True)) for row in rows],
    }
