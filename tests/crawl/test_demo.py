"""`newsarchive demo` end to end (in a subprocess, as a user runs it), and the bundled sample press site."""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from samplesite.pressbuild import Page
from samplesite.presstext import ARTICLES, DELETED_PATH, OLD_PATH, OLD_TARGET, SECTIONS
from samplesite.server import PRESS_SITE
from tests.helpers import run_cli, write_sources

ARTICLE_PATHS = {Page(t).path for t in ARTICLES}
LISTING_PATHS = {f"/{s}/" for s in SECTIONS} | {f"/{s}/trang-{n}.html" for s in SECTIONS for n in (2, 3)}
DISALLOWED = ("/admin/", "/tim-kiem")


def _responses(data: Path) -> dict[str, list[tuple[str, int | None, dict]]]:
    """path -> [(record type, HTTP status, headers)] for every response and revisit in the WARC files."""
    out: dict[str, list] = {}
    for path in sorted((data / "warc").glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type not in ("response", "revisit"):
                    continue
                parts = urlsplit(record.rec_headers.get_header("WARC-Target-URI"))
                target = parts.path + (f"?{parts.query}" if parts.query else "")
                http = record.http_headers
                status = int(http.get_statuscode()) if http else None
                headers = {k.lower(): v for k, v in http.headers} if http else {}
                out.setdefault(target, []).append((record.rec_type, status, headers))
    return out


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    data = tmp_path_factory.mktemp("demo") / "demo-data"
    started = time.monotonic()
    result = run_cli("demo", "--data", str(data), timeout=150)
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return data, result, elapsed


@pytest.mark.slow
def test_demo_finishes_quickly_and_summarises(demo):
    data, result, elapsed = demo
    assert elapsed < 120, f"the demo took {elapsed:.0f} s; it promises two minutes"
    out = result.stdout
    assert "Serving the sample press site at http://127.0.0.1:" in out
    assert "Crawl #1 of http://127.0.0.1:" in out and " finished in " in out
    assert "WARC" in out and "bytes" in out
    assert "301 ×1" in out and "404 ×1" in out
    assert "kept out by Disallow /admin/, /tim-kiem; 0 request(s) under them reached the server" in out
    assert f"articles     {len(ARTICLES)} in the catalog" in out
    assert "with captions" in out
    assert "verify       OK:" in out
    assert "Next, try:" in out
    assert f"newsarchive status --data {data}" in out
    assert f"newsarchive verify --data {data}" in out
    assert "Traceback" not in result.stderr
    assert (data / "demo-sources.toml").exists()


@pytest.mark.slow
def test_demo_archives_the_whole_site(demo):
    data, _, _ = demo
    seen = _responses(data)
    status = {path: records[0][1] for path, records in seen.items()}
    assert status.get("/") == 200
    assert status.get("/robots.txt") == 200
    # discovery's entry points are archived too: the sitemap index, its children, the news sitemap, the feed
    for entry in (
        "/sitemap.xml",
        "/sitemap-categories.xml",
        "/sitemap-articles.xml",
        "/sitemap-news.xml",
        "/rss.xml",
    ):
        assert status.get(entry) == 200, entry
    missing = (LISTING_PATHS | ARTICLE_PATHS) - set(status)
    assert not missing, f"not archived: {sorted(missing)}"
    assert all(status[p] == 200 for p in LISTING_PATHS | ARTICLE_PATHS)
    # the old article address answers 301 to the new one, and the deleted article 404
    assert status.get(OLD_PATH) == 301
    new_path = next(Page(t).path for t in ARTICLES if t.key == OLD_TARGET)
    assert seen[OLD_PATH][0][2]["location"].endswith(new_path)
    assert status.get(DELETED_PATH) == 404
    # stored as sent: the gzip-encoded article keeps its Content-Encoding header
    gzipped = [p for p, records in seen.items() if records[0][2].get("content-encoding") == "gzip"]
    assert any(p in ARTICLE_PATHS for p in gzipped), gzipped
    assert not [p for p in seen if urlsplit(p).path.startswith(DISALLOWED)]


@pytest.mark.slow
def test_demo_catalog_matches_the_warc(demo):
    data, _, _ = demo
    conn = sqlite3.connect(data / "catalog.db")
    try:
        urls = {urlsplit(u).path for (u,) in conn.execute("SELECT url FROM captures")}
        reasons = [r for (r,) in conn.execute("SELECT finish_reason FROM crawls")]
    finally:
        conn.close()
    assert ARTICLE_PATHS <= urls
    assert reasons == ["finished"]
    verify = run_cli("verify", "--data", str(data))
    assert verify.returncode == 0, verify.stdout + verify.stderr


@pytest.mark.slow
def test_demo_again_is_incremental_and_fresh_starts_over(demo):
    data, _, _ = demo
    again = run_cli("demo", "--data", str(data), timeout=150)
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    assert "already holds a demo archive" in again.stdout
    assert "Crawl #2 of" in again.stdout
    if "same addresses" in again.stdout:  # the port was still free: same URLs, nothing stored twice
        assert "revisit ×" in again.stdout
    fresh = run_cli("demo", "--data", str(data), "--fresh", timeout=150)
    assert fresh.returncode == 0, fresh.stdout[-3000:] + fresh.stderr[-3000:]
    assert "Moved the earlier demo archive aside" in fresh.stdout
    assert "Crawl #1 of" in fresh.stdout
    moved = [p for p in data.parent.iterdir() if p.name.startswith(f"{data.name}.old-")]
    assert len(moved) == 1 and (moved[0] / "catalog.db").exists()


def test_demo_never_writes_into_an_archive_it_did_not_make(tmp_path):
    real = tmp_path / "archive"
    real.mkdir()
    (real / "catalog.db").write_bytes(b"")
    result = run_cli("demo", "--data", str(real))
    assert result.returncode == 1
    assert "did not make" in result.stderr and "Traceback" not in result.stderr


def _without_sitemaps_and_feeds(tmp: Path) -> Path:
    """A copy of the sample site with no sitemap or feed, so the crawler falls back to following links
    (and meets the search form, tag links and the admin link that robots.txt disallows)."""
    root = tmp / "press-links-only"
    shutil.copytree(PRESS_SITE, root)
    for path in [*root.glob("sitemap*.xml"), root / "rss.xml"]:
        path.unlink()
    robots = root / "robots.txt"
    robots.write_text(
        "".join(line for line in robots.read_text().splitlines(True) if not line.startswith("Sitemap:"))
    )
    return root


@pytest.mark.slow
@pytest.mark.parametrize("discovery", ["sitemaps", "links"])
def test_robots_disallowed_paths_never_reach_the_sample_site(site_factory, tmp_path, discovery):
    root = PRESS_SITE if discovery == "sitemaps" else _without_sitemaps_and_feeds(tmp_path)
    site = site_factory(root)
    home = (root / "index.html").read_text(encoding="utf-8")
    assert 'href="/tim-kiem"' in home and 'href="/admin/' in home  # the crawler is tempted either way
    sources = write_sources(
        tmp_path / "sources.toml", {"sample": {"homepage": site.base_url + "/", "delay": 0}}
    )
    result = run_cli("crawl", "--sources", str(sources), "--data", str(tmp_path / "data"), timeout=150)
    assert result.returncode == 0, result.stderr[-3000:]
    paths = [urlsplit(line.split(" ", 1)[1]).path for line in site.log]
    assert "/robots.txt" in paths
    assert paths.index("/robots.txt") < paths.index("/")  # asked before anything else
    assert ARTICLE_PATHS | LISTING_PATHS <= set(paths)
    assert {OLD_PATH, DELETED_PATH} <= set(paths)
    assert not [p for p in paths if p.startswith(DISALLOWED)], site.log
