"""End to end: a real crawl (`python -m crawler crawl`) of fixture sites on loopback, one per discovery path."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.helpers import SITES, run_cli, write_sources

A1 = "/news/2026/05/chinh-phu-hop-phien-thuong-ky-thang-5-100001.html"
A2 = "/news/2026/05/quoc-hoi-thao-luan-du-an-luat-100002.html"
A3 = "/news/2026/04/bo-cong-an-trien-khai-cao-diem-100003.html"
A4 = "/news/2026/05/ttxvn-dua-tin-hoi-nghi-quoc-te-100004.html"
A5 = "/news/2026/03/bai-cu-khong-nam-trong-sitemap-100005.html"
OLD = "/news/2025/01/bai-rat-cu-nam-2025-100006.html"

pytestmark = pytest.mark.slow


def crawl(site_factory, tmp_path: Path, name: str, *args: str):
    site = site_factory(SITES / name)
    sources = write_sources(tmp_path / "sources.toml", {"t": {"homepage": site.base_url + "/", "delay": 0}})
    data = tmp_path / "data"
    result = run_cli("crawl", "t", "--sources", str(sources), "--data", str(data), *args)
    assert result.returncode == 0, result.stderr[-3000:]
    return site, data


def captures(data: Path) -> dict[str, tuple]:
    """path -> (status, via, page_kind, discovered_from path) of the first capture of each URL."""
    db = sqlite3.connect(data / "catalog.db")
    out: dict[str, tuple] = {}
    for url, status, via, kind, found in db.execute(
        "SELECT url, status, via, page_kind, discovered_from FROM captures ORDER BY id"
    ):
        path = "/" + url.split("/", 3)[3]
        found = "/" + found.split("/", 3)[3] if found else None
        out.setdefault(path, (status, via, kind, found))
    return out


def requested(site) -> list[str]:
    return [line.split(" ", 1)[1] for line in site.log]


def metadata_fields(data: Path) -> dict[str, dict[str, list[str]]]:
    """URL path -> fields of its WARC metadata record."""
    out: dict[str, dict[str, list[str]]] = {}
    for warc in sorted((data / "warc").glob("*.warc.gz")):
        with open(warc, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "metadata":
                    continue
                path = "/" + record.rec_headers.get_header("WARC-Target-URI").split("/", 3)[3]
                fields = out.setdefault(path, {})  # the page's own, then the spider's revision of its kind
                for line in record.content_stream().read().decode("utf-8").splitlines():
                    key, _, value = line.partition(": ")
                    if key not in ("page-kind", "page-kind-reason") or key not in fields:
                        fields.setdefault(key, []).append(value)
    return out


def test_all_paths_together(site_factory, tmp_path):
    site, data = crawl(site_factory, tmp_path, "press-all")
    got = captures(data)
    assert got["/robots.txt"][:3] == (200, "robots", "robots")
    assert got["/sitemaps/index.xml"] == (200, "sitemap", "sitemap", "/robots.txt")
    assert got["/sitemaps/news.xml"] == (200, "sitemap", "sitemap", "/sitemaps/index.xml")
    assert got["/sitemaps/2026-04.xml.gz"][:3] == (200, "sitemap", "sitemap")
    assert got["/rss/home.rss"] == (200, "feed", "feed", "/")  # autodiscovered on the homepage
    assert got[A2] == (200, "sitemap", "article", "/sitemaps/news.xml")
    assert got[A3] == (200, "sitemap", "article", "/sitemaps/2026-04.xml.gz")  # relative <loc> in a .gz
    assert got[A4] == (200, "feed", "article", "/rss/home.rss")
    assert got[A1][1] in ("sitemap", "feed") and OLD in got
    log = requested(site)
    assert not [p for p in log if p.startswith("/private/")]  # robots.txt Disallow
    assert log.count("/robots.txt") == 1  # fetched once, by the spider, and used for the rules too
    assert log.count("/sitemaps/index.xml") == 1  # the index lists itself: loop guard
    assert A5 not in log and "/category/thoi-su" not in log  # sitemaps and feeds exist: no link following
    assert not [p for p in log if p.endswith(".jpg")]
    fields = metadata_fields(data)
    assert fields[A2]["news:title"] == ["Quốc hội thảo luận dự án luật"]
    assert fields[A2]["news:publication_date"] == ["2026-05-20T08:30:00+0700"]
    assert fields[A2]["news:language"] == ["vi"]
    assert fields[A2]["published"] == ["2026-05-20T01:30:00Z"]
    assert fields[A2]["via"] == ["sitemap"]
    assert fields[A3]["lastmod"] == ["2026-04-15"]
    assert fields[A4]["feed:pubDate"] == ["05/09/2026 09:18"]
    assert fields[A4]["feed:title"] == ["TTXVN đưa tin hội nghị quốc tế"]
    assert fields[A4]["discovered-from"][0].endswith("/rss/home.rss")


def test_since_and_until_filter_before_fetching(site_factory, tmp_path):
    site, data = crawl(site_factory, tmp_path, "press-all", "--since", "2026-05-01", "--until", "2026-05-15")
    log = requested(site)
    assert A1 in log  # 2026-05-10
    assert A2 not in log  # 2026-05-20, after --until
    assert A3 not in log and OLD not in log  # before --since
    # child sitemaps whose lastmod is before --since are not even fetched
    assert "/sitemaps/2025-01.xml" not in log and "/sitemaps/2026-04.xml.gz" not in log
    assert "/sitemaps/news.xml" in log
    assert A4 not in log  # the feed dates it 05/09/2026, day first: 5 September 2026


def test_sitemap_only_found_at_the_usual_place(site_factory, tmp_path):
    site, data = crawl(site_factory, tmp_path, "sitemap-only")
    got = captures(data)
    assert got["/sitemap.xml"][:3] == (200, "sitemap", "sitemap")
    assert got[A1][:3] == got[A3][:3] == (200, "sitemap", "article")
    assert A5 not in requested(site)


def test_news_sitemap_only(site_factory, tmp_path):
    site, data = crawl(site_factory, tmp_path, "news-sitemap-only")
    got = captures(data)
    assert got[A2] == got[A4] == (200, "sitemap", "article", "/sitemap-news.xml")
    assert not [p for p in requested(site) if p.startswith("/sitemap") and p != "/sitemap-news.xml"]
    fields = metadata_fields(data)
    assert fields[A4]["news:publication_date"] == ["2026-05-09"]


def test_feed_only_autodiscovered_messy_feeds(site_factory, tmp_path):
    site, data = crawl(site_factory, tmp_path, "feed-only")
    got = captures(data)
    assert got["/robots.txt"][:2] == (404, "robots")
    for feed in ("/rss/tin-moi.rss", "/atom.xml", "/feed.json"):
        assert got[feed] == (200, "feed", "feed", "/")
    # the RSS declares UTF-16 but is UTF-8, has an unescaped '&', an unclosed <item>, a relative link, a duplicate
    assert got[A1] == got[A2] == (200, "feed", "article", "/rss/tin-moi.rss")
    assert got[A3] == (200, "feed", "article", "/atom.xml")  # xml:base
    assert got[A4] == (200, "feed", "article", "/feed.json")
    assert requested(site).count(A1) == 1


def test_links_only_follows_listings_and_pagination(site_factory, tmp_path):
    site, data = crawl(site_factory, tmp_path, "links-only")
    got = captures(data)
    assert got["/chuyen-muc/thoi-su"] == (200, "link", "listing", "/")
    assert got["/chuyen-muc/thoi-su/trang-2"] == (200, "link", "listing", "/chuyen-muc/thoi-su")
    assert got[A1] == (200, "link", "article", "/")
    assert got[A2] == (200, "link", "article", "/chuyen-muc/thoi-su")
    assert requested(site).count("/") == 1  # listed by the sitemap, but fetched once, as the homepage
    assert got[A3] == (200, "link", "article", "/chuyen-muc/thoi-su/trang-2")
    log = requested(site)
    assert not [p for p in log if p.startswith("/admin/")]
    assert log.count("/") == 1
    # links met again on later pages are skipped before a Request is built for them
    db = sqlite3.connect(data / "catalog.db")
    stats = json.loads(db.execute("SELECT stats FROM crawls").fetchone()[0])
    assert stats.get("discovery/links_seen_before", 0) >= 2  # page 2 links back to page 1 and to A2
    assert log.count("/chuyen-muc/thoi-su") == 1 and log.count(A2) == 1


def test_declared_feed_that_is_an_rss_index_page(site_factory, tmp_path):
    """Vietnamese sites often declare /rss: an HTML page that lists one feed per section."""
    site = site_factory(SITES / "rss-index")
    sources = write_sources(
        tmp_path / "sources.toml",
        {"t": {"homepage": site.base_url + "/", "feeds": [site.base_url + "/rss"], "delay": 0}},
    )
    data = tmp_path / "data"
    result = run_cli("crawl", "t", "--sources", str(sources), "--data", str(data))
    assert result.returncode == 0, result.stderr[-3000:]
    got = captures(data)
    assert got["/rss"][:2] == (200, "feed")
    assert got["/rss/thoi-su.rss"] == got["/rss/kinh-te.rss"] == (200, "feed", "feed", "/rss")
    assert got["/tin/chinh-phu-hop-phien-thuong-ky-200001.htm"] == (
        200,
        "feed",
        "article",
        "/rss/thoi-su.rss",
    )
    assert got["/tin/xuat-khau-tang-manh-200002.htm"] == (200, "feed", "article", "/rss/kinh-te.rss")
    assert "/gioi-thieu" not in requested(site)


def test_sitemap_of_section_pages_only_still_follows_links(site_factory, tmp_path):
    site, data = crawl(site_factory, tmp_path, "sections-sitemap")
    got = captures(data)
    assert got["/chuyen-muc/thoi-su"] == (200, "sitemap", "listing", "/sitemap.xml")
    assert got[A2] == (200, "link", "article", "/chuyen-muc/thoi-su")
    assert requested(site).count("/") == 1  # listed by the sitemap, but fetched once, as the homepage
