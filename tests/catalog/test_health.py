"""archive.catalog.health: a damaged catalog is recognised cheaply (garbage, cut short, an unreadable schema) and a
sound one is not; errors that mean a full disk are told from others."""

from __future__ import annotations

import errno
import sqlite3

from archive.catalog.db import Catalog
from archive.catalog.health import catalog_problem, damaged, storage_full


def sound_catalog(path):
    catalog = Catalog(path)
    catalog.conn.executemany("INSERT INTO crawls (started_at) VALUES (?)", [("x" * 500,)] * 500)
    catalog.close()
    return path


def test_sound_missing_and_empty_catalogs_have_no_problem(tmp_path):
    assert catalog_problem(sound_catalog(tmp_path / "catalog.db")) is None
    assert catalog_problem(tmp_path / "missing.db") is None
    (tmp_path / "empty.db").write_bytes(b"")
    assert catalog_problem(tmp_path / "empty.db") is None


def test_garbage_and_cut_short_catalogs_are_damaged(tmp_path):
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not sqlite" * 100)
    assert catalog_problem(garbage) == "file is not a database"
    cut = sound_catalog(tmp_path / "cut.db")
    raw = cut.read_bytes()
    cut.write_bytes(raw[: len(raw) // 2])
    assert catalog_problem(cut).startswith("cut short")


def test_which_errors_mean_damage_and_which_a_full_disk():
    assert damaged(sqlite3.DatabaseError("file is not a database"))
    assert damaged(sqlite3.DatabaseError("database disk image is malformed"))
    assert not damaged(sqlite3.OperationalError("database is locked"))
    assert storage_full(OSError(errno.ENOSPC, "No space left on device"))
    assert storage_full(OSError(errno.EFBIG, "File too large"))
    assert storage_full(sqlite3.OperationalError("database or disk is full"))
    assert not storage_full(OSError(errno.EACCES, "Permission denied"))
    assert not storage_full(sqlite3.OperationalError("database is locked"))
