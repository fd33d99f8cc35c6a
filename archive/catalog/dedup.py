"""Duplicate links between articles: recorded, never deleted, and the same whatever the crawl order.

Kinds, strongest first: `payload` (a capture of each had identical bytes), `text` (identical comparable text),
`near` (MinHash-verified shingle Jaccard at or above NEAR_THRESHOLD, or one text contained in the other), and
`url` (one article's URLs name the other). Each pair is examined when the second of the two is stored, so the
set of pairs does not depend on the order; a link always points from the later article to the earlier by
`order_key` (published date, then canonical URL), never by arrival. `articles.duplicate_of` names the earliest
article of the whole connected group, so `WHERE duplicate_of IS NULL` is one row per story."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from archive.catalog.fingerprint import band_keys as _band_keys
from archive.catalog.fingerprint import containment, jaccard, minhash, shingles

__all__ = [
    "DuplicateLinker",
    "Link",
    "NEAR_THRESHOLD",
    "CONTAINMENT_THRESHOLD",
    "MAX_CANDIDATES",
    "MIN_WORDS",
    "order_key",
]

NEAR_THRESHOLD = (
    0.6  # shingle Jaccard: a wire story with another outlet's intro/outro, or one paragraph edited
)
CONTAINMENT_THRESHOLD = 0.9  # a shortened copy: 90% of the shorter text's shingles occur in the longer
MAX_CANDIDATES = 200  # per article; verified by exact shingle Jaccard
MIN_WORDS = 12  # shorter texts (captions-only pages, stubs) would match each other by accident
_KIND_RANK = {"payload": 0, "text": 1, "near": 2}


@dataclass(frozen=True)
class Link:
    article_id: int
    duplicate_of: int
    kind: str
    similarity: float


def order_key(published: str | None, canonical_url: str) -> tuple[int, str, str]:
    """Which of two articles is the original: the earlier published; undated ones after dated ones."""
    return (0 if published else 1, published or "", canonical_url)


class DuplicateLinker:
    """Finds and records the duplicate links of one article against everything already catalogued.
    Works on the caller's connection and transaction; never commits."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    # -- finding ---------------------------------------------------------------------------------------
    def index_text(self, article_id: int, keys: list[int]) -> list[int]:
        """Store the LSH band keys (fingerprint.band_keys) of ARTICLE_ID and return the candidates sharing one."""
        if not keys:
            return []
        marks = ",".join("?" for _ in keys)
        # Most shared bands first; a cap keeps templated pages (weather, lottery results) from making one
        # article compare against thousands.
        candidates = [
            row[0]
            for row in self.conn.execute(
                f"SELECT article_id FROM near_buckets WHERE bucket IN ({marks}) AND article_id != ? "
                "GROUP BY article_id ORDER BY count(*) DESC, article_id LIMIT ?",
                [*keys, article_id, MAX_CANDIDATES],
            )
        ]
        self.conn.executemany(
            "INSERT OR IGNORE INTO near_buckets (bucket, article_id) VALUES (?, ?)",
            [(key, article_id) for key in keys],
        )
        return sorted(candidates)

    def find(
        self,
        article_id: int,
        *,
        text: str,
        text_digest: str,
        payload_digest: str | None,
        band_keys: list[int] | None = None,
    ) -> dict[int, tuple[str, float]]:
        """Other articles whose content duplicates ARTICLE_ID: {other_id: (strongest kind, similarity)}.
        BAND_KEYS are the text's (textprep computes them in the extraction worker); computed when absent."""
        found: dict[int, tuple[str, float]] = {}

        def note(other: int, kind: str, similarity: float) -> None:
            if other != article_id and (other not in found or _KIND_RANK[kind] < _KIND_RANK[found[other][0]]):
                found[other] = (kind, similarity)

        if payload_digest:
            for (other,) in self.conn.execute(
                "SELECT DISTINCT article_id FROM article_captures WHERE payload_digest = ?", (payload_digest,)
            ):
                note(other, "payload", 1.0)
        if len(text.split()) >= MIN_WORDS:
            for (other,) in self.conn.execute(
                "SELECT DISTINCT article_id FROM article_versions WHERE text_digest = ?", (text_digest,)
            ):
                note(other, "text", 1.0)
            mine: set[str] | None = None  # the shingles, only once a candidate needs comparing
            if band_keys is None:
                mine = shingles(text)
                band_keys = _band_keys(minhash(mine))
            for other in self.index_text(article_id, band_keys):
                if other in found:
                    continue
                if mine is None:
                    mine = shingles(text)
                row = self.conn.execute("SELECT text FROM articles WHERE id = ?", (other,)).fetchone()
                theirs = shingles(row[0] if row else "")
                similarity = jaccard(mine, theirs)
                if similarity >= NEAR_THRESHOLD or containment(mine, theirs) >= CONTAINMENT_THRESHOLD:
                    note(other, "near", round(similarity, 4))
        return found

    def find_url(self, article_id: int, urls: list[str]) -> list[int]:
        """Other articles named by one of URLS (the article's own URL, rel=canonical, og:url)."""
        if not urls:
            return []
        marks = ",".join("?" for _ in urls)
        rows = self.conn.execute(
            f"SELECT article_id FROM article_urls WHERE url IN ({marks}) AND article_id != ? "
            f"UNION SELECT id FROM articles WHERE canonical_url IN ({marks}) AND id != ?",
            [*urls, article_id, *urls, article_id],
        )
        return sorted({row[0] for row in rows})

    # -- recording -------------------------------------------------------------------------------------
    def link(self, article_id: int, other: int, kind: str, similarity: float) -> Link:
        """Record one link, from the later of the two articles to the earlier, and merge their groups."""
        later, earlier = sorted((article_id, other), key=self._key, reverse=True)
        self.conn.execute(
            "INSERT OR IGNORE INTO duplicates (article_id, duplicate_of, kind, similarity) VALUES (?, ?, ?, ?)",
            (later, earlier, kind, similarity),
        )
        self._merge(later, earlier)
        return Link(later, earlier, kind, similarity)

    def link_all(
        self,
        article_id: int,
        *,
        text: str,
        text_digest: str,
        payload_digest: str | None,
        urls: list[str],
        band_keys: list[int] | None = None,
    ) -> list[Link]:
        found = self.find(
            article_id,
            text=text,
            text_digest=text_digest,
            payload_digest=payload_digest,
            band_keys=band_keys,
        )
        links = [
            self.link(article_id, other, kind, similarity)
            for other, (kind, similarity) in sorted(found.items())
        ]
        links += [self.link(article_id, other, "url", 1.0) for other in self.find_url(article_id, urls)]
        return links

    def _key(self, article_id: int) -> tuple[int, str, str]:
        published, canonical = self.conn.execute(
            "SELECT published, canonical_url FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return order_key(published, canonical or "")

    def _root(self, article_id: int) -> int:
        row = self.conn.execute("SELECT duplicate_of FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row and row[0] is not None else article_id

    def _merge(self, a: int, b: int) -> None:
        # Groups are connected components of the link graph; the root is their earliest member, which is
        # the same for every order in which the links arrive.
        ra, rb = self._root(a), self._root(b)
        if ra == rb:
            return
        root, other = sorted((ra, rb), key=self._key)
        self.conn.execute(
            "UPDATE articles SET duplicate_of = ? WHERE id = ? OR duplicate_of = ?", (root, other, other)
        )
