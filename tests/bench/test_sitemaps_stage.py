"""`make bench` stage i (bench/sitemaps.py), small: 30 daily sitemaps instead of 3,000. The incremental run with
unchanged child sitemaps skipped asks for only the changed ones, and every run archives the new articles."""

from __future__ import annotations

import pytest

from bench.sitemaps import SiteModel, kind_of, measure, report_sitemaps

pytestmark = pytest.mark.slow  # real crawls in subprocesses


def test_the_site_lists_one_sitemap_a_day_and_the_news_moves_two_of_them(tmp_path):
    from datetime import UTC, datetime, timedelta

    now = datetime(2026, 12, 6, 20, 0, tzinfo=UTC)
    site = SiteModel.generate(tmp_path / "site", days=30, per_day=2, now=now)
    children = sorted((tmp_path / "site" / "sitemaps").glob("*.xml"))
    assert len(children) == 30 and len({s.day for s in site.stories}) == 30
    index = (tmp_path / "site" / "sitemap.xml").read_text()
    assert index.count("<sitemap>") == 30 and "+07:00</lastmod>" in index
    before = {p.name: p.read_text() for p in children}
    new, edited, changed = site.add_news(3, now + timedelta(minutes=30))
    after = {p.name: p.read_text() for p in sorted((tmp_path / "site" / "sitemaps").glob("*.xml"))}
    assert changed == 2 and len([n for n in after if after[n] != before.get(n)]) == 2
    assert edited and all((tmp_path / "site" / p.lstrip("/")).exists() for p in [*new, edited])
    assert [
        kind_of(p) for p in ("/robots.txt", "/sitemap.xml", "/sitemaps/x.xml", "/", new[0], "/images/a.jpg")
    ] == [
        "robots",
        "index",
        "sitemaps",
        "homepage",
        "articles",
        "requisites",
    ]


def test_the_incremental_run_skips_unchanged_sitemaps_and_archives_the_news(tmp_path, capsys):
    r = measure(tmp_path, days=30, per_day=1, new=3, concurrency=4, workers=1, slow_run=False)
    assert r["checks"] == [], r["checks"]
    assert r["seed"]["requests"]["sitemaps"] == 30
    off, on = r["off"], r["on"]
    listed = r["child_sitemaps_after"]  # 30, or 31 when the news opened today's sitemap
    assert off["requests"]["sitemaps"] == listed and off["requests"]["not_modified"]["sitemaps"] == listed - 2
    assert on["requests"]["sitemaps"] == r["sitemaps_changed"] == 2
    assert on["crawl"]["sitemaps_unchanged"] == listed - 2 and on["crawl"]["discovery_requests"] == 4
    assert on["new_archived"] == off["new_archived"] == 3
    assert on["edited_refetched"] == off["edited_refetched"] == 1
    assert on["requests"]["articles"] == 4 and on["requests"]["requisites"] == 3
    report_sitemaps(r, print)
    assert "run 2: skip on" in capsys.readouterr().out
