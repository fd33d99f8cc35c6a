"""What one crawl added to an archive, and what the archive holds: the figures the end of every crawl, the
demo, `status` and `report` print, from one place so that they agree.

- `failures()` is the one reader of failures: HTTP errors and article pages that yielded no article (from
  `captures`), and fetches that ended without a complete response (the `failures` table: timeouts, resets,
  DNS, truncations, size limits, robots refusals).
- `warc_files()` gives every WARC file with its real size, an open file's read from the disk.

Tolerant of catalogs where extraction has not filled articles or images yet."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any, NamedTuple

from sqlite_utils import Database

__all__ = ["crawl_summary", "failures", "Failure", "by_reason", "warc_files", "crawl_sources", "OPEN_SUFFIX"]

OPEN_SUFFIX = ".open"  # archive.warc.writer's: a file being written (catalog never imports warc)


class Failure(NamedTuple):
    source: str | None
    reason: str  # "HTTP 404", "no response", "extraction: too_short", ...
    count: int


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


# One reason per capture: an HTTP error first, else what extraction said of an article page.
_FAILURE_REASON = """CASE
    WHEN status IS NULL THEN 'no response'
    WHEN status >= 400 THEN 'HTTP ' || status
    WHEN page_kind = 'article' AND extract_status IS NOT NULL AND extract_status NOT IN ('ok', 'truncated')
        THEN 'extraction: ' || extract_status
END"""


def failures(
    conn: sqlite3.Connection, *, crawl_id: int | None = None, since: str | None = None
) -> list[Failure]:
    """Failures by source and reason, of one crawl or of the whole archive (fetched on or after SINCE, an ISO
    date). Most frequent first. A truncated response counts once, as its `failures` row."""
    where, params = ["reason IS NOT NULL"], []
    if crawl_id is not None:
        where.append("crawl_id = ?")
        params.append(crawl_id)
    if since:
        where.append("fetched_at >= ?")
        params.append(since)
    rows = f"SELECT source, crawl_id, fetched_at, {_FAILURE_REASON} AS reason FROM captures"
    if "reason" in _columns(conn, "failures"):
        rows += " UNION ALL SELECT source, crawl_id, failed_at, reason FROM failures"
    found = conn.execute(
        f"SELECT source, reason, count(*) FROM ({rows}) WHERE {' AND '.join(where)} "
        "GROUP BY source, reason ORDER BY count(*) DESC, reason",
        params,
    )
    return [Failure(*row) for row in found]


def by_reason(rows: list[Failure]) -> dict[str, int]:
    out: dict[str, int] = {}
    for row in rows:
        out[row.reason] = out.get(row.reason, 0) + row.count
    return dict(sorted(out.items(), key=lambda item: (-item[1], item[0])))


def warc_files(conn: sqlite3.Connection, data_dir: str | Path | None = None) -> list[dict[str, Any]]:
    """Every WARC file of the catalog: name, crawl_id, size, records, open. A file still being written (or
    left by a killed run) has no size in the catalog until it closes: its size on disk is given instead."""
    warc_dir = Path(data_dir) / "warc" if data_dir is not None else None
    out = []
    for name, crawl_id, size, records, closed in conn.execute(
        "SELECT name, crawl_id, size, records, closed_at FROM warc_files ORDER BY name"
    ):
        is_open = closed is None
        if (is_open or size is None) and warc_dir is not None:
            for path in (warc_dir / (name + OPEN_SUFFIX), warc_dir / name):
                try:
                    size = path.stat().st_size
                    break
                except OSError:
                    continue
        out.append(
            {"name": name, "crawl_id": crawl_id, "size": size or 0, "records": records, "open": is_open}
        )
    return out


def crawl_sources(conn: sqlite3.Connection, crawl_id: int, stored: str | None) -> list[str]:
    """The source names of a crawl: as the crawl recorded them (a JSON list), else (a crawl row a reindex
    made) the sources its captures name."""
    try:
        names = json.loads(stored) if stored else None
    except ValueError:
        names = None
    if isinstance(names, list):
        return [str(n) for n in names]
    rows = conn.execute(
        "SELECT DISTINCT source FROM captures WHERE crawl_id = ? AND source IS NOT NULL ORDER BY source",
        (crawl_id,),
    )
    return [s for (s,) in rows]


def _grouped(conn: sqlite3.Connection, column: str, crawl_id: int) -> dict[str, int]:
    rows = conn.execute(
        f"SELECT coalesce({column}, '-'), count(*) FROM captures WHERE crawl_id = ? "
        f"GROUP BY 1 ORDER BY count(*) DESC, 1",
        (crawl_id,),
    )
    return {str(key): count for key, count in rows}


def _discovery_requests(conn: sqlite3.Connection, crawl_id: int) -> dict[str, int]:
    """Per source, the requests its discovery spent (robots.txt, sitemaps, feeds) in one crawl."""
    rows = conn.execute(
        "SELECT coalesce(source, '-'), count(*) FROM captures WHERE crawl_id = ? "
        "AND page_kind IN ('robots', 'sitemap', 'feed') GROUP BY 1 ORDER BY 1",
        (crawl_id,),
    )
    return {str(source): count for source, count in rows}


def crawl_summary(
    db: Database, crawl_id: int, *, data_dir: str | Path | None = None, caption_examples: int = 3
) -> dict[str, Any]:
    """One crawl and the archive after it. With DATA_DIR, open WARC files count with their size on disk."""
    conn = db.conn
    row = conn.execute(
        "SELECT started_at, finished_at, finish_reason, stats, sources FROM crawls WHERE id = ?", (crawl_id,)
    ).fetchone()
    started, finished, reason, stats, sources = row if row else (None, None, None, "{}", None)
    stats = json.loads(stats or "{}")
    capture_cols = _columns(conn, "captures")
    files = warc_files(conn, data_dir)
    crawl_failures = failures(conn, crawl_id=crawl_id)
    summary: dict[str, Any] = {
        "crawl_id": crawl_id,
        "started_at": started,
        "finished_at": finished,
        "finish_reason": reason,
        "sources": crawl_sources(conn, crawl_id, sources),
        "stats": stats,
        "warc_files": [f for f in files if f["crawl_id"] == crawl_id],
        "archive_warc_files": len(files),
        "archive_warc_bytes": sum(f["size"] for f in files),
        "captures": conn.execute("SELECT count(*) FROM captures WHERE crawl_id = ?", (crawl_id,)).fetchone()[
            0
        ],
        "archive_captures": conn.execute("SELECT count(*) FROM captures").fetchone()[0],
        "by_status": _grouped(conn, "status", crawl_id),
        "by_record_type": _grouped(conn, "record_type", crawl_id),
        "by_kind": _grouped(conn, "page_kind", crawl_id) if "page_kind" in capture_cols else {},
        "by_via": _grouped(conn, "via", crawl_id) if "via" in capture_cols else {},
        "discovery_requests": _discovery_requests(conn, crawl_id) if "page_kind" in capture_cols else {},
        "failures": by_reason(crawl_failures),
        "failed": sum(f.count for f in crawl_failures),
        "urls": [u for (u,) in conn.execute("SELECT url FROM captures WHERE crawl_id = ?", (crawl_id,))],
    }
    summary.update(_articles(conn, crawl_id, caption_examples))
    return summary


def _articles(conn: sqlite3.Connection, crawl_id: int, examples: int) -> dict[str, Any]:
    article_cols = _columns(conn, "articles")
    if not article_cols:
        return {
            "articles": 0,
            "images": 0,
            "captions": 0,
            "caption_examples": [],
            "duplicates": 0,
            "duplicate_examples": [],
        }
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    this_crawl = conn.execute(
        "SELECT count(DISTINCT articles.id) FROM articles JOIN captures ON captures.id = articles.capture_id "
        "WHERE captures.crawl_id = ?",
        (crawl_id,),
    ).fetchone()[0]
    words = conn.execute("SELECT coalesce(sum(word_count), 0) FROM articles").fetchone()[0]
    images, captions = conn.execute(
        "SELECT count(*), count(nullif(trim(coalesce(caption, '')), '')) FROM images"
    ).fetchone()
    samples = conn.execute(
        "SELECT articles.title, images.caption, images.credit FROM images "
        "JOIN articles ON articles.id = images.article_id "
        "WHERE trim(coalesce(images.caption, '')) != '' ORDER BY articles.published DESC, images.position "
        "LIMIT ?",
        (examples * 5,),
    ).fetchall()
    seen: set[str] = set()
    samples = [r for r in samples if r[0] not in seen and not seen.add(r[0])][:examples]  # one per article
    duplicates, pairs = 0, []
    if _columns(conn, "duplicates"):
        duplicates = conn.execute("SELECT count(*) FROM duplicates").fetchone()[0]
        pairs = conn.execute(
            "SELECT a.title, b.title, d.kind, d.similarity FROM duplicates d "
            "JOIN articles a ON a.id = d.article_id JOIN articles b ON b.id = d.duplicate_of "
            "ORDER BY d.similarity DESC LIMIT ?",
            (examples,),
        ).fetchall()
    return {
        "articles": articles,
        "articles_this_crawl": this_crawl,
        "words": words,
        "images": images,
        "captions": captions,
        "caption_examples": [{"title": t, "caption": c, "credit": cr} for t, c, cr in samples],
        "duplicates": duplicates,
        "duplicate_examples": [
            {"title": t, "duplicate_of": o, "kind": k, "similarity": sim} for t, o, k, sim in pairs
        ],
    }
