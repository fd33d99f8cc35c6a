"""The SQLite catalog: one writer (a crawl or a maintenance command), any number of readers (Datasette)."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from archive.catalog.failures import FAILURE_COLUMNS
from archive.catalog.schema import migrate
from archive.dates import utc_now_iso
from archive.warc.writer import ClosedFile

__all__ = ["Catalog", "open_database", "checkpoint", "CAPTURE_COLUMNS"]

CAPTURE_COLUMNS = (
    "crawl_id",
    "source",
    "url",
    "fetched_at",
    "status",
    "content_type",
    "record_type",
    "warc_file",
    "warc_offset",
    "warc_length",
    "warc_record_id",
    "payload_digest",
    "payload_length",
    "refers_to",
    "revisit_profile",
    "via",
    "discovered_from",
    "redirect_to",
    "etag",
    "last_modified",
    "page_kind",
    "extract_status",
    "request_record_id",
    "depth",
    "discovery",
    "discovery_lastmod",
    "page_kind_reason",
    "rendered",
    "rendered_offset",
    "rendered_length",
    "normal_url",
    "record_flaw",
    "truncated",
)


def open_database(path: str | Path, *, readonly: bool = False) -> Database:
    """Open the catalog with WAL (readers never block the writer) and a generous busy timeout."""
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30, check_same_thread=False)
        return Database(conn)
    conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
    db = Database(conn)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=OFF")  # rows arrive in WARC order; verify checks the links
    return db


class Catalog:
    """Writes crawls, WARC files and captures. Capture rows are committed in batches, always after the
    WARC bytes they point at have been written and flushed."""

    def __init__(self, path: str | Path, *, batch_size: int = 200, batch_seconds: float = 2.0):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = open_database(self.path)
        migrate(self.db)
        self.conn = self.db.conn
        self.batch_size = batch_size
        self.batch_seconds = batch_seconds
        self._pending = 0
        self._last_commit = time.monotonic()
        self._failure_sql = (
            f"INSERT OR IGNORE INTO failures ({', '.join(FAILURE_COLUMNS)}) "
            f"VALUES ({', '.join('?' for _ in FAILURE_COLUMNS)})"
        )
        self._capture_sql = (
            f"INSERT INTO captures ({', '.join(CAPTURE_COLUMNS)}) "
            f"VALUES ({', '.join('?' for _ in CAPTURE_COLUMNS)})"
        )

    # -- crawls ---------------------------------------------------------------------------------------
    def start_crawl(
        self,
        *,
        sources: Iterable[str],
        settings: Mapping[str, Any],
        software: Mapping[str, str],
        data_dir: str = "",
    ) -> int:
        import os

        cur = self.conn.execute(
            "INSERT INTO crawls (started_at, sources, settings, software, data_dir, pid) VALUES (?, ?, ?, ?, ?, ?)",
            (
                utc_now_iso(),
                json.dumps(list(sources), ensure_ascii=False),
                json.dumps(dict(settings), ensure_ascii=False, default=str, sort_keys=True),
                json.dumps(dict(software), sort_keys=True),
                data_dir,
                os.getpid(),
            ),
        )
        self.commit()
        return cur.lastrowid

    def finish_crawl(self, crawl_id: int, reason: str, stats: Mapping[str, Any]) -> None:
        self.conn.execute(
            "UPDATE crawls SET finished_at = ?, finish_reason = ?, stats = ? WHERE id = ?",
            (utc_now_iso(), reason, json.dumps(dict(stats), default=str, sort_keys=True), crawl_id),
        )
        self.commit()

    # -- WARC files ------------------------------------------------------------------------------------
    def file_opened(self, name: str, crawl_id: int | None) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO warc_files (name, crawl_id, opened_at) VALUES (?, ?, ?)",
            (name, crawl_id, utc_now_iso()),
        )
        self.commit()

    def file_closed(self, closed: ClosedFile, crawl_id: int | None = None, *, commit: bool = True) -> None:
        self.conn.execute(
            "INSERT INTO warc_files (name, crawl_id, size, sha256, records, closed_at) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(name) DO UPDATE SET size = excluded.size, sha256 = excluded.sha256, "
            "records = excluded.records, closed_at = excluded.closed_at, "
            "crawl_id = coalesce(warc_files.crawl_id, excluded.crawl_id)",
            (closed.name, crawl_id, closed.size, closed.sha256, closed.records, closed.closed_at),
        )
        if commit:
            self.commit()

    def record_list_made(
        self, name: str, sha256: str, records: int, data: bytes, *, commit: bool = True
    ) -> None:
        """Keep the record list (archive/recordlist.py) of the closed file NAME whose sha256 is SHA256."""
        self.conn.execute(
            "INSERT OR REPLACE INTO warc_record_lists (name, sha256, records, data) VALUES (?, ?, ?, ?)",
            (name, sha256, records, data),
        )
        if commit:
            self.commit()

    # -- captures --------------------------------------------------------------------------------------
    def add_capture(self, capture: Mapping[str, Any]) -> int:
        """Insert one capture row; it becomes visible to readers at the next batch commit."""
        cur = self.conn.execute(self._capture_sql, [capture.get(c) for c in CAPTURE_COLUMNS])
        self._pending += 1
        self.maybe_commit()
        return cur.lastrowid

    def add_failure(self, failure: Mapping[str, Any]) -> None:
        """Insert one failure row (archive/catalog/failures.py), batched like captures; a row already there (the
        same metadata record, read again by recovery) is left as it is."""
        self.conn.execute(self._failure_sql, [failure.get(c) for c in FAILURE_COLUMNS])
        self._pending += 1
        self.maybe_commit()

    def update_capture(self, capture_id: int, **values: Any) -> None:
        sets = ", ".join(f"{k} = ?" for k in values)
        self.conn.execute(f"UPDATE captures SET {sets} WHERE id = ?", [*values.values(), capture_id])
        self._pending += 1
        self.maybe_commit()

    def maybe_commit(self) -> None:
        if self._pending >= self.batch_size or time.monotonic() - self._last_commit >= self.batch_seconds:
            self.commit()

    def commit(self) -> None:
        self.conn.commit()
        self._pending = 0
        self._last_commit = time.monotonic()

    def known_locations(self, warc_file: str) -> set[int]:
        """Offsets of the records of one WARC file that already have a capture."""
        rows = self.conn.execute("SELECT warc_offset FROM captures WHERE warc_file = ?", (warc_file,))
        return {row[0] for row in rows}

    def close(self) -> None:
        """Commit, then fold the write-ahead log into catalog.db, so that the catalog is one file at rest (a
        copy of catalog.db alone is then the whole catalog)."""
        try:
            self.commit()
            checkpoint(self.conn)
        finally:
            self.conn.close()


def checkpoint(conn: sqlite3.Connection) -> None:
    """Move everything in the WAL into the database file and empty the WAL; a reader holding an old snapshot
    (Datasette) leaves part of it for SQLite's next automatic checkpoint, which is harmless."""
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.OperationalError:  # busy, or read-only media: the WAL stays valid beside the file
        pass
