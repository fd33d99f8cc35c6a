"""The per-URL questions a crawl asks the catalog: when an unchanged child sitemap may be skipped."""

from __future__ import annotations

from datetime import UTC, datetime

from archive.catalog.db import Catalog
from archive.catalog.lookups import sitemap_unchanged

SITEMAP = "https://bao.example.vn/sitemaps/2026-01-05.xml"
PAGE = "https://bao.example.vn/tin/bai-viet-100005.html"
LASTMOD = datetime(2026, 1, 5, 16, 0, tzinfo=UTC)


def _catalog(tmp_path, finish: str = "finished") -> Catalog:
    catalog = Catalog(tmp_path / "catalog.db")
    crawl = catalog.start_crawl(sources=["s"], settings={}, software={})
    catalog.add_capture(
        {
            "crawl_id": crawl,
            "url": SITEMAP,
            "fetched_at": "2026-01-06T00:00:00Z",
            "status": 200,
            "page_kind": "sitemap",
        }
    )
    catalog.finish_crawl(crawl, finish, {})
    return catalog


def test_a_sitemap_a_finished_crawl_read_after_its_lastmod_is_skipped(tmp_path):
    catalog = _catalog(tmp_path)
    assert sitemap_unchanged(catalog.conn, SITEMAP, LASTMOD)
    assert not sitemap_unchanged(catalog.conn, SITEMAP, datetime(2026, 1, 7, tzinfo=UTC))  # changed since


def test_a_crawl_that_did_not_finish_vouches_for_nothing(tmp_path):
    assert not sitemap_unchanged(_catalog(tmp_path, "shutdown").conn, SITEMAP, LASTMOD)


def test_a_listed_page_that_failed_without_a_response_means_reading_it_again(tmp_path):
    catalog = _catalog(tmp_path)
    catalog.add_failure(
        {
            "crawl_id": 1,
            "url": PAGE,
            "failed_at": "2026-01-06T00:00:01Z",
            "reason": "timeout",
            "discovered_from": SITEMAP,
            "warc_record_id": "<urn:uuid:1>",
        }
    )
    catalog.commit()
    assert not sitemap_unchanged(catalog.conn, SITEMAP, LASTMOD)


def test_a_listed_page_that_got_a_server_error_means_reading_it_again(tmp_path):
    catalog = _catalog(tmp_path)
    catalog.add_capture(
        {
            "crawl_id": 1,
            "url": PAGE,
            "fetched_at": "2026-01-06T00:00:01Z",
            "status": 503,
            "discovered_from": SITEMAP,
        }
    )
    catalog.commit()
    assert not sitemap_unchanged(catalog.conn, SITEMAP, LASTMOD)


def _steps(catalog: Catalog) -> int:
    """SQLite virtual-machine steps (in hundreds) one sitemap_unchanged call takes."""
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    catalog.conn.set_progress_handler(count, 100)
    try:
        assert sitemap_unchanged(catalog.conn, SITEMAP, LASTMOD)
    finally:
        catalog.conn.set_progress_handler(None, 100)
    return steps[0]


def test_the_lookup_does_not_walk_every_capture_of_the_crawl(tmp_path):
    """An index of 3,000 daily sitemaps asks this 3,000 times a run: its cost must not grow with the captures
    the crawl made (through the index on crawl_id it walked all of them: 18 s a run at 15,000 captures)."""
    catalog = _catalog(tmp_path)
    before = _steps(catalog)
    catalog.conn.executemany(
        "INSERT INTO captures (crawl_id, url, fetched_at, status, page_kind, discovered_from) "
        "VALUES (1, ?, '2026-01-06T00:00:02Z', 200, 'article', ?)",
        [
            (f"https://bao.example.vn/tin/bai-{i}.html", f"https://bao.example.vn/sitemaps/{i % 300}.xml")
            for i in range(20_000)
        ],
    )
    catalog.conn.commit()
    assert _steps(catalog) <= before + 2


def test_the_lookup_does_not_walk_every_failure_of_the_crawl(tmp_path):
    """The same for the failures table: a crawl refused by robots.txt thousands of times must not make each
    sitemap's question cost thousands of rows."""
    catalog = _catalog(tmp_path)
    before = _steps(catalog)
    catalog.conn.executemany(
        "INSERT INTO failures (crawl_id, url, failed_at, reason, discovered_from, warc_record_id) "
        "VALUES (1, ?, '2026-01-06T00:00:02Z', 'robots', ?, ?)",
        [
            (
                f"https://bao.example.vn/tim-kiem/{i}",
                f"https://bao.example.vn/sitemaps/{i % 300}.xml",
                f"<urn:{i}>",
            )
            for i in range(20_000)
        ],
    )
    catalog.conn.commit()
    assert _steps(catalog) <= before + 2
