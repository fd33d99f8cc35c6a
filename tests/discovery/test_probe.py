"""`newsarchive sources --probe NAME` on loopback sites: what discovery would find, nothing archived."""

from __future__ import annotations

import json

from tests.helpers import SITES, run_cli, write_sources


def test_probe_finds_sitemaps_feeds_and_samples(site_factory, tmp_path):
    site = site_factory(SITES / "press-all")
    sources = write_sources(tmp_path / "sources.toml", {"t": {"homepage": site.base_url + "/", "delay": 0}})
    result = run_cli("sources", "--sources", str(sources), "--probe", "t", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["robots_status"] == 200
    assert report["robots_sitemaps"] == [site.base_url + "/sitemaps/index.xml"]
    kinds = {s["url"].rsplit("/", 1)[1]: (s["kind"], s["entries"], s["news"]) for s in report["sitemaps"]}
    assert kinds["index.xml"] == ("sitemapindex", 4, 0)
    assert kinds["news.xml"] == ("urlset", 2, 2)
    assert [(f["kind"], f["items"], f["found"]) for f in report["feeds"]] == [("rss", 2, "homepage")]
    samples = [s["url"] for s in report["samples"]]
    assert site.base_url + "/news/2026/05/quoc-hoi-thao-luan-du-an-luat-100002.html" in samples
    assert not [u for u in samples if "/private/" in u or u.endswith(".jpg")]  # robots.txt and media
    assert report["method"] == "sitemaps and feeds"
    # nothing archived, no article fetched
    assert not list(tmp_path.glob("data*")) and not (tmp_path / "catalog.db").exists()
    assert not [line for line in site.log if "/news/" in line]


def test_probe_text_for_a_links_only_site(site_factory, tmp_path):
    site = site_factory(SITES / "links-only")
    sources = write_sources(tmp_path / "sources.toml", {"l": {"homepage": site.base_url + "/", "delay": 0}})
    result = run_cli("sources", "--sources", str(sources), "--probe", "l", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "discovery would use link following from the homepage" in result.stdout
    assert "chinh-phu-hop-phien-thuong-ky-thang-5-100001.html" in result.stdout
    assert "/admin/" not in result.stdout


def test_probe_unknown_source_is_a_usage_error(tmp_path):
    sources = write_sources(tmp_path / "sources.toml", {"l": {"homepage": "http://127.0.0.1:9/"}})
    result = run_cli("sources", "--sources", str(sources), "--probe", "nosuch")
    assert result.returncode == 2 and "no source named nosuch" in result.stderr


def test_probe_of_an_unreachable_site_says_so(tmp_path):
    sources = write_sources(tmp_path / "sources.toml", {"l": {"homepage": "http://127.0.0.1:9/", "delay": 0}})
    result = run_cli("sources", "--sources", str(sources), "--probe", "l")
    assert result.returncode == 1, result.stderr  # a failure: nothing a crawl could start from
    assert "robots.txt: unreachable" in result.stdout and "problem:" in result.stdout
    assert "discovery would use nothing: the homepage cannot be fetched" in result.stdout
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: l: http://127.0.0.1:9/ cannot be fetched") and "probe again" in line
    as_json = run_cli("sources", "--sources", str(sources), "--probe", "l", "--json")
    assert as_json.returncode == 1 and json.loads(as_json.stdout)["homepage_error"]
