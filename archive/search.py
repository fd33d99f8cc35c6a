"""Full-text search over article titles, text and photo captions (SQLite FTS5), diacritics optional.

FTS5's `unicode61 remove_diacritics 2` tokenizer already folds Vietnamese tone and vowel marks ("công" and
"cong" are one token), but not "đ": it is a letter of its own, not d plus a mark, so "da nang" would miss
"Đà Nẵng". The `folded` column holds the d-spelling of exactly those words, so a query typed without any
diacritics matches in every column while snippets still come from the original text."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from typing import Any

__all__ = [
    "FTS_TABLE",
    "FTS_DDL",
    "fold",
    "folded_extras",
    "fts_query",
    "index_article",
    "search_articles",
    "SNIPPET_OPEN",
    "SNIPPET_CLOSE",
]

FTS_TABLE = "articles_fts"
FTS_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "title, text, captions, folded, tokenize = 'unicode61 remove_diacritics 2')"
)
# Snippet markers the Datasette plugin turns into <mark>; readable as brackets anywhere else.
SNIPPET_OPEN, SNIPPET_CLOSE = "⟦", "⟧"
_LETTERS = str.maketrans({"đ": "d", "Đ": "D"})
_WORD = re.compile(r"\w+")


def _strip_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Text without diacritics, đ as d: "Công an Đà Nẵng" -> "Cong an Da Nang". NFC in, NFC out."""
    return unicodedata.normalize("NFC", _strip_marks(text).translate(_LETTERS))


def folded_extras(*texts: str) -> str:
    """The folded spelling of the words the tokenizer cannot fold itself (those with đ), once each."""
    extras: set[str] = set()
    for text in texts:
        for word in _WORD.findall(text or ""):
            if "đ" in word or "Đ" in word:
                extras.add(fold(word).casefold())
    return " ".join(sorted(extras))


def fts_query(query: str) -> str:
    """A safe FTS5 query from what a person typed: every word must occur (in any column), quoted so
    punctuation and FTS operators in the input are taken literally."""
    tokens = _WORD.findall(unicodedata.normalize("NFC", query))
    return " ".join(f'"{t}"' for t in tokens)


def index_article(
    conn: sqlite3.Connection, article_id: int, *, title: str | None, text: str | None, captions: list[str]
) -> None:
    """Replace the search row of one article (rowid = articles.id)."""
    caption_text = "\n".join(c for c in captions if c)
    conn.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = ?", (article_id,))
    conn.execute(
        f"INSERT INTO {FTS_TABLE} (rowid, title, text, captions, folded) VALUES (?, ?, ?, ?, ?)",
        (
            article_id,
            title or "",
            text or "",
            caption_text,
            folded_extras(title or "", text or "", caption_text),
        ),
    )


def search_articles(conn: sqlite3.Connection, query: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """Articles matching QUERY, best first, with a snippet (matches between ⟦ and ⟧)."""
    match = fts_query(query)
    if not match:
        return []
    rows = conn.execute(
        f"""
        SELECT articles.id, articles.source, articles.url, articles.title, articles.published,
               snippet({FTS_TABLE}, -1, ?, ?, '…', 24) AS snippet
        FROM {FTS_TABLE} JOIN articles ON articles.id = {FTS_TABLE}.rowid
        WHERE {FTS_TABLE} MATCH ? ORDER BY rank LIMIT ?
        """,
        (SNIPPET_OPEN, SNIPPET_CLOSE, match, limit),
    )
    keys = [d[0] for d in rows.description]
    return [dict(zip(keys, row, strict=True)) for row in rows]
