"""Politeness: Retry-After on 429/503, robots.txt Crawl-delay, robots rules, a user agent with a contact URL."""

from __future__ import annotations

import email.utils
import time
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.middlewares.politeness import retry_after_seconds
from tests.helpers import SITES, run_cli, timed, write_sources

A2 = "/news/2026/05/quoc-hoi-thao-luan-du-an-luat-100002.html"


def test_retry_after_values():
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds(b" 5 ") == 5.0
    now = time.time()
    assert retry_after_seconds(email.utils.formatdate(now + 30, usegmt=True), now=now) == pytest.approx(
        30, abs=1
    )
    assert retry_after_seconds(email.utils.formatdate(now - 30, usegmt=True), now=now) == 0.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def crawl(site, tmp_path: Path, *args: str):
    sources = write_sources(tmp_path / "sources.toml", {"t": {"homepage": site.base_url + "/", "delay": 0}})
    data = tmp_path / "data"
    result = run_cli("crawl", "t", "--sources", str(sources), "--data", str(data), *args)
    assert result.returncode == 0, result.stderr[-3000:]
    return data


@pytest.mark.slow
def test_429_and_503_with_retry_after_are_waited_out(site_factory, tmp_path):
    site = site_factory(SITES / "throttled")
    stamps = timed(site)
    data = crawl(site, tmp_path)
    hits = [t for t, path in stamps if path == A2]
    assert len(hits) == 2 and hits[1] - hits[0] >= 1.9  # Retry-After: 2
    sitemap = [t for t, path in stamps if path == "/sitemap-news.xml"]
    assert len(sitemap) == 2 and sitemap[1] - sitemap[0] >= 0.9  # 503, Retry-After: 1
    # the whole source waited, not only the URL: nothing else was requested inside the window
    first = hits[0]
    assert not [t for t, path in stamps if first < t < hits[1] - 0.1 and path != A2 and t - first < 1.9]
    import sqlite3

    statuses = [
        row[0]
        for row in sqlite3.connect(data / "catalog.db").execute(
            "SELECT status FROM captures WHERE url LIKE ?", ("%" + A2,)
        )
    ]
    assert statuses == [429, 200]  # the refusal is archived too


@pytest.mark.slow
def test_crawl_delay_from_robots_txt_and_contact_user_agent(site_factory, tmp_path):
    site = site_factory(SITES / "crawl-delay")
    stamps = timed(site)
    data = crawl(site, tmp_path, "--set", "NEWSARCHIVE_CONTACT_URL=https://archive.example.org/contact")
    after_robots = [t for t, path in stamps if path != "/robots.txt"]
    assert len(after_robots) >= 5
    gaps = [b - a for a, b in zip(after_robots, after_robots[1:], strict=False)]
    assert min(gaps) >= 0.9, gaps  # Crawl-delay: 1, although the source asks for 0
    assert not [p for _, p in stamps if p.startswith("/private/")]
    agents = set()
    for warc in (data / "warc").glob("*.warc.gz"):
        with open(warc, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "request":
                    agents.add(record.http_headers.get_header("User-Agent"))
    assert agents == {"newsarchive/0.1 (+https://archive.example.org/contact)"}
