"""The one writer of `articles`, `images`, `article_versions`, `article_urls`, `article_captures`, the search
index and the duplicate links: stores what extraction found for a capture."""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any
from urllib.parse import urljoin

from sqlite_utils import Database

from archive.catalog.canonical import canonical_url, clean_url, same_site
from archive.catalog.dedup import DuplicateLinker, Link
from archive.catalog.search import FTS_TABLE, index_article, unindex_article
from archive.catalog.textprep import PREPARED_KEY, prepare
from archive.catalog.versions import char_changes, is_real_change, normalize_text, text_digest

__all__ = ["ArticleStore", "text_digest", "reset_article_index", "ARTICLE_INDEX_TABLES"]

# Derived from `articles` by upsert(); emptied together with it (see reset_article_index).
ARTICLE_INDEX_TABLES = ("article_urls", "article_captures", "near_buckets")

_MONTH = re.compile(r"^\d{4}-\d{2}")


class ArticleStore:
    """`upsert()` takes the extraction JSON of DESIGN.md (url, title, author, published, modified, language,
    sitename, text, images, canonical_url) for one capture and keeps one row per canonical article URL.

    Runs on the caller's connection inside the caller's transaction (the crawl commits in batches): it never
    commits. The latest capture wins the article row; an older capture (an imported WARC) only extends
    `first_seen` and the provenance tables."""

    def __init__(self, db: Database, extractor_version: str = ""):
        self.db = db
        self.conn: sqlite3.Connection = db.conn
        self.extractor_version = extractor_version
        self.linker = DuplicateLinker(self.conn)
        if self.conn.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None:
            # `reindex` empties articles and rebuilds them: ids start again at 1, so what pointed at the old
            # rows (URLs, captures, band keys, the search index) must go too.
            reset_article_index(self.conn)
        self.last_links: list[Link] = []  # the links the last upsert recorded, for stats and tests
        self.older_arrivals = 0  # captures stored after a newer capture of the same article

    def upsert(
        self, *, capture_id: int | None, source: str, url: str, fetched_at: str, extraction: dict[str, Any]
    ) -> int:
        prepared = extraction.get(PREPARED_KEY) or prepare(extraction.get("text"), extraction.get("title"))
        key, urls = _identity(url, extraction)
        row = self._row(source, url, key, capture_id, fetched_at, extraction, prepared)
        existing = self.conn.execute(
            "SELECT id, first_seen, last_seen FROM articles WHERE canonical_url = ?", (key,)
        ).fetchone()
        if existing is None:
            row["first_seen"] = fetched_at
            cur = self.conn.execute(
                f"INSERT INTO articles ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                list(row.values()),
            )
            article_id, newer = cur.lastrowid, True
            version = self._add_version(article_id, 1, capture_id, fetched_at, row, None)
            changed = True
        else:
            article_id, first_seen, last_seen = existing
            newer = last_seen is None or fetched_at >= last_seen
            if newer:
                version, changed = self._update(article_id, capture_id, fetched_at, row)
            else:  # an older capture (an imported WARC): it only moves first_seen
                version, changed = None, False
                self.older_arrivals += 1
                if first_seen is None or fetched_at < first_seen:
                    self.conn.execute(
                        "UPDATE articles SET first_seen = ? WHERE id = ?", (fetched_at, article_id)
                    )
        payload = self._payload_digest(capture_id)
        if capture_id is not None:
            self.conn.execute(
                "INSERT OR IGNORE INTO article_captures (article_id, capture_id, fetched_at, payload_digest, "
                "version) VALUES (?, ?, ?, ?, ?)",
                (article_id, capture_id, fetched_at, payload, version),
            )
        self.conn.executemany(
            "INSERT OR IGNORE INTO article_urls (url, article_id, first_seen) VALUES (?, ?, ?)",
            [(u, article_id, fetched_at) for u in urls],
        )
        if newer:
            self._replace_images(article_id, extraction.get("images") or [])
            index_article(self.conn, article_id)
        # Content links only when the content is new to this article; payload and URL links are cheap.
        self.last_links = self.linker.link_all(
            article_id,
            text=row["text"] if changed else "",
            text_digest=row["text_digest"],
            payload_digest=payload,
            urls=urls,
            band_keys=prepared["band_keys"],
        )
        return article_id

    def _row(
        self, source, url, key, capture_id, fetched_at, extraction: dict, prepared: dict
    ) -> dict[str, Any]:
        """The `articles` row of one extraction (first_seen and the id are the caller's)."""
        published = extraction.get("published")
        conflict = extraction.get("date_conflict")
        return {
            "source": source,
            "url": url,
            "canonical_url": key,
            "title": prepared["title"],
            "author": extraction.get("author"),
            "published": published,
            "published_month": published[:7] if published and _MONTH.match(published) else None,
            "modified": extraction.get("modified"),
            "language": extraction.get("language"),
            "sitename": extraction.get("sitename"),
            "text": prepared["text"],
            "word_count": len(prepared["text"].split()),
            "text_digest": prepared["text_digest"],
            "simhash": prepared["simhash"],
            "capture_id": capture_id,
            "last_seen": fetched_at,
            "extractor_version": extraction.get("extractor_version") or self.extractor_version,
            "categories": _json_list(extraction.get("categories")),
            "tags": _json_list(extraction.get("tags")),
            "published_from": extraction.get("published_from"),
            "kind": extraction.get("kind") or "html",
            "text_source": extraction.get("text_source"),
            "published_zone": extraction.get("published_zone"),
            "date_conflict": json.dumps(conflict, ensure_ascii=False) if conflict else None,
        }

    def _update(
        self, article_id: int, capture_id: int | None, fetched_at: str, row: dict
    ) -> tuple[int, bool]:
        """A newer capture of a known article: a new version when the text or title really changed; the row
        takes the newer values either way. Returns (its version, whether it changed)."""
        latest = self.conn.execute(
            "SELECT version, title, text FROM article_versions WHERE article_id = ? ORDER BY version DESC LIMIT 1",
            (article_id,),
        ).fetchone()
        version, changed = (latest[0] if latest else 0), False
        if latest is None or is_real_change(latest[1], latest[2] or "", row["title"], row["text"]):
            version = self._add_version(article_id, version + 1, capture_id, fetched_at, row, latest)
            changed = True
        unindex_article(self.conn, article_id)  # while the indexed values are still there
        sets = ", ".join(f"{k} = ?" for k in row)
        self.conn.execute(f"UPDATE articles SET {sets} WHERE id = ?", [*row.values(), article_id])
        return version, changed

    def _add_version(
        self,
        article_id: int,
        version: int,
        capture_id: int | None,
        observed_at: str,
        row: dict[str, Any],
        previous: tuple | None,
    ) -> int:
        text = row["text"]
        added, removed = char_changes(previous[2] or "", text) if previous else (len(text), 0)
        self.conn.execute(
            "INSERT INTO article_versions (article_id, version, capture_id, observed_at, title, text_digest, "
            "text, chars_added, chars_removed, modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article_id,
                version,
                capture_id,
                observed_at,
                row["title"],
                row["text_digest"],
                text,
                added,
                removed,
                row["modified"],
            ),
        )
        return version

    def _payload_digest(self, capture_id: int | None) -> str | None:
        if capture_id is None:
            return None
        row = self.conn.execute("SELECT payload_digest FROM captures WHERE id = ?", (capture_id,)).fetchone()
        return row[0] if row else None

    def _replace_images(self, article_id: int, images: list[dict[str, Any]]) -> None:
        self.conn.execute("DELETE FROM images WHERE article_id = ?", (article_id,))
        rows = [
            (
                article_id,
                image.get("position", i),
                image.get("src"),
                normalize_text(image.get("caption") or "") or None,
                image.get("credit"),
                image.get("alt"),
            )
            for i, image in enumerate(images)
        ]
        self.conn.executemany(
            "INSERT INTO images (article_id, position, src, caption, credit, alt) VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )


def reset_article_index(conn: sqlite3.Connection) -> None:
    """Empty the tables and the search index derived from `articles` (after `DELETE FROM articles`)."""
    for table in ARTICLE_INDEX_TABLES:
        conn.execute(f"DELETE FROM {table}")
    conn.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('delete-all')")


def _identity(url: str, extraction: dict[str, Any]) -> tuple[str, list[str]]:
    """The article's key (its canonical URL) and every URL that names it: the fetched one, rel=canonical and
    og:url (resolved against the page; some sites write them relative) when on the same site."""
    canonical_hint, og_hint = (
        urljoin(url, h.strip()) if isinstance(h, str) and h.strip() else None
        for h in (extraction.get("canonical_url"), extraction.get("og_url"))
    )
    hints = [h for h in (canonical_hint, og_hint) if h]
    key = canonical_url(url, canonical=canonical_hint, og_url=og_hint)
    return key, sorted({key, clean_url(url), *(clean_url(h) for h in hints if _on_site(h, url))})


def _json_list(values: Any) -> str | None:
    return json.dumps(list(values), ensure_ascii=False) if values else None


def _on_site(hint: str, url: str) -> bool:
    return hint.startswith(("http://", "https://")) and same_site(hint, url)
