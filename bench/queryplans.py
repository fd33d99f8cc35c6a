"""The per-article lookups of a crawl, checked with EXPLAIN QUERY PLAN on the catalog a bench crawl wrote.

A lookup that scans a table costs more with every article archived (the issue's "no per-article cost that grows
with the size of the archive"). The statements are copied from the code that runs them (named beside each);
keep them in step when those change.

    python -m bench.queryplans DATA_DIR/catalog.db
"""

from __future__ import annotations

import sqlite3
import sys

__all__ = ["LOOKUPS", "plans"]

LOOKUPS = {
    "recorder: same payload (revisit)": "SELECT warc_record_id, url, fetched_at FROM captures "
    "WHERE url = ? AND payload_digest = ? AND record_type = 'response' ORDER BY fetched_at DESC LIMIT 1",
    "articles: by canonical URL": "SELECT id, first_seen, last_seen FROM articles WHERE canonical_url = ?",
    "articles: latest version": "SELECT version, title, text FROM article_versions WHERE article_id = ? "
    "ORDER BY version DESC LIMIT 1",
    "articles: capture's payload digest": "SELECT payload_digest FROM captures WHERE id = ?",
    "dedup: same payload": "SELECT DISTINCT article_id FROM article_captures WHERE payload_digest = ?",
    "dedup: same text": "SELECT DISTINCT article_id FROM article_versions WHERE text_digest = ?",
    "dedup: near (LSH buckets)": "SELECT DISTINCT article_id FROM near_buckets WHERE bucket IN (?, ?) "
    "AND article_id != ?",
    "dedup: candidate text": "SELECT text FROM articles WHERE id = ?",
    "dedup: by URL": "SELECT article_id FROM article_urls WHERE url IN (?) AND article_id != ? "
    "UNION SELECT id FROM articles WHERE canonical_url IN (?) AND id != ?",
    "pipeline: capture time": "SELECT fetched_at FROM captures WHERE id = ?",
    # per child sitemap of an index, every run (archive/catalog/lookups.py sitemap_unchanged)
    "incremental: sitemap's last reading": "SELECT c.fetched_at, c.crawl_id, c.discovery, k.finish_reason "
    "FROM captures c JOIN crawls k ON k.id = c.crawl_id WHERE c.url = ? AND c.status IN (200, 304) "
    "ORDER BY c.fetched_at DESC LIMIT 1",
    "incremental: sitemap's listed errors": "SELECT 1 FROM captures WHERE discovered_from = ? AND +crawl_id = ? "
    "AND (status >= 500 OR status = 429) LIMIT 1",
}


def plans(path: str) -> list[tuple[str, str, bool]]:
    """(lookup, plan, scans a table) for each lookup."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    out = []
    for name, sql in LOOKUPS.items():
        try:
            rows = db.execute("EXPLAIN QUERY PLAN " + sql, [None] * sql.count("?")).fetchall()
        except sqlite3.Error as exc:
            out.append((name, f"error: {exc}", True))
            continue
        plan = " | ".join(row[3] for row in rows)
        out.append((name, plan, any(row[3].startswith("SCAN") for row in rows)))
    db.close()
    return out


def main() -> None:
    bad = 0
    for name, plan, scans in plans(sys.argv[1]):
        bad += scans
        print(f"{'SCAN' if scans else 'ok  '}  {name}: {plan}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
