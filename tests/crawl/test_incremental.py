"""Incremental, resumable runs: re-check policy, two consecutive crawls of a changing site, kill -9 and
resume, SIGTERM and resume, and the lock that keeps a second run out."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from archive.catalog.db import Catalog
from crawler.middlewares.incremental import CatalogLookup, RecheckSchedule, parse_durations
from tests.helpers import ROOT, run_cli, write_sources

H = timedelta(hours=1)
T0 = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)


def test_durations():
    assert parse_durations("1h,6h,1d,3d,7d") == (H, 6 * H, 24 * H, 72 * H, 168 * H)
    assert parse_durations("90s, 30m,1w") == (timedelta(seconds=90), timedelta(minutes=30), 168 * H)
    with pytest.raises(ValueError, match="soon"):
        parse_durations("1h,soon")


def test_recheck_schedule_thins_out_with_age():
    schedule = RecheckSchedule(parse_durations("1h,6h,1d,3d,7d"))
    fetched = T0 + timedelta(minutes=10)  # first fetched 10 minutes after publication
    assert not schedule.due(T0, fetched, fetched, T0 + timedelta(minutes=50))
    assert schedule.due(T0, fetched, fetched, T0 + 2 * H)  # the 1 h check
    assert not schedule.due(T0, fetched, T0 + 2 * H, T0 + 5 * H)  # done; next at 6 h
    assert schedule.due(T0, fetched, T0 + 2 * H, T0 + 30 * H)  # 6 h and 1 d both passed: one re-check
    assert not schedule.due(T0, fetched, T0 + 8 * 24 * H, T0 + 300 * 24 * H)  # after 7 d: never again
    # no publication date: age counts from the first fetch
    assert schedule.due(None, T0, T0, T0 + 2 * H)
    # a page first seen long after publication is not re-checked for checkpoints it was already past
    assert not schedule.due(T0, T0 + 10 * 24 * H, T0 + 10 * 24 * H, T0 + 20 * 24 * H)


def test_catalog_lookup_is_indexed_and_keeps_validators(tmp_path):
    catalog = Catalog(tmp_path / "catalog.db")
    base = {"crawl_id": 1, "source": "t", "warc_file": "f.warc.gz", "warc_length": 1}
    rows = [
        ("https://x/a-1", "2026-05-01T08:00:00Z", 200, "response", '"e1"', "sha1:AAA", 0),
        ("https://x/a-1", "2026-05-01T09:00:00Z", 304, "revisit", '"e1"', "sha1:AAA", 10),
        ("https://x/b-2", "2026-05-01T08:00:00Z", 503, "response", None, "sha1:BBB", 20),
    ]
    for url, when, status, rtype, etag, digest, offset in rows:
        catalog.add_capture(
            {
                **base,
                "url": url,
                "fetched_at": when,
                "status": status,
                "record_type": rtype,
                "etag": etag,
                "last_modified": "Fri, 01 May 2026 08:00:00 GMT",
                "payload_digest": digest,
                "warc_offset": offset,
                "warc_record_id": f"<urn:uuid:{offset}>",
            }
        )
    catalog.close()
    lookup = CatalogLookup(tmp_path / "catalog.db")
    known = lookup.known("https://x/a-1")
    assert known.first_seen == T0 and known.last_fetched == T0 + H
    assert known.etag == '"e1"' and known.previous["warc_record_id"] == "<urn:uuid:0>"
    assert known.previous["warc_date"] == "2026-05-01T08:00:00Z"
    assert lookup.known("https://x/b-2") is None  # a 503 is not held: fetch again
    assert lookup.known("https://x/never") is None
    plan = lookup._connection().execute(
        "EXPLAIN QUERY PLAN SELECT min(fetched_at), max(fetched_at) FROM captures WHERE url = ?", ("x",)
    )
    assert "USING COVERING INDEX" in " ".join(str(r) for r in plan) or "USING INDEX" in " ".join(
        str(r) for r in plan
    )
    assert CatalogLookup(tmp_path / "missing.db").known("https://x/a-1") is None


# -- a site that changes between crawls -------------------------------------------------------------------
PARAGRAPH = (
    "Thủ tướng Chính phủ yêu cầu các bộ, ngành, địa phương tiếp tục triển khai quyết liệt, đồng bộ, hiệu quả "
    "các nhiệm vụ, giải pháp đã đề ra, bảo đảm hoàn thành thắng lợi các mục tiêu phát triển kinh tế - xã hội. "
)


def article_html(n: int, title: str, published: datetime, extra: str = "") -> str:
    # Shuffled words, so that gzip cannot fold the pages into nothing and sizes compare like real ones.
    words = PARAGRAPH.split()
    rng = random.Random(n)
    body = "\n".join(f"<p>{' '.join(rng.choices(words, k=60))}</p>" for _ in range(100))
    return (
        f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:type" content="article">'
        f'<meta property="article:published_time" content="{published.isoformat()}"></head>'
        f"<body><article><h1>{title}</h1>{extra}{body}</article></body></html>"
    )


def build_site(root: Path, count: int, published: datetime) -> list[str]:
    """A site with a news sitemap listing `count` articles; returns their paths."""
    paths = []
    entries = []
    for n in range(1, count + 1):
        path = f"/tin-tuc/2026/05/bai-viet-so-{n}-chinh-phu-hop-phien-{100000 + n}.html"
        (root / path.lstrip("/")).parent.mkdir(parents=True, exist_ok=True)
        (root / path.lstrip("/")).write_text(article_html(n, f"Bài viết số {n}", published), encoding="utf-8")
        paths.append(path)
        entries.append(news_entry(path, f"Bài viết số {n}", published))
    write_sitemap(root, entries)
    (root / "robots.txt").write_text("User-agent: *\nSitemap: {{base}}/sitemap-news.xml\n", encoding="utf-8")
    (root / "index.html").write_text("<html><body><h1>Báo</h1></body></html>", encoding="utf-8")
    return paths


def news_entry(path: str, title: str, published: datetime) -> str:
    return (
        f"<url><loc>{{{{base}}}}{path}</loc><news:news><news:publication><news:name>Báo</news:name>"
        f"<news:language>vi</news:language></news:publication><news:publication_date>{published.isoformat()}"
        f"</news:publication_date><news:title>{title}</news:title></news:news></url>"
    )


def write_sitemap(root: Path, entries: list[str]) -> None:
    (root / "sitemap-news.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
        + "\n".join(entries)
        + "\n</urlset>\n",
        encoding="utf-8",
    )


def warc_bytes(data: Path, crawl_id: int) -> int:
    db = sqlite3.connect(data / "catalog.db")
    names = [r[0] for r in db.execute("SELECT name FROM warc_files WHERE crawl_id = ?", (crawl_id,))]
    return sum((data / "warc" / name).stat().st_size for name in names)


@pytest.mark.slow
def test_second_crawl_of_a_changed_site(site_factory, tmp_path):
    root = tmp_path / "site"
    published = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=30)
    paths = build_site(root, 12, published)
    site = site_factory(root)
    sources = write_sources(tmp_path / "sources.toml", {"t": {"homepage": site.base_url + "/", "delay": 0}})
    data = tmp_path / "data"
    args = ("crawl", "t", "--sources", str(sources), "--data", str(data))
    first = run_cli(*args)
    assert first.returncode == 0, first.stderr[-3000:]
    first_log = len(site.log)

    # Between the runs: one article is edited, one is new, one old article's publication is a week back.
    changed, unchanged = paths[0], paths[1:]
    page = root / changed.lstrip("/")
    page.write_text(page.read_text(encoding="utf-8").replace("<h1>", "<p>Cập nhật: đính chính.</p><h1>", 1))
    new = "/tin-tuc/2026/05/bai-moi-chinh-phu-hop-phien-100099.html"
    (root / new.lstrip("/")).write_text(article_html(99, "Bài mới", published), encoding="utf-8")
    sitemap = (root / "sitemap-news.xml").read_text(encoding="utf-8")
    write_sitemap(
        root, [sitemap.split("\n", 2)[2].rsplit("\n</urlset>", 1)[0], news_entry(new, "Bài mới", published)]
    )

    # Two hours later by the re-check clock: the 1 h re-check of every article is due.
    later = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
    second = run_cli(*args, "--set", f"NEWSARCHIVE_NOW={later}")
    assert second.returncode == 0, second.stderr[-3000:]
    log = [line.split(" ", 1)[1] for line in site.log[first_log:]]
    assert "/sitemap-news.xml" in log and "/robots.txt" in log  # entry points every run
    assert log.count(new) == 1

    db = sqlite3.connect(data / "catalog.db")

    def second_run(path):
        return db.execute(
            "SELECT status, record_type, revisit_profile, refers_to FROM captures WHERE crawl_id = 2 AND url = ?",
            (site.base_url + path,),
        ).fetchall()

    for path in unchanged:
        [(status, rtype, profile, refers_to)] = second_run(path)
        assert (status, rtype) == (304, "revisit") and profile.endswith("server-not-modified")
        original = db.execute(
            "SELECT warc_record_id FROM captures WHERE crawl_id = 1 AND url = ?", (site.base_url + path,)
        ).fetchone()[0]
        assert refers_to == original
    assert second_run(changed) == [(200, "response", None, None)]
    assert second_run(new) == [(200, "response", None, None)]
    [(status, rtype, profile, _)] = second_run("/robots.txt")
    assert rtype == "revisit" and profile.endswith("identical-payload-digest")

    # A third run right away, on the real clock: no re-check is due, no article is fetched at all.
    third = run_cli(*args)
    assert third.returncode == 0, third.stderr[-3000:]
    assert db.execute(
        "SELECT count(*) FROM captures WHERE crawl_id = 3 AND page_kind = 'article'"
    ).fetchone() == (0,)

    one, two = warc_bytes(data, 1), warc_bytes(data, 2)
    assert two * 3 < one, (one, two)


# -- interruption ----------------------------------------------------------------------------------------
def start_crawl(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "crawler", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def wait_for_requests(site, count: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while len(site.log) < count:
        assert time.monotonic() < deadline, "the crawl never got going"
        time.sleep(0.05)


def article_captures(data: Path, base: str) -> dict[str, int]:
    db = sqlite3.connect(data / "catalog.db")
    rows = db.execute(
        "SELECT url, count(*) FROM captures WHERE url LIKE ? GROUP BY url", (base + "/tin-tuc/%",)
    ).fetchall()
    return dict(rows)


@pytest.mark.slow
@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM"])
def test_interrupted_crawl_resumes_without_refetching(site_factory, tmp_path, how):
    root = tmp_path / "site"
    paths = build_site(root, 60, datetime(2026, 5, 1, tzinfo=UTC))
    site = site_factory(root)
    sources = write_sources(
        tmp_path / "sources.toml", {"t": {"homepage": site.base_url + "/", "delay": 0.15}}
    )
    data = tmp_path / "data"
    args = ["crawl", "t", "--sources", str(sources), "--data", str(data)]
    process = start_crawl(args)
    wait_for_requests(site, 15)
    time.sleep(0.5)
    os.killpg(process.pid, getattr(signal, how))
    process.communicate(timeout=60)
    first = [line.split(" ", 1)[1] for line in site.log]
    fetched_first = [p for p in paths if p in first]
    assert 5 <= len(fetched_first) < len(paths)
    jobdir = data / "state" / "jobs" / "t"
    if how == "SIGTERM":
        assert (jobdir / "paused").exists()
        assert not list((data / "warc").glob("*.open"))  # closed cleanly
    n = len(site.log)

    again = run_cli(*args)
    assert again.returncode == 0, again.stderr[-3000:]
    second = [line.split(" ", 1)[1] for line in site.log[n:]]
    captured = article_captures(data, site.base_url)
    assert sorted(captured) == sorted(site.base_url + p for p in paths)  # every article, in the end
    # nothing archived by the interrupted run was fetched again
    assert all(count == 1 for count in captured.values()), captured
    assert len([p for p in second if p in paths]) <= len(paths) - len(fetched_first) + 1
    assert not jobdir.exists()  # a clean finish clears the job: the next scheduled run starts fresh
    # The unchanged sitemap was answered 304 (a revisit record) and its archived copy listed the rest.
    db = sqlite3.connect(data / "catalog.db")
    last = db.execute("SELECT max(id) FROM crawls").fetchone()[0]
    assert db.execute(
        "SELECT status, record_type FROM captures WHERE crawl_id = ? AND url LIKE ?",
        (last, "%/sitemap-news.xml"),
    ).fetchall() == [(304, "revisit")]


def test_second_concurrent_run_exits_at_once_touching_nothing(tmp_path):
    data = tmp_path / "data"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from archive.ops.lock import DataLock; DataLock.acquire(sys.argv[1]); "
            "print('held', flush=True); time.sleep(60)",
            str(data),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        before = sorted(p.relative_to(data) for p in data.rglob("*"))
        sources = write_sources(tmp_path / "sources.toml", {"t": {"homepage": "http://127.0.0.1:9/"}})
        started = time.monotonic()
        result = run_cli("crawl", "t", "--sources", str(sources), "--data", str(data), timeout=60)
        assert time.monotonic() - started < 20
        assert result.returncode == 1
        assert "in use by pid" in result.stderr and "Traceback" not in result.stderr
        assert sorted(p.relative_to(data) for p in data.rglob("*")) == before  # no catalog, no WARC
    finally:
        holder.kill()
        holder.wait()
