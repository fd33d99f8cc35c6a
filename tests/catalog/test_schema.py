"""The catalog schema: migrations apply once, and applying them again changes nothing."""

from __future__ import annotations

from sqlite_utils import Database

from archive.catalog.db import Catalog
from archive.catalog.schema import migrate

CONTRACT = {
    "crawls": "id started_at finished_at finish_reason sources settings software stats",
    "warc_files": "name crawl_id size sha256 records closed_at",
    "captures": "id crawl_id source url fetched_at status content_type record_type warc_file warc_offset "
    "warc_length warc_record_id payload_digest refers_to via discovered_from",
    "articles": "id source url canonical_url title author published modified language text word_count "
    "text_digest simhash capture_id first_seen last_seen duplicate_of extractor_version",
    "images": "id article_id position src caption credit alt",
    "article_versions": "id article_id version capture_id observed_at title text_digest chars_added chars_removed",
    "duplicates": "article_id duplicate_of kind similarity",
}


def test_contract_tables_and_columns():
    db = Database(memory=True)
    migrate(db)
    for table, columns in CONTRACT.items():
        assert set(columns.split()) <= set(db[table].columns_dict), table


def test_migrations_twice_is_a_noop():
    db = Database(memory=True)
    migrate(db)
    before = {t.name: t.schema for t in db.tables}
    applied = db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
    migrate(db)
    assert {t.name: t.schema for t in db.tables} == before
    assert db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == applied


def test_catalog_uses_wal_and_reopens(tmp_path):
    catalog = Catalog(tmp_path / "catalog.db")
    crawl = catalog.start_crawl(sources=["a"], settings={}, software={"x": "1"})
    catalog.close()
    again = Catalog(tmp_path / "catalog.db")
    assert again.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert again.conn.execute("SELECT id FROM crawls").fetchone()[0] == crawl
    again.close()
