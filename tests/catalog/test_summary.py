"""archive.catalog.summary: the demo's crawl report works on a catalog whose article tables are still empty."""

from __future__ import annotations

from archive.catalog.db import Catalog
from archive.catalog.summary import crawl_summary
from tests.helpers import run_cli


def test_summary_of_a_crawl_without_articles(tmp_path):
    catalog = Catalog(tmp_path / "catalog.db")
    crawl_id = catalog.start_crawl(sources=["sample"], settings={}, software={})
    for n, status in enumerate((200, 200, 301, 404)):
        catalog.add_capture(
            {
                "crawl_id": crawl_id,
                "source": "sample",
                "url": f"http://127.0.0.1:1/{n}",
                "status": status,
                "record_type": "response",
                "warc_file": "x.warc.gz",
                "warc_offset": n * 100,
                "warc_length": 100,
                "warc_record_id": f"<urn:uuid:{n}>",
                "page_kind": "article" if n else "listing",
            }
        )
    catalog.finish_crawl(crawl_id, "finished", {"robotstxt/forbidden": 2})
    summary = crawl_summary(catalog.db, crawl_id)
    catalog.close()
    assert summary["captures"] == 4 and summary["finish_reason"] == "finished"
    assert summary["by_status"] == {"200": 2, "301": 1, "404": 1}
    assert summary["by_kind"] == {"article": 3, "listing": 1}
    assert summary["stats"]["robotstxt/forbidden"] == 2
    assert summary["articles"] == 0 and summary["images"] == 0
    assert summary["caption_examples"] == [] and summary["duplicate_examples"] == []


def test_demo_has_help_with_an_example():
    result = run_cli("demo", "--help")
    assert result.returncode == 0
    assert "newsarchive demo --data" in result.stdout and "--fresh" in result.stdout
