"""Summaries of what an archive holds (for `newsarchive status` and the demo).

Reads only the tables of the first two migrations, so it works on a read-only catalog of any age."""

from __future__ import annotations

from sqlite_utils import Database

__all__ = ["archive_status", "SOURCE_KEYS"]

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
)

_PER_SOURCE = """
WITH c AS (
    SELECT source, count(*) AS captures,
           sum(status >= 400 OR status IS NULL) AS fetch_errors,
           sum(page_kind = 'article' AND extract_status IS NOT NULL AND extract_status != 'ok') AS extract_errors,
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
), s AS (
    SELECT source FROM c UNION SELECT source FROM a
)
SELECT s.source, coalesce(c.captures, 0), coalesce(a.articles, 0), coalesce(v.versions, 0),
       coalesce(v.changed, 0), coalesce(d.duplicates, 0),
       coalesce(c.fetch_errors, 0) + coalesce(c.extract_errors, 0), coalesce(c.fetch_errors, 0),
       coalesce(c.extract_errors, 0), c.last_fetched, d.kinds
FROM s LEFT JOIN c ON c.source IS s.source LEFT JOIN a ON a.source IS s.source
LEFT JOIN v ON v.source IS s.source LEFT JOIN d ON d.source IS s.source
ORDER BY s.source
"""


def archive_status(db: Database) -> dict:
    """The last crawl, WARC totals, and per source: captures, articles, versions (rows of article_versions,
    the first text included), changed (articles with more than one version), duplicates (links from this
    source's articles, also by kind), errors (HTTP >= 400 or no response, plus article pages that yielded no
    article) and the last fetch."""
    conn = db.conn
    last = conn.execute(
        "SELECT id, started_at, finished_at, finish_reason, sources FROM crawls ORDER BY id DESC LIMIT 1"
    ).fetchone()
    files, size = conn.execute("SELECT count(*), coalesce(sum(size), 0) FROM warc_files").fetchone()
    sources = []
    for row in conn.execute(_PER_SOURCE):
        entry = dict(zip(SOURCE_KEYS, row, strict=True))
        kinds: dict[str, int] = {}
        for kind in (entry["duplicates_by_kind"] or "").split(","):
            if kind:
                kinds[kind] = kinds.get(kind, 0) + 1
        entry["duplicates_by_kind"] = dict(sorted(kinds.items()))
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
    }
