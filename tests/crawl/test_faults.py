"""A crawl of a site whose server misbehaves in every way tests/helpers/faultserver.py knows, between normal
articles: it ends by itself with exit 0, catalogs every normal article, leaves a capture or a failure row for each
faulty URL (a body cut short is kept with WARC-Truncated), stays under 500 MB, prints no traceback, and `verify`
passes; `reindex` rebuilds the same failures from the WARC files. A source that cannot be reached at all makes
the crawl say so and exit 1, and `status` shows it."""

from __future__ import annotations

import shutil
import socket

from tests.helpers import run_cli, write_sources
from tests.helpers.archive import rows
from tests.helpers.faultserver import ARTICLES, FAULTS, FaultSite, article_path
from tests.helpers.memory import run_measured

BUDGET_MB = 500
FAILURES = (
    "SELECT url, reason, detail, crawl_id, failed_at, source, via FROM failures ORDER BY url, failed_at"
)


def test_a_crawl_of_a_hostile_server_keeps_working_loses_nothing_and_says_what_happened(tmp_path):
    data = tmp_path / "data"
    with FaultSite() as site:
        sources = write_sources(
            tmp_path / "sources.toml",
            {
                "loi": {
                    "homepage": site.base_url + "/",
                    "delay": 0,
                    "article_urls": [r"/tin/.+\.html$", r"/rieng/.+"],
                }
            },
        )
        # a short page timeout keeps the test short; the slow drip and the silent URL show it holds
        run = run_measured(
            "crawl", "--sources", str(sources), "--data", str(data), "--set", "NEWSARCHIVE_PAGE_TIMEOUT=4",
            timeout=300,
        )  # fmt: skip
        base = site.base_url
        hits = dict(site.hits)
    assert run.returncode == 0, run.stderr[-5000:]
    assert "Traceback" not in run.stderr, run.stderr[-8000:]
    assert run.max_rss_mb < BUDGET_MB and run.tree_peak_mb < BUDGET_MB, (run.max_rss_mb, run.tree_peak_mb)
    print(
        f"fault crawl: {run.seconds:.1f} s, largest process {run.max_rss_mb:.0f} MB, tree {run.tree_peak_mb:.0f} MB"
    )

    articles = {url for (url,) in rows(data, "SELECT url FROM articles")}
    assert {base + article_path(i) for i in range(ARTICLES)} <= articles
    captured = {url for (url,) in rows(data, "SELECT url FROM captures")}
    failed = {url: reason for url, reason, *_ in rows(data, FAILURES)}
    missing = [path for path in FAULTS if base + path not in captured and base + path not in failed]
    assert not missing, missing

    truncated = dict(rows(data, "SELECT url, truncated FROM captures WHERE truncated IS NOT NULL"))
    assert truncated == {
        base + "/tin/loi-reset-sau-header-cua-may-chu.html": "disconnect",
        base + "/tin/loi-than-ngan-hon-content-length.html": "disconnect",
        base + "/tin/loi-nho-giot-cham-tung-byte.html": "time",
        base + "/tin/loi-trang-60-mb-co-do-dai.html": "length",
        base + "/tin/loi-trang-60-mb-chunked-khong-do-dai.html": "length",
    }
    assert {path: failed.get(base + path) for path in FAULTS if base + path in failed} == {
        "/tin/loi-reset-sau-header-cua-may-chu.html": "truncated",
        "/tin/loi-than-ngan-hon-content-length.html": "truncated",
        "/tin/loi-nho-giot-cham-tung-byte.html": "slow",
        "/tin/loi-khong-bao-gio-tra-loi-header.html": "timeout",
        "/tin/loi-gzip-khong-phai-gzip-that.html": "invalid_response",
        "/tin/loi-bom-gzip-giai-nen-rat-lon.html": "size_limit",
        "/tin/loi-trang-60-mb-co-do-dai.html": "size_limit",
        "/tin/loi-trang-60-mb-chunked-khong-do-dai.html": "size_limit",
        "/tin/loi-dong-trang-thai-khong-hop-le.html": "invalid_response",
        "/rieng/trang-cam-boi-robots-txt.html": "robots",
    }
    # a -> b -> a: both 302s archived, and b's redirect back into its chain is a failure row that says so
    assert failed[base + "/tin/loi-chuyen-huong-vong-lap-b.html"] == "redirect_loop"
    loop = next(d for url, _, d, *_ in rows(data, FAILURES) if url.endswith("vong-lap-b.html"))
    assert loop.count("loi-chuyen-huong-vong-lap-a.html") == 2, loop
    assert base + "/tin/loi-chuyen-huong-day-chuyen-5.html" in failed  # REDIRECT_MAX_TIMES = 5
    assert hits["/tin/loi-khong-bao-gio-tra-loi-header.html"] == 1  # a page that timed out is not retried
    assert "/rieng/trang-cam-boi-robots-txt.html" not in hits
    statuses = [
        s for (s,) in rows(data, "SELECT status FROM captures WHERE url LIKE '%500-500%' ORDER BY id")
    ]
    assert statuses == [500, 500, 200]
    pending = rows(data, "SELECT url FROM captures WHERE page_kind = 'article' AND truncated IS NOT NULL "
                   "AND extract_status IS NOT 'truncated'")  # fmt: skip
    assert not pending  # a page cut short is never extracted, now or later
    failures_line = next(line for line in run.stderr.splitlines() if line.strip().startswith("failures"))
    assert "truncated ×2" in failures_line and "timeout ×1" in failures_line

    verify = run_cli("verify", "--data", str(data))
    assert verify.returncode == 0, verify.stdout[-3000:] + verify.stderr[-3000:]
    status = run_cli("status", "--data", str(data))
    assert status.returncode == 0 and "timeout 1" in status.stdout and "robots 1" in status.stdout

    rebuilt = tmp_path / "rebuilt"
    shutil.copytree(data, rebuilt)
    result = run_cli("reindex", "--data", str(rebuilt), "--sources", str(sources))
    assert result.returncode == 0, result.stderr[-3000:]
    assert rows(rebuilt, FAILURES) == rows(data, FAILURES)


def _closed_port(host: str) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]  # nothing listens there once the socket is closed


def test_a_source_that_cannot_be_reached_is_reported_and_the_crawl_exits_1(tmp_path, site_factory):
    from samplesite.server import PRESS_SITE

    site = site_factory(PRESS_SITE)
    sources = write_sources(
        tmp_path / "sources.toml",
        {
            "press": {"homepage": site.base_url + "/", "delay": 0},
            # another loopback address: sources are told apart by host
            "gone": {"homepage": f"http://127.0.0.2:{_closed_port('127.0.0.2')}/", "delay": 0},
        },
    )
    data = tmp_path / "data"
    result = run_cli(
        "crawl", "--sources", str(sources), "--data", str(data), "--set", "RETRY_TIMES=0", timeout=300
    )
    assert result.returncode == 1, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert "source gone: nothing could be fetched (connection_refused" in result.stderr
    assert "source press: nothing" not in result.stderr
    status = run_cli("status", "--data", str(data))
    line = next(line for line in status.stdout.splitlines() if line.startswith("gone"))
    assert line.split()[1:3] == ["0", "0"] and int(line.split()[6]) >= 2  # robots.txt and the homepage
