"""A crawl shared over Redis: 2-3 worker processes against the sample press site on loopback and a real
redis-server. No URL is fetched twice, politeness holds across workers, the merged shards equal a
one-process crawl, a worker killed with SIGKILL loses nothing, Redis lost mid-crawl stops the workers
cleanly, and an unreachable Redis is one line."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from samplesite.server import PRESS_SITE, SampleSite
from tests.helpers import ROOT, run_cli, timed, write_sources

DELAY = 0.15


@pytest.fixture(scope="module")
def press(tmp_path_factory):
    """The sample press site, and a one-process crawl of it (what the shared crawls must equal)."""
    tmp = tmp_path_factory.mktemp("frontier")
    site = SampleSite(PRESS_SITE).start()
    sources = write_sources(
        tmp / "sources.toml", {"press": {"homepage": site.base_url + "/", "delay": DELAY}}
    )
    solo = tmp / "solo"
    result = run_cli("crawl", "--sources", str(sources), "--data", str(solo))
    assert result.returncode == 0, result.stderr[-3000:]
    yield site, sources, solo
    site.stop()


def start_worker(url: str, sources: Path, data: Path, name: str, *sets: str) -> subprocess.Popen:
    args = ["crawl", "--sources", str(sources), "--data", str(data), "--frontier", url]
    for setting in ("NEWSARCHIVE_FRONTIER_IDLE=2", f"NEWSARCHIVE_FRONTIER_WORKER={name}", *sets):
        args += ["--set", setting]
    return subprocess.Popen(
        [sys.executable, "-m", "crawler", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(workers: list[subprocess.Popen], timeout: float = 240) -> list[tuple[int, str]]:
    out = []
    for worker in workers:
        _, stderr = worker.communicate(timeout=timeout)
        out.append((worker.returncode, stderr))
    return out


def rows(data: Path, sql: str) -> set:
    conn = sqlite3.connect(data / "catalog.db")
    try:
        return set(conn.execute(sql).fetchall())
    finally:
        conn.close()


ARTICLES = "SELECT url, title, text_digest FROM articles"
DUPLICATES = (
    "SELECT a.url, b.url, d.kind FROM duplicates d JOIN articles a ON a.id = d.article_id "
    "JOIN articles b ON b.id = d.duplicate_of"
)
FETCHED = "SELECT url FROM captures WHERE status = 200"


def test_workers_share_one_crawl_and_merge_into_the_one_process_archive(press, redis_server, tmp_path):
    site, sources, solo = press
    stamps = timed(site)
    workers = [start_worker(redis_server.url, sources, tmp_path / f"w{n}", f"w{n}") for n in range(3)]
    for code, stderr in finish(workers):
        assert code == 0, stderr[-3000:]
    paths = Counter(path for _, path in stamps)
    assert paths and max(paths.values()) == 1, [p for p, n in paths.items() if n > 1]  # each URL once
    assert paths["/robots.txt"] == 1  # entry points once per crawl, not once per worker
    times = sorted(t for t, _ in stamps)
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    # the source's delay held across the three workers (each alone would keep it only for its own requests):
    # measured at arrival, so a new connection's set-up or a busy machine may shorten one gap a little
    gaps.sort()
    assert gaps[len(gaps) // 2] >= DELAY - 0.01 and gaps[1] >= DELAY - 0.03 and gaps[0] >= DELAY / 2, gaps[:5]
    shards = [tmp_path / f"w{n}" for n in range(3)]
    assert sum(bool(rows(shard, FETCHED)) for shard in shards) >= 2  # the work was shared
    names = [p.name for shard in shards for p in (shard / "warc").glob("*.warc.gz")]
    assert all(any(f"-w{n}-" in name for n in range(3)) for name in names)  # the worker in each file name

    status = run_cli("status", "--frontier", redis_server.url, "--data", str(tmp_path / "none"))
    assert status.returncode == 0 and "finished" in status.stdout and "w2" in status.stdout, status.stdout

    out = tmp_path / "merged"
    merged = run_cli("merge", *map(str, shards), "--data", str(out), "--sources", str(sources))
    assert merged.returncode == 0, merged.stderr[-3000:]
    assert rows(out, ARTICLES) == rows(solo, ARTICLES)
    assert rows(out, DUPLICATES) == rows(solo, DUPLICATES) and rows(out, DUPLICATES)
    assert rows(out, FETCHED) == rows(solo, FETCHED)
    again = run_cli("merge", *map(str, shards), "--data", str(out), "--sources", str(sources))
    assert again.returncode == 0 and "0 WARC files" in again.stdout, again.stdout
    assert rows(out, "SELECT count(*) FROM captures") == {(len(rows(solo, "SELECT id FROM captures")),)}
    verify = run_cli("verify", "--data", str(out))
    assert verify.returncode == 0, verify.stdout[-2000:]


def test_a_worker_killed_with_sigkill_loses_no_url(press, redis_server, tmp_path):
    site, sources, solo = press
    site.latency = 0.1
    stamps = timed(site)
    try:
        lease = ("NEWSARCHIVE_FRONTIER_LEASE=3",)
        doomed = start_worker(redis_server.url, sources, tmp_path / "w0", "w0", *lease)
        survivor = start_worker(redis_server.url, sources, tmp_path / "w1", "w1", *lease)
        deadline = time.monotonic() + 60
        while len(stamps) < 15 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(doomed.pid, signal.SIGKILL)
        doomed.wait(timeout=30)
        [(code, stderr)] = finish([survivor])
        assert code == 0, stderr[-3000:]
    finally:
        site.latency = 0
    out = tmp_path / "merged"
    merged = run_cli("merge", str(tmp_path / "w0"), str(tmp_path / "w1"), "--data", str(out))
    assert merged.returncode == 0, merged.stderr[-3000:]
    assert rows(out, FETCHED) >= rows(solo, FETCHED)  # every page, from one worker or the other
    assert rows(out, ARTICLES) == rows(solo, ARTICLES)
    assert not list((tmp_path / "w0" / "warc").glob("*.open"))  # the killed shard recovered by merge


def test_redis_lost_mid_crawl_stops_the_workers_cleanly(press, redis_server, tmp_path):
    site, sources, _ = press
    site.latency = 0.2
    stamps = timed(site)
    try:
        workers = [start_worker(redis_server.url, sources, tmp_path / f"w{n}", f"w{n}") for n in range(2)]
        deadline = time.monotonic() + 60
        while len(stamps) < 8 and time.monotonic() < deadline:
            time.sleep(0.05)
        redis_server.kill()
        results = finish(workers, timeout=120)
    finally:
        site.latency = 0
    for n, (code, stderr) in enumerate(results):
        assert code == 1, stderr[-2000:]
        assert "lost the frontier at " + redis_server.url in stderr and "Traceback" not in stderr, stderr[
            -2000:
        ]
        data = tmp_path / f"w{n}"
        assert not list((data / "warc").glob("*.open"))  # WARC closed
        assert rows(data, "SELECT finish_reason FROM crawls") == {("frontier_lost",)}
        verify = run_cli("verify", "--data", str(data))
        assert verify.returncode == 0, verify.stdout[-2000:]


def test_an_unreachable_or_malformed_frontier_is_one_line(tmp_path):
    sources = write_sources(tmp_path / "sources.toml", {"t": {"homepage": "http://127.0.0.1:9/"}})
    url = "redis://127.0.0.1:9/0"
    result = run_cli("crawl", "--sources", str(sources), "--data", str(tmp_path / "d"), "--frontier", url)
    assert result.returncode == 1 and url in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    bad = run_cli("crawl", "--sources", str(sources), "--data", str(tmp_path / "d"), "--frontier", "redis:/x")
    assert bad.returncode == 2 and "Redis URL" in bad.stderr
    status = run_cli("status", "--frontier", url)
    assert status.returncode == 1 and url in status.stderr and "Traceback" not in status.stderr
