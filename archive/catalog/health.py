"""Is the catalog usable, and was an error the storage's fault: the questions every command asks before it trusts
DATA/catalog.db, and the crawl asks when a write fails.

- `catalog_problem(path)`: why a catalog file cannot be used (not a database, cut short, unreadable), cheaply,
  before any work starts; None when it looks sound.
- `damaged(exc)`: an SQLite error that means the file is damaged (not a transient lock).
- `storage_full(exc)`: an error that means the disk (or the process's file size limit, or a quota) is full.
- `CatalogDamaged`: raised with the one-line message users see, which names the way out (`reindex`)."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

__all__ = [
    "CatalogDamaged",
    "catalog_problem",
    "damaged",
    "damaged_message",
    "storage_full",
    "storage_message",
]

_MAGIC = b"SQLite format 3\x00"
_DAMAGE_CODES = ("SQLITE_CORRUPT", "SQLITE_NOTADB")
_DAMAGE_WORDS = ("file is not a database", "malformed", "file is encrypted", "not a database")
_FULL_ERRNOS = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


class CatalogDamaged(Exception):
    """The catalog file cannot be used; str() is the message for the user."""


def damaged_message(path: Path, why: str) -> str:
    data = path.parent
    return (
        f"the catalog {path} is damaged ({why}): rebuild it from the WARC files with "
        f"`newsarchive reindex --data {data}` (the damaged file is kept aside, not deleted)"
    )


def storage_message(what: str, exc: BaseException) -> str:
    reason = getattr(exc, "strerror", None) or str(exc)
    return (
        f"stopped: writing {what} failed ({reason}): the disk is full, or a quota or file size limit "
        "was reached. What was written is intact; free some space (or raise the limit) and run the same "
        "command again to continue"
    )


def damaged(exc: BaseException) -> bool:
    """Whether an SQLite error says the database file is damaged (corrupt, not a database)."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    if getattr(exc, "sqlite_errorname", "") in _DAMAGE_CODES:
        return True
    text = str(exc).lower()
    return any(word in text for word in _DAMAGE_WORDS)


def storage_full(exc: BaseException) -> bool:
    """Whether an error means no more can be written: ENOSPC, EFBIG (RLIMIT_FSIZE), EDQUOT, or SQLite's
    "database or disk is full" and the write errors SQLite reports for them (SQLITE_IOERR_WRITE for EFBIG)."""
    if isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS:
        return True
    if isinstance(exc, sqlite3.OperationalError):
        name = getattr(exc, "sqlite_errorname", "")
        text = str(exc).lower()
        return name == "SQLITE_FULL" or name.startswith("SQLITE_IOERR") or "disk is full" in text
    return False


def catalog_problem(path: str | Path) -> str | None:
    """Why the catalog at PATH cannot be used, or None: a file that is not SQLite, one shorter than its header
    says (cut short by a copy or a crash of the disk), or one whose schema cannot be read. Cheap: it reads the
    header and the schema, not every page (damage deeper in is caught where a query meets it)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            header = fh.read(100)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot be read: {exc.strerror}"
    if size == 0:
        return None  # an empty file is a new database to SQLite
    if len(header) < 100 or not header.startswith(_MAGIC):
        return "file is not a database"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid_for = header[92:96] == header[24:28]  # the header's page count is current
    wal = path.with_name(path.name + "-wal")
    wal_has_pages = wal.exists() and wal.stat().st_size > 32
    if valid_for and pages and not wal_has_pages and size < pages * page_size:
        return f"cut short: {size:,} bytes of {pages * page_size:,}"
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if damaged(exc):
            return str(exc)
        raise
    return None
