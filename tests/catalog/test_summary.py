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


def test_failures_by_source_and_reason(tmp_path):
    from archive.catalog.summary import by_reason, failures

    catalog = Catalog(tmp_path / "catalog.db")
    crawl_id = catalog.start_crawl(sources=["a", "b"], settings={}, software={})
    rows = [("a", 404, "article", None), ("a", 404, "article", None), ("b", 503, "listing", None),
            ("b", 200, "article", "too_short"), ("b", 200, "article", "ok"), ("a", 200, "listing", None)]  # fmt: skip
    for n, (source, status, kind, extract) in enumerate(rows):
        catalog.add_capture(
            {"crawl_id": crawl_id, "source": source, "url": f"http://x/{n}", "status": status,
             "record_type": "response", "warc_file": "x.warc.gz", "warc_offset": n, "warc_length": 1,
             "warc_record_id": f"<urn:uuid:{n}>", "page_kind": kind, "extract_status": extract,
             "fetched_at": f"2026-01-0{n + 1}T00:00:00Z"}
        )  # fmt: skip
    catalog.commit()
    conn = catalog.db.conn
    assert by_reason(failures(conn)) == {"HTTP 404": 2, "HTTP 503": 1, "extraction: too_short": 1}
    assert {(f.source, f.reason, f.count) for f in failures(conn, crawl_id=crawl_id)} == {
        ("a", "HTTP 404", 2),
        ("b", "HTTP 503", 1),
        ("b", "extraction: too_short", 1),
    }
    assert by_reason(failures(conn, since="2026-01-03")) == {"HTTP 503": 1, "extraction: too_short": 1}
    assert crawl_summary(catalog.db, crawl_id)["failed"] == 4
    catalog.close()


def test_open_warc_files_count_at_their_size_on_disk(tmp_path):
    from archive.catalog.summary import warc_files

    catalog = Catalog(tmp_path / "catalog.db")
    crawl_id = catalog.start_crawl(sources=["a"], settings={}, software={})
    catalog.file_opened("f.warc.gz", crawl_id)
    catalog.commit()
    (tmp_path / "warc").mkdir()
    (tmp_path / "warc" / "f.warc.gz.open").write_bytes(b"x" * 1234)
    [entry] = warc_files(catalog.db.conn, tmp_path)
    assert entry["size"] == 1234 and entry["open"]
    assert crawl_summary(catalog.db, crawl_id, data_dir=tmp_path)["archive_warc_bytes"] == 1234
    catalog.close()
