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
