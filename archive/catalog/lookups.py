"""The per-URL questions a crawl asks the catalog as it goes, each one indexed query: was this URL answered
before, and what is its latest response (for conditional GETs, identical-payload revisits and re-checks)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Any

__all__ = ["answered_span", "latest_marker", "latest_response", "published_of", "sitemap_unchanged"]

_LATEST = (
    "SELECT url, warc_record_id, fetched_at, payload_digest, etag, last_modified, warc_file, warc_offset, "
    "warc_length FROM captures WHERE url = ? AND status = 200 AND record_type = 'response' AND truncated IS NULL"
)


def latest_response(
    conn: sqlite3.Connection, url: str, payload_digest: str | None = None
) -> dict[str, Any] | None:
    """The latest 200 response record of URL (with PAYLOAD_DIGEST, when given): what a revisit refers to."""
    if payload_digest is None:
        row = conn.execute(_LATEST + " ORDER BY fetched_at DESC LIMIT 1", (url,)).fetchone()
    else:
        row = conn.execute(
            _LATEST + " AND payload_digest = ? ORDER BY fetched_at DESC LIMIT 1", (url, payload_digest)
        ).fetchone()
    if row is None:
        return None
    keys = ("url", "warc_record_id", "warc_date", "payload_digest", "etag", "last_modified", "warc_file")
    return {**dict(zip(keys, row[:7], strict=True)), "warc_offset": row[7], "warc_length": row[8]}


def answered_span(conn: sqlite3.Connection, url: str) -> tuple[str, str] | None:
    """(first, last) fetch time of URL's answers that count as held: a page, a redirect, or gone for good
    (404, 410). 5xx, 429 and 403 are tried again, so they do not count."""
    row = conn.execute(
        "SELECT min(fetched_at), max(fetched_at) FROM captures WHERE url = ? AND truncated IS NULL "
        "AND (status < 400 OR status IN (404, 410))",
        (url,),
    ).fetchone()
    return None if row is None or row[0] is None else (row[0], row[1])


def published_of(conn: sqlite3.Connection, url: str) -> str | None:
    row = conn.execute("SELECT published FROM articles WHERE canonical_url = ? LIMIT 1", (url,)).fetchone()
    return row[0] if row else None


def latest_marker(conn: sqlite3.Connection, url: str) -> str | None:
    """The edit marker (a sitemap's lastmod, a feed item's updated) of URL's latest answered capture (a 304
    revisit included: it saw that marker too)."""
    try:
        row = conn.execute(
            "SELECT discovery_lastmod FROM captures WHERE url = ? AND (status < 400 OR status IN (404, 410)) "
            "ORDER BY fetched_at DESC LIMIT 1",
            (url,),
        ).fetchone()
    except sqlite3.OperationalError:  # a catalog from before m015
        return None
    return row[0] if row else None


def sitemap_unchanged(conn: sqlite3.Connection, url: str, lastmod: datetime) -> bool:
    """Whether a child sitemap whose index says it last changed at LASTMOD need not be read again: its latest
    capture is newer, was made by a crawl that finished (a killed or page-limited run may not have reached every
    entry), without a --since/--until window (entries outside it were left out), and none of the pages it
    listed then got a server error, a 429 or no complete response (they are retried by reading it again)."""
    row = conn.execute(
        "SELECT c.fetched_at, c.crawl_id, c.discovery, k.finish_reason FROM captures c "
        "JOIN crawls k ON k.id = c.crawl_id WHERE c.url = ? AND c.status IN (200, 304) "
        "ORDER BY c.fetched_at DESC LIMIT 1",
        (url,),
    ).fetchone()
    if row is None or row[3] != "finished" or (row[2] and '"window"' in row[2]):
        return False
    fetched = datetime.fromisoformat(row[0].replace("Z", "+00:00"))
    if fetched.tzinfo is None:
        fetched = fetched.replace(tzinfo=UTC)
    if lastmod.tzinfo is None:
        lastmod = lastmod.replace(tzinfo=UTC)
    if lastmod >= fetched:
        return False
    # `+crawl_id`: through the partial index of listed errors (m019), a handful of rows, never through the index
    # on crawl_id, which SQLite otherwise picks and which walks every capture of that crawl (6 ms a sitemap at
    # 15,000 captures: 3,000 sitemaps cost more than reading them; bench stage i)
    failed = conn.execute(
        "SELECT 1 FROM captures WHERE discovered_from = ? AND +crawl_id = ? AND (status >= 500 OR status = 429) "
        "LIMIT 1",
        (url, row[1]),
    ).fetchone()
    if failed is None and conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'failures'").fetchone():
        # a listed page that got no complete response (timeout, reset, ...): read the sitemap again
        failed = conn.execute(
            "SELECT 1 FROM failures WHERE discovered_from = ? AND crawl_id = ? LIMIT 1", (url, row[1])
        ).fetchone()
    return failed is None
