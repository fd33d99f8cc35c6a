"""`newsarchive reindex`: the catalog rebuilt from the WARC files alone matches the one the crawl wrote."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.helpers import SITES, run_cli, write_sources

COLUMNS = (
    "crawl_id source url fetched_at status content_type record_type warc_file warc_offset warc_length "
    "warc_record_id payload_digest payload_length refers_to revisit_profile via discovered_from redirect_to "
    "etag last_modified page_kind request_record_id depth discovery"
).split()


def snapshot(data: Path) -> tuple[list[tuple], list[tuple]]:
    conn = sqlite3.connect(data / "catalog.db")
    captures = conn.execute(
        f"SELECT {', '.join(COLUMNS)} FROM captures ORDER BY warc_file, warc_offset"
    ).fetchall()
    files = conn.execute("SELECT name, size, sha256, records FROM warc_files ORDER BY name").fetchall()
    articles = conn.execute(
        "SELECT canonical_url, title, published, published_from, text_digest, extractor_version FROM articles "
        "ORDER BY canonical_url"
    ).fetchall()
    images = conn.execute("SELECT src, caption, credit FROM images ORDER BY src").fetchall()
    conn.close()
    return captures, files, articles, images


def test_reindex_rebuilds_the_same_catalog(tmp_path, site_factory):
    site = site_factory(SITES / "basic")
    sources = write_sources(tmp_path / "s.toml", {"basic": {"homepage": site.base_url + "/", "delay": 0}})
    data = tmp_path / "data"
    assert run_cli("crawl", "--sources", str(sources), "--data", str(data)).returncode == 0
    # a second crawl: identical payloads become revisits, which must survive the rebuild too
    assert run_cli("crawl", "--sources", str(sources), "--data", str(data)).returncode == 0
    before_captures, before_files, before_articles, before_images = snapshot(data)
    assert len(before_articles) >= 3 and before_images
    assert all(row[3] for row in before_articles if row[2])  # where a date came from is kept
    assert any(row[COLUMNS.index("record_type")] == "revisit" for row in before_captures)
    index_dir = data / "indexes"
    before_indexes = {p.name: p.read_bytes() for p in index_dir.glob("*.cdxj")}
    assert len(before_indexes) == 2
    for path in index_dir.glob("*.cdxj"):
        path.write_text("garbled\n")

    # damage the catalog's derived rows, then rebuild from the WARC files
    conn = sqlite3.connect(data / "catalog.db")
    conn.execute("DELETE FROM captures WHERE id % 2 = 0")
    conn.execute("UPDATE articles SET text = 'garbled'")
    conn.execute("UPDATE warc_files SET sha256 = 'x'")
    conn.commit()
    conn.close()
    assert run_cli("verify", "--data", str(data)).returncode == 1

    result = run_cli("reindex", "--data", str(data), "--workers", "1")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "reindexed 2 WARC files" in result.stdout
    after_captures, after_files, after_articles, after_images = snapshot(data)
    assert after_captures == before_captures
    assert after_files == before_files
    assert after_articles == before_articles  # the same extractor gives the same corpus
    assert after_images == before_images
    # reindex makes the CDXJ lines in its own pass over the files: the same bytes as the crawl's (which the
    # CDXJ tests compare with cdxj-indexer's)
    assert {p.name: p.read_bytes() for p in index_dir.glob("*.cdxj")} == before_indexes
    assert run_cli("verify", "--data", str(data)).returncode == 0
    conn = sqlite3.connect(data / "catalog.db")
    assert conn.execute("SELECT count(*) FROM crawls").fetchone()[0] == 2  # history kept


def test_reindex_without_warc_files_says_what_to_do(tmp_path):
    result = run_cli("reindex", "--data", str(tmp_path / "nothing"))
    assert result.returncode == 1 and "no WARC files" in result.stderr


def test_reindex_gives_the_extractor_the_same_discovery_hints(tmp_path, site_factory):
    site = site_factory(SITES / "press-all")
    sources = write_sources(tmp_path / "s.toml", {"all": {"homepage": site.base_url + "/", "delay": 0}})
    data = tmp_path / "data"
    assert run_cli("crawl", "--sources", str(sources), "--data", str(data)).returncode == 0
    before = snapshot(data)
    hinted = [row for row in before[0] if row[COLUMNS.index("discovery")]]
    assert hinted, "the news sitemap and feeds give fields for article captures"
    result = run_cli("reindex", "--data", str(data), "--sources", str(sources), "--workers", "1")
    assert result.returncode == 0, result.stderr[-3000:]
    after = snapshot(data)
    assert after == before


def _edited_article(text: str, modified: str) -> str:
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Phiên họp Chính phủ</title>'
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Phiên họp Chính phủ",'
        f'"datePublished":"2026-11-01T08:00:00+07:00","dateModified":"{modified}"}}</script></head>'
        "<body><article><h1>Phiên họp Chính phủ</h1>"
        + "".join(
            f"<p>{text} Đoạn {k}: nội dung bài viết về phiên họp thường kỳ của Chính phủ, các chỉ tiêu kinh tế.</p>"
            for k in range(1, 5)
        )
        + "</article></body></html>"
    )


def _versions(data: Path) -> list[tuple]:
    conn = sqlite3.connect(data / "catalog.db")
    try:
        return conn.execute(
            "SELECT a.canonical_url, v.version, v.observed_at, v.text_digest, a.first_seen, a.last_seen "
            "FROM article_versions v JOIN articles a ON a.id = v.article_id ORDER BY a.canonical_url, v.version"
        ).fetchall()
    finally:
        conn.close()


@pytest.mark.slow
def test_reindex_extracts_while_reading_and_keeps_fetch_order_when_files_do_not(tmp_path, site_factory):
    """reindex extracts the articles of a file while it reads it, storing them in file order; when a capture of
    an article then comes after a newer capture of it (files whose names do not sort in fetch order: shards,
    renamed or copied files), it extracts everything again in fetch order, so versions come out the same."""
    root = tmp_path / "site"
    (root / "tin").mkdir(parents=True)
    path = "/tin/phien-hop-chinh-phu-thuong-ky-thang-11-100001.html"
    page = root / path.lstrip("/")
    page.write_text(_edited_article("Bản đầu.", "2026-11-01T08:00:00+07:00"), encoding="utf-8")
    lastmod = root / "sitemap.xml"
    sitemap = (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>{{base}}" + path + "</loc><lastmod>%s</lastmod></url></urlset>"
    )
    lastmod.write_text(sitemap % "2026-11-01T08:00:00+07:00", encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nSitemap: {{base}}/sitemap.xml\n", encoding="utf-8")
    (root / "index.html").write_text("<html><body><h1>Báo</h1></body></html>", encoding="utf-8")
    site = site_factory(root)
    sources = write_sources(tmp_path / "s.toml", {"t": {"homepage": site.base_url + "/", "delay": 0}})
    data = tmp_path / "data"
    args = ("crawl", "t", "--sources", str(sources), "--data", str(data))
    assert run_cli(*args).returncode == 0
    page.write_text(_edited_article("Bản đã sửa: đính chính số liệu.", "2026-11-02T08:00:00+07:00"), "utf-8")
    lastmod.write_text(sitemap % "2026-11-02T08:00:00+07:00", encoding="utf-8")
    assert run_cli(*args).returncode == 0
    before = _versions(data)
    assert [row[1] for row in before] == [1, 2], before

    result = run_cli("reindex", "--data", str(data), "--workers", "1")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "again in fetch order" not in result.stdout + result.stderr
    assert _versions(data) == before

    # The second crawl's file renamed to sort first: its newer capture is read, and stored, first.
    first, second = sorted((data / "warc").glob("*.warc.gz"))
    second.rename(second.with_name("a-" + second.name))
    result = run_cli("reindex", "--data", str(data), "--workers", "1")
    assert result.returncode == 0, result.stderr[-3000:]
    assert _versions(data) == before
    assert "again in fetch order" in result.stdout + result.stderr
