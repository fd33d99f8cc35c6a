"""Export the catalog's articles as a corpus: JSON Lines, Parquet, or one text file per article.

The text layout is the user's corpus format (see ../shared/seed/): ` date YYYY-MM ` then the article's paragraphs
separated by blank lines, with each photo caption (and its credit) as a paragraph where the photo stood. Beside
the files, `index.jsonl` (MANIFEST) says for each file which article, URL and WARC record it came from."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlite_utils import Database

__all__ = [
    "iter_articles",
    "corpus_text",
    "export_jsonl",
    "export_parquet",
    "export_text",
    "FORMATS",
    "MANIFEST",
]

MANIFEST = "index.jsonl"

FORMATS = ("jsonl", "parquet", "text")
_CREDIT_LABEL = {"vi": "Ảnh", "": "Photo"}


def iter_articles(db: Database, source: str | None = None) -> Iterator[dict[str, Any]]:
    """Every article row (all columns) with its images, in id order."""
    where, params = ("WHERE source = ?", [source]) if source else ("", [])
    cursor = db.conn.execute(f"SELECT * FROM articles {where} ORDER BY id", params)
    columns = [c[0] for c in cursor.description]
    for values in cursor:
        article = dict(zip(columns, values, strict=True))
        article["images"] = [
            {"position": r[0], "src": r[1], "caption": r[2], "credit": r[3], "alt": r[4]}
            for r in db.conn.execute(
                "SELECT position, src, caption, credit, alt FROM images WHERE article_id = ? ORDER BY position, id",
                (article["id"],),
            )
        ]
        yield article


def _caption_line(image: dict, language: str | None) -> str | None:
    caption = (image.get("caption") or "").strip()
    credit = (image.get("credit") or "").strip()
    if not caption and not credit:
        return None
    label = _CREDIT_LABEL.get(language or "", _CREDIT_LABEL[""])
    return f"{caption} ({label}: {credit})".strip() if credit else caption


def corpus_text(article: dict[str, Any]) -> str:
    """One article in the corpus layout: ` date YYYY-MM ` then text, captions at their places."""
    paragraphs = [p for p in (article.get("text") or "").splitlines() if p.strip()]
    at: dict[int, list[str]] = {}
    for image in article.get("images") or []:
        line = _caption_line(image, article.get("language"))
        if line:
            position = min(max(int(image.get("position") or 0), 0), len(paragraphs))
            at.setdefault(position, []).append(line)
    blocks: list[str] = []
    for index in range(len(paragraphs) + 1):
        blocks.extend(at.get(index, []))
        if index < len(paragraphs):
            blocks.append(paragraphs[index])
    month = (article.get("published") or article.get("first_seen") or "")[:7]
    return f" date {month} " + "\n\n".join(blocks)


def _file_name(index: int, article: dict[str, Any]) -> str:
    key = article.get("canonical_url") or article.get("url") or str(article.get("id"))
    return f"{index:03d}_{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}.txt"


def _manifest_entry(db: Database, name: str, article: dict[str, Any]) -> dict[str, Any]:
    """Where a text file came from: the article, its URL and the WARC record of the capture it shows."""
    capture = db.conn.execute(
        "SELECT fetched_at, warc_file, warc_offset, warc_length, warc_record_id FROM captures WHERE id = ?",
        (article.get("capture_id"),),
    ).fetchone()
    fetched_at, warc_file, warc_offset, warc_length, record_id = capture or (None,) * 5
    return {
        "file": name,
        "article_id": article.get("id"),
        "source": article.get("source"),
        "url": article.get("url"),
        "canonical_url": article.get("canonical_url"),
        "title": article.get("title"),
        "published": article.get("published"),
        "fetched_at": fetched_at,
        "warc_file": warc_file,
        "warc_offset": warc_offset,
        "warc_length": warc_length,
        "warc_record_id": record_id,
    }


def export_text(db: Database, out_dir: Path, source: str | None = None) -> int:
    """One file per article, and MANIFEST (JSON Lines, one entry per file, in file order) beside them."""
    out_dir.mkdir(parents=True, exist_ok=True)
    count = 0
    tmp = out_dir / (MANIFEST + ".part")
    with tmp.open("w", encoding="utf-8") as manifest:
        for count, article in enumerate(iter_articles(db, source), start=1):  # noqa: B007 - the count is the result
            name = _file_name(count - 1, article)
            (out_dir / name).write_text(corpus_text(article), encoding="utf-8")
            manifest.write(json.dumps(_manifest_entry(db, name, article), ensure_ascii=False) + "\n")
    tmp.replace(out_dir / MANIFEST)
    return count


def export_jsonl(db: Database, out: Path, source: str | None = None) -> int:
    count = 0
    tmp = out.with_name(out.name + ".part")
    with tmp.open("w", encoding="utf-8") as fh:
        for article in iter_articles(db, source):
            fh.write(json.dumps(article, ensure_ascii=False) + "\n")
            count += 1
    tmp.replace(out)  # a reader never sees half a file
    return count


def export_parquet(db: Database, out: Path, source: str | None = None, batch: int = 1000) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    image = pa.struct(
        [
            ("position", pa.int64()),
            ("src", pa.string()),
            ("caption", pa.string()),
            ("credit", pa.string()),
            ("alt", pa.string()),
        ]
    )
    columns = [c[1] for c in db.conn.execute("PRAGMA table_info(articles)")]
    types = {c[1]: (c[2] or "").upper() for c in db.conn.execute("PRAGMA table_info(articles)")}
    fields = [
        (
            name,
            pa.int64()
            if types[name] == "INTEGER"
            else pa.float64()
            if types[name] in ("REAL", "FLOAT")
            else pa.string(),
        )
        for name in columns
    ]
    schema = pa.schema([*fields, ("images", pa.list_(image))])
    tmp = out.with_name(out.name + ".part")
    count = 0
    with pq.ParquetWriter(str(tmp), schema) as writer:
        rows: list[dict] = []
        for article in iter_articles(db, source):
            rows.append(article)
            count += 1
            if len(rows) >= batch:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                rows = []
        if rows or count == 0:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
    tmp.replace(out)
    return count
