"""What one crawl added to an archive, and what the archive holds: counts for `newsarchive demo` (and anyone
who wants a crawl report). Tolerant of catalogs where extraction has not filled articles or images yet."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from sqlite_utils import Database

from archive.catalog.status import failures_by_reason

__all__ = ["crawl_summary"]


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def _grouped(conn: sqlite3.Connection, column: str, crawl_id: int) -> dict[str, int]:
    rows = conn.execute(
        f"SELECT coalesce({column}, '-'), count(*) FROM captures WHERE crawl_id = ? "
        f"GROUP BY 1 ORDER BY count(*) DESC, 1",
        (crawl_id,),
    )
    return {str(key): count for key, count in rows}


def crawl_summary(db: Database, crawl_id: int, *, caption_examples: int = 3) -> dict[str, Any]:
    conn = db.conn
    row = conn.execute(
        "SELECT started_at, finished_at, finish_reason, stats FROM crawls WHERE id = ?", (crawl_id,)
    ).fetchone()
    started, finished, reason, stats = row if row else (None, None, None, "{}")
    stats = json.loads(stats or "{}")
    capture_cols = _columns(conn, "captures")
    files = conn.execute(
        "SELECT name, coalesce(size, 0), records FROM warc_files WHERE crawl_id = ? ORDER BY name",
        (crawl_id,),
    ).fetchall()
    all_files, all_bytes = conn.execute("SELECT count(*), coalesce(sum(size), 0) FROM warc_files").fetchone()
    summary: dict[str, Any] = {
        "crawl_id": crawl_id,
        "started_at": started,
        "finished_at": finished,
        "finish_reason": reason,
        "stats": stats,
        "warc_files": [{"name": n, "size": s, "records": r} for n, s, r in files],
        "archive_warc_files": all_files,
        "archive_warc_bytes": all_bytes,
        "captures": conn.execute("SELECT count(*) FROM captures WHERE crawl_id = ?", (crawl_id,)).fetchone()[
            0
        ],
        "archive_captures": conn.execute("SELECT count(*) FROM captures").fetchone()[0],
        "by_status": _grouped(conn, "status", crawl_id),
        "by_record_type": _grouped(conn, "record_type", crawl_id),
        "by_kind": _grouped(conn, "page_kind", crawl_id) if "page_kind" in capture_cols else {},
        "by_via": _grouped(conn, "via", crawl_id) if "via" in capture_cols else {},
        "urls": [u for (u,) in conn.execute("SELECT url FROM captures WHERE crawl_id = ?", (crawl_id,))],
        "failures_by_reason": failures_by_reason(conn, crawl_id),
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
