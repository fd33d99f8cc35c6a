"""Full-text search over article titles, text and photo captions (SQLite FTS5), diacritics optional.

FTS5's `unicode61 remove_diacritics 2` tokenizer already folds Vietnamese tone and vowel marks ("công" and
"cong" are one token), but not "đ": it is a letter of its own, not d plus a mark, so "da nang" would miss
"Đà Nẵng". The index therefore has a fourth column, `folded`: title, text and captions with đ spelled d, so a
query typed without any diacritics matches (phrases too) while "Đà Nẵng" still matches the original columns.

The index is an external-content FTS5 table over the view `articles_fts_source`: the text is stored once, in
`articles`, and snippets come from it."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from typing import Any

__all__ = [
    "FTS_TABLE",
    "FTS_SOURCE",
    "create_search_index",
    "fold",
    "fts_query",
    "restore_snippet",
    "unindex_article",
    "index_article",
    "search_articles",
    "SNIPPET_OPEN",
    "SNIPPET_CLOSE",
]

FTS_TABLE = "articles_fts"
FTS_SOURCE = "articles_fts_source"
_CAPTIONS = (
    "coalesce((SELECT group_concat(caption, char(10)) FROM "
    "(SELECT caption FROM images WHERE images.article_id = articles.id ORDER BY position)), '')"
)
_SOURCE_DDL = f"""
CREATE VIEW {FTS_SOURCE} AS SELECT
    articles.id AS id,
    coalesce(articles.title, '') AS title,
    coalesce(articles.text, '') AS text,
    {_CAPTIONS} AS captions,
    replace(replace(coalesce(articles.title, '') || char(10) || coalesce(articles.text, '') || char(10) ||
        {_CAPTIONS}, 'đ', 'd'), 'Đ', 'D') AS folded
FROM articles
"""
_FTS_DDL = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title, text, captions, folded, content='{FTS_SOURCE}', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
)
_COLUMNS = "title, text, captions, folded"
# Snippet markers the Datasette plugin turns into <mark>; readable as brackets anywhere else.
SNIPPET_OPEN, SNIPPET_CLOSE = "⟦", "⟧"
_LETTERS = str.maketrans({"đ": "d", "Đ": "D"})
_WORD = re.compile(r"\w+")
_PHRASE = re.compile(r'"([^"]*)"')


def create_search_index(conn: sqlite3.Connection) -> None:
    """Create the view and the FTS5 index and fill it from the articles already stored."""
    conn.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    conn.execute(f"DROP VIEW IF EXISTS {FTS_SOURCE}")
    conn.execute(_SOURCE_DDL)
    conn.execute(_FTS_DDL)
    conn.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def _strip_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Text without diacritics, đ as d: "Công an Đà Nẵng" -> "Cong an Da Nang". NFC in, NFC out."""
    return unicodedata.normalize("NFC", _strip_marks(text).translate(_LETTERS))


def fts_query(query: str) -> str:
    """A safe FTS5 query from what a person typed. Vietnamese words are several space-separated syllables
    ("công an", "thủ tướng"), so a run of words is a phrase: "cong an" finds "công an", not "công" here and
    "án" there. Several "quoted" phrases (and the runs between them) must each occur. FTS operators and
    punctuation in the input are taken literally."""
    query = unicodedata.normalize("NFC", query or "")
    pieces = re.split(r'"', query)  # even pieces are outside quotes, odd ones inside
    phrases = (" ".join(_WORD.findall(piece)) for piece in pieces)
    return " ".join(f'"{p}"' for p in phrases if p)


def restore_snippet(snippet: str | None, original: str | None) -> str | None:
    """A snippet taken from the `folded` column, respelt with the original letters (đ for d where the
    article has it). ORIGINAL is title, text and captions joined by newlines, as the column was built;
    folding maps one character to one, so positions agree."""
    if not snippet or not original:
        return snippet
    head = "…" if snippet.startswith("…") else ""
    tail = "…" if snippet.endswith("…") and len(snippet) > 1 else ""
    core = snippet[len(head) : len(snippet) - len(tail)]
    plain = core.replace(SNIPPET_OPEN, "").replace(SNIPPET_CLOSE, "").translate(_LETTERS)
    at = original.translate(_LETTERS).find(plain)
    if at < 0 or not plain:
        return snippet
    out, j = [], at
    for ch in core:
        if ch in (SNIPPET_OPEN, SNIPPET_CLOSE):
            out.append(ch)
        else:
            out.append(original[j])
            j += 1
    return head + "".join(out) + tail


def unindex_article(conn: sqlite3.Connection, article_id: int) -> None:
    """Remove an article's index entry; call before its row or images change (external content needs the
    values that were indexed)."""
    conn.execute(
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_COLUMNS}) "
        f"SELECT 'delete', id, {_COLUMNS} FROM {FTS_SOURCE} WHERE id = ?",
        (article_id,),
    )


def index_article(conn: sqlite3.Connection, article_id: int) -> None:
    """Index an article as it is stored now (title, text, image captions)."""
    conn.execute(
        f"INSERT INTO {FTS_TABLE}(rowid, {_COLUMNS}) SELECT id, {_COLUMNS} FROM {FTS_SOURCE} WHERE id = ?",
        (article_id,),
    )


def search_articles(conn: sqlite3.Connection, query: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """Articles matching QUERY, best first, with a snippet (matches between ⟦ and ⟧)."""
    match = fts_query(query)
    if not match:
        return []
    rows = conn.execute(
        f"""
        SELECT articles.id, articles.source, articles.url, articles.title, articles.published,
               snippet({FTS_TABLE}, -1, ?, ?, '…', 24) AS snippet,
               src.title || char(10) || src.text || char(10) || src.captions AS original
        FROM {FTS_TABLE} JOIN articles ON articles.id = {FTS_TABLE}.rowid
        JOIN {FTS_SOURCE} src ON src.id = articles.id
        WHERE {FTS_TABLE} MATCH ? ORDER BY rank LIMIT ?
        """,
        (SNIPPET_OPEN, SNIPPET_CLOSE, match, limit),
    )
    keys = [d[0] for d in rows.description]
    found = []
    for row in rows:
        entry = dict(zip(keys, row, strict=True))
        entry["snippet"] = restore_snippet(entry["snippet"], entry.pop("original"))
        found.append(entry)
    return found
