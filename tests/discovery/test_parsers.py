"""Discovery parsers on real, messy feeds and sitemaps (../shared/data/feeds) and on the lies servers tell."""

from __future__ import annotations

import gzip
import json
import re
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from archive.discovery import (
    TooLarge,
    feed_links,
    in_window,
    iso_utc,
    looks_like_feed,
    parse_date,
    parse_feed,
    parse_robots,
    parse_sitemap,
)
from tests.helpers import SHARED_DATA

FEEDS = SHARED_DATA / "feeds"
ICT = timezone(timedelta(hours=7))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9/5/2026 1:30:00 PM", datetime(2026, 9, 5, 13, 30, tzinfo=UTC)),
        ("05/09/2026 09:18", datetime(2026, 9, 5, 9, 18, tzinfo=UTC)),
        ("25/12/2026 23:05", datetime(2026, 12, 25, 23, 5, tzinfo=UTC)),
        ("2026-05-09T09:18:00+0700", datetime(2026, 5, 9, 9, 18, tzinfo=ICT)),
        ("2026-05-09 09:18:00 +0700", datetime(2026, 5, 9, 9, 18, tzinfo=ICT)),
        ("05/09/2026 09:18 +0700", datetime(2026, 9, 5, 9, 18, tzinfo=ICT)),
        ("Sun, 06 Sep 2009 16:20:00 +0000 ", datetime(2009, 9, 6, 16, 20, tzinfo=UTC)),
        ("Sun, 08 Mar 2020 15:34:10 GMT", datetime(2020, 3, 8, 15, 34, 10, tzinfo=UTC)),
        ("2008-12-23", datetime(2008, 12, 23, tzinfo=UTC)),
        ("2013-02-23T18:33:07-08:00", datetime(2013, 2, 24, 2, 33, 7, tzinfo=UTC)),
        ("1518478934", datetime(2018, 2, 12, 23, 42, 14, tzinfo=UTC)),
        ("12/31/2025 11:59:59 PM", datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC)),
    ],
)
def test_dates_as_feeds_write_them(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", None, "Invalid date", "not a date at all", "99/99/2026"])
def test_unreadable_dates_are_none(text):
    assert parse_date(text) is None


def test_window_is_by_whole_days_and_keeps_undated():
    day = datetime(2026, 5, 9, 23, 0, tzinfo=ICT)
    assert in_window(day, date(2026, 5, 9), date(2026, 5, 9))
    assert not in_window(day, date(2026, 5, 10), None)
    assert not in_window(day, None, date(2026, 5, 8))
    assert in_window(None, date(2026, 5, 10), None)
    assert iso_utc(day) == "2026-05-09T16:00:00Z"


def _expected_items(raw: bytes) -> int:
    """Items counted independently of the parser: <item>/<entry> openings, or JSON Feed items with a URL."""
    if raw.lstrip().startswith(b"{"):
        return sum(1 for i in json.loads(raw)["items"] if i.get("url") or i.get("external_url"))
    return len(re.findall(rb"<(?:\w+:)?(?:item|entry)[\s>/]", raw))


FEED_FILES = sorted(
    p
    for p in FEEDS.iterdir()
    if p.suffix in (".xml", ".rss", ".atom", ".json") and not p.name.startswith("sitemap")
)


@pytest.mark.parametrize("path", FEED_FILES, ids=lambda p: p.name)
def test_no_feed_item_is_lost(path):
    raw = path.read_bytes()
    feed = parse_feed(raw, "https://example.com/feed/")
    assert feed.kind in ("rss", "rdf", "atom", "json")
    assert len(feed.items) == _expected_items(raw) > 0
    for item in feed.items:
        assert re.match(r"https?://", item.url), item
    assert looks_like_feed(raw)


def test_feed_dates_titles_and_odd_markup():
    feed = parse_feed((FEEDS / "rssparser-feed-test-time.xml").read_bytes(), "https://x/")
    assert feed.items[0].published == datetime(2019, 5, 3, 19, 21, 28, tzinfo=UTC)  # <pubDate><time datetime=
    hindi = parse_feed((FEEDS / "rssparser-feed-test-hindi-channel-image.xml").read_bytes(), "https://x/")
    assert hindi.items[0].published == datetime(2021, 1, 29, 16, 42, tzinfo=UTC)  # `04:42 PM`, not 04:42
    feed = parse_feed((FEEDS / "feedjira-InvalidDateFormat.xml").read_bytes(), "https://x/")
    assert [i.dates.get("dc:date") for i in feed.items] == ["1518478934", "Tue, 17 Oct 2017 22:17:00 +0000"]
    greek = parse_feed((FEEDS / "rssparser-feed-test-greek.xml").read_bytes(), "https://x/")
    assert "καραντίνας" in greek.items[0].title  # iso-8859-7, as declared
    podcast = parse_feed((FEEDS / "rssparser-feed-test-charset.xml").read_bytes(), "https://x/")
    assert podcast.items[0].url.endswith(".mp3")  # an item with only an enclosure is still an item


VI_FEED = """<?xml version="1.0" encoding="UTF-16"?>
<rss version="2.0"><channel><title>Tin mới</title>
<item><title>Chính phủ họp phiên thường kỳ</title><link>/tin/chinh-phu-hop-1.html</link>
  <pubDate>9/5/2026 1:30:00 PM</pubDate></item>
<item><title>Tin & ảnh: Quốc hội khai mạc</title><link>../tin/quoc-hoi-2.html</link><pubDate>05/09/2026 09:18</pubDate>
<item><title>Chính phủ họp phiên thường kỳ</title><link>/tin/chinh-phu-hop-1.html</link></item>
<item><title>Không ngày</title><link>https://baochinhphu.vn/tin/3.html</link><pubDate>hôm qua</pubDate></item>
</channel></rss>
"""


def test_encoding_lie_malformed_xml_relative_links_duplicates():
    feed = parse_feed(VI_FEED.encode("utf-8"), "https://baochinhphu.vn/rss/tin-moi.rss", "text/xml")
    urls = [i.url for i in feed.items]
    assert urls == [
        "https://baochinhphu.vn/tin/chinh-phu-hop-1.html",
        "https://baochinhphu.vn/tin/quoc-hoi-2.html",
        "https://baochinhphu.vn/tin/3.html",
    ]
    assert feed.items[0].title == "Chính phủ họp phiên thường kỳ"
    assert feed.items[0].published == datetime(2026, 9, 5, 13, 30, tzinfo=UTC)
    assert feed.items[1].published == datetime(2026, 9, 5, 9, 18, tzinfo=UTC)
    assert feed.items[2].published is None


def test_real_utf16_and_windows_1258_label():
    utf16 = VI_FEED.replace("&", "&amp;").replace(
        "<pubDate>05/09/2026 09:18</pubDate>", "<pubDate>x</pubDate></item>"
    )
    feed = parse_feed(utf16.encode("utf-16"), "https://baochinhphu.vn/rss/")
    assert feed.items[0].title == "Chính phủ họp phiên thường kỳ"
    cp = '<?xml version="1.0" encoding="windows-1258"?><rss><channel><item><title>Vi\xea\u0323t</title><link>/a-1</link></item></channel></rss>'
    feed = parse_feed(cp.encode("windows-1258", "replace"), "https://x/")
    assert len(feed.items) == 1


def test_sitemaps_plain_gz_index_news_image():
    plain = parse_sitemap((FEEDS / "sitemap.xml").read_bytes(), "https://www.sitemaps.org/sitemap.xml")
    gz = parse_sitemap((FEEDS / "sitemap.xml.gz").read_bytes(), "https://www.sitemaps.org/sitemap.xml.gz")
    assert plain.kind == gz.kind == "urlset"
    assert [e.loc for e in plain.entries] == [e.loc for e in gz.entries]
    assert len(plain.entries) == (FEEDS / "sitemap.xml").read_bytes().count(b"<loc>")
    index = parse_sitemap((FEEDS / "sitemap2.xml").read_bytes(), "https://www.example.com/")
    assert index.kind == "sitemapindex"
    assert [e.loc for e in index.entries][1] == "http://www.example.com/sitemap2.xml.gz"  # CDATA
    news = parse_sitemap((FEEDS / "sitemap-news.xml").read_bytes(), "http://www.example.com/")
    entry = news.entries[0]
    assert entry.news["news:publication_date"] == "2008-12-23"
    assert entry.news["news:title"] == "Companies A, B in Merger Talks"
    assert entry.news["news:language"] == "en"
    assert entry.images == ["http://example.com/image.jpg", "http://example.com/photo.jpg"]
    assert entry.published == datetime(2008, 12, 23, tzinfo=UTC)
    fields = entry.fields()
    assert fields["news:title"] and fields["image:loc"]
    hreflang = parse_sitemap((FEEDS / "sitemap-hreflang.xml").read_bytes(), "http://www.example.com/")
    assert len(hreflang.entries) == 3


def test_sitemap_size_guard_and_gzip_bomb():
    big = b'<?xml version="1.0"?><urlset>' + b"<url><loc>https://x/a</loc></url>" * 2000 + b"</urlset>"
    with pytest.raises(TooLarge):
        parse_sitemap(big, "https://x/", max_bytes=10_000)
    with pytest.raises(TooLarge):
        parse_sitemap(gzip.compress(b" " * 1_000_000), "https://x/", max_bytes=100_000)


def test_text_sitemap():
    sitemap = parse_sitemap(b"https://x/a-1.html\nhttps://x/b-2.html\n", "https://x/sitemap.txt")
    assert [e.loc for e in sitemap.entries] == ["https://x/a-1.html", "https://x/b-2.html"]


def test_robots_sitemaps_and_crawl_delay():
    info = parse_robots(
        b"User-agent: *\nCrawl-delay: 3\nDisallow: /private/\n\nUser-agent: newsarchive\nCrawl-delay: 5\n"
        b"Sitemap: https://x/sitemap.xml\nSitemap: https://x/news.xml\nSitemap: https://x/sitemap.xml\n",
        "newsarchive/0.1 (+https://example.org)",
    )
    assert info.sitemaps == ["https://x/sitemap.xml", "https://x/news.xml"]
    assert info.crawl_delay == 5.0
    assert parse_robots(b"User-agent: *\nRequest-rate: 1/10s\n").min_delay == 10.0
    assert parse_robots(b"").sitemaps == []


def test_feed_autodiscovery():
    html = b"""<html><head><base href="/vi/">
    <link rel="alternate" type="application/rss+xml" href="rss/home.rss">
    <link rel="alternate stylesheet" type="text/css" href="x.css">
    <link rel="alternate" hreflang="en" href="/en/">
    <link rel="Alternate" type="application/atom+xml; charset=utf-8" href="https://cdn.x/atom.xml">
    <link rel="alternate" type="application/feed+json" href="/feed.json">
    <link rel="alternate" type="application/rss+xml" href="rss/home.rss">
    </head><body></body></html>"""
    assert feed_links(html, "https://x/") == [
        "https://x/vi/rss/home.rss",
        "https://cdn.x/atom.xml",
        "https://x/feed.json",
    ]
    assert feed_links(b"", "https://x/") == []
