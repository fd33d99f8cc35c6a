"""The one writer of `articles` and `images`: stores what extraction found for a capture."""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Any

from sqlite_utils import Database

__all__ = ["ArticleStore", "text_digest"]


def text_digest(text: str) -> str:
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    return "sha256:" + hashlib.sha256(normal.encode("utf-8")).hexdigest()


class ArticleStore:
    """`upsert()` takes the extraction JSON of DESIGN.md (url, title, author, published, modified, language,
    sitename, text, images) for one capture and keeps one row per article URL."""

    def __init__(self, db: Database, extractor_version: str = ""):
        self.db = db
        self.conn = db.conn
        self.extractor_version = extractor_version

    def upsert(
        self, *, capture_id: int | None, source: str, url: str, fetched_at: str, extraction: dict[str, Any]
    ) -> int:
        canonical = extraction.get("canonical_url") or url
        text = unicodedata.normalize("NFC", extraction.get("text") or "")
        row = {
            "source": source,
            "url": url,
            "canonical_url": canonical,
            "title": extraction.get("title"),
            "author": extraction.get("author"),
            "published": extraction.get("published"),
            "modified": extraction.get("modified"),
            "language": extraction.get("language"),
            "sitename": extraction.get("sitename"),
            "text": text,
            "word_count": len(text.split()),
            "text_digest": text_digest(text),
            "capture_id": capture_id,
            "last_seen": fetched_at,
            "extractor_version": extraction.get("extractor_version") or self.extractor_version,
        }
        existing = self.conn.execute(
            "SELECT id FROM articles WHERE canonical_url = ?", (canonical,)
        ).fetchone()
        if existing:
            article_id = existing[0]
            sets = ", ".join(f"{k} = ?" for k in row)
            self.conn.execute(f"UPDATE articles SET {sets} WHERE id = ?", [*row.values(), article_id])
        else:
            row["first_seen"] = fetched_at
            cur = self.conn.execute(
                f"INSERT INTO articles ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                list(row.values()),
            )
            article_id = cur.lastrowid
        self.conn.execute("DELETE FROM images WHERE article_id = ?", (article_id,))
        self.conn.executemany(
            "INSERT INTO images (article_id, position, src, caption, credit, alt) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    article_id,
                    image.get("position", i),
                    image.get("src"),
                    image.get("caption"),
                    image.get("credit"),
                    image.get("alt"),
                )
                for i, image in enumerate(extraction.get("images") or [])
            ],
        )
        return article_id
