"""A crawl shared over Redis: 2-3 worker processes against the sample press site on loopback and a real
redis-server. No URL is fetched twice, politeness holds across workers, the merged shards equal a
one-process crawl, a worker killed with SIGKILL loses nothing, Redis lost mid-crawl stops the workers
cleanly, and an unreachable Redis is one line."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

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


def _capture(url: str, fetched_at: str, **more) -> dict:
    capture = {
        "url": url,
        "status": 200,
        "record_type": "response",
        "fetched_at": fetched_at,
        "discovery": json.dumps({"published": "2026-12-01T08:00:00+07:00"}),
        "discovery_lastmod": "2026-12-01",
        "warc_record_id": "<urn:uuid:8c3f0a52-4d1e-4b8a-9a1c-2f0e5f6d7a8b>",
        "payload_digest": "sha1:ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
        "warc_file": "newsarchive-w0-20261206193125712-00000-host.warc.gz",
        "warc_offset": 1234,
        "warc_length": 5678,
        "etag": None,
        "last_modified": None,
    }
    capture.update(more)
    return capture


class _Catalog:
    """A worker's own catalog, as SharedLookup sees it."""

    def __init__(self, answers: dict):
        self.answers = answers

    def known(self, url: str):
        return self.answers.get(url)

    def close(self) -> None:
        pass


def test_shared_state_is_compact_expires_after_the_retention_and_falls_back(redis_server):
    from crawler.frontier_redis.connection import FrontierKeys
    from crawler.frontier_redis.known import SharedLookup, entry_after, pack_entry, unpack_entry, url_key

    url, other = "http://press.test/a/1.html", "http://press.test/b/2.html"
    # the compact encoding reads back exactly what the incremental rules and revisits need
    entry = entry_after(None, _capture(url, "2026-12-06T10:00:00.123456Z"))
    entry = entry_after(
        entry, _capture(url, "2026-12-06T11:00:00.000001Z", status=304, record_type="revisit")
    )
    entry = entry_after(
        entry, _capture(url, "2026-12-06T12:00:00Z", etag='W/"x"', last_modified="Sun, 06 Dec")
    )
    assert entry["first"] != entry["last"] and entry["previous"]["etag"] == 'W/"x"'
    assert unpack_entry(pack_entry(entry), url) == entry
    assert len(pack_entry(entry)) < 0.6 * len(json.dumps(entry, separators=(",", ":")))  # the former JSON

    client = redis_server.client()
    errors = []
    catalog = _Catalog({other: "from the worker's catalog"})
    lookup = SharedLookup(client, catalog, errors.append, retention=1)
    lookup.record(_capture(url, "2026-12-06T10:00:00.123456Z", etag='"v1"'))
    assert 0 < client.pttl(url_key(url)) <= 1000  # kept for the retention from the last fetch
    known = lookup.known(url)
    assert known.etag == '"v1"' and known.previous["url"] == url and known.edit_marker == "2026-12-01"
    assert known.previous["warc_date"] == "2026-12-06T10:00:00.123456Z"
    assert lookup.original(url, "sha1:ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")["warc_record_id"].startswith("<urn")
    assert lookup.known(other) == "from the worker's catalog"  # Redis does not know it: the catalog answers
    time.sleep(1.3)
    assert client.get(url_key(url)) is None  # Redis dropped it
    assert lookup.known(url) is None  # nobody knows it any more: fetched as a new page, never skipped
    assert SharedLookup(client, _Catalog({url: "mine"}), errors.append, 1).known(url) == "mine"

    forever = SharedLookup(client, None, errors.append, retention=0)
    forever.record(_capture(url, "2026-12-06T10:00:00.123456Z"))
    assert client.ttl(url_key(url)) == -1
    # the one hash earlier versions kept is still read, while it exists
    client.hset(
        FrontierKeys.known(), other, json.dumps(entry_after(None, _capture(other, "2026-12-06T09:00:00Z")))
    )
    assert SharedLookup(client, None, errors.append, 1).known(other).previous["url"] == other
    assert not errors


ARTICLE_URLS = "SELECT url FROM articles"


def test_a_worker_whose_shared_state_expired_fetches_again_or_asks_its_catalog(press, redis_server, tmp_path):
    site, _, solo = press
    sources = write_sources(tmp_path / "fast.toml", {"press": {"homepage": site.base_url + "/"}})
    articles = {urlsplit(url).path for (url,) in rows(solo, ARTICLE_URLS)}
    client = redis_server.client()

    def crawl(name: str, data: str) -> set[str]:
        stamps = timed(site)
        worker = start_worker(
            redis_server.url, sources, tmp_path / data, name, "NEWSARCHIVE_FRONTIER_KNOWN_FOR=1h"
        )
        [(code, stderr)] = finish([worker])
        assert code == 0, stderr[-3000:]
        return {path for _, path in stamps}

    def expire() -> None:  # as if the retention had passed
        for key in client.scan_iter(match=b"newsarchive:known:*"):
            client.pexpire(key, 1)
        time.sleep(0.05)
        assert not list(client.scan_iter(match=b"newsarchive:known:*"))

    assert articles <= crawl("a", "a")
    answered = rows(
        tmp_path / "a", "SELECT DISTINCT url FROM captures WHERE status < 400 OR status IN (404, 410)"
    )
    keys = list(client.scan_iter(match=b"newsarchive:known:*"))
    assert len(keys) == len(answered)  # one entry per URL answered
    assert all(3500 < client.ttl(key) <= 3600 for key in keys)  # each kept for the retention
    assert not articles & crawl("b", "b")  # known to every worker while kept: nothing fetched twice
    expire()
    assert articles <= crawl("c", "c")  # expired, and not in c's catalog: every article fetched again
    assert rows(tmp_path / "c", ARTICLES) == rows(solo, ARTICLES)
    expire()
    assert not articles & crawl("a", "a")  # expired, but a's own catalog knows them: skipped


def test_a_crawl_with_another_window_is_another_shared_crawl():
    from datetime import date

    from crawler.frontier_redis.connection import FrontierKeys

    plain = FrontierKeys.for_sources(["b", "a"])
    window = FrontierKeys.for_sources(["a", "b"], date(2026, 1, 1), date(2026, 1, 31))
    assert plain == FrontierKeys.for_sources(["a", "b"]) and plain.crawl == "newsarchive:crawl:a,b"
    assert window == FrontierKeys.for_sources(["b", "a"], date(2026, 1, 1), date(2026, 1, 31))
    assert window.queue != plain.queue and window.seen != plain.seen
    assert FrontierKeys.for_sources(["a", "b"], date(2026, 1, 1)).queue not in (plain.queue, window.queue)


def test_a_full_redis_stops_the_worker_like_a_lost_one(redis_server):
    from crawler.frontier_redis.known import SharedLookup

    client = redis_server.client()
    errors = []
    lookup = SharedLookup(client, None, errors.append, retention=60)
    client.config_set("maxmemory", "1")  # noeviction: every write is refused
    try:
        lookup.record(_capture("http://press.test/full.html", "2026-12-06T10:00:00Z"))
    finally:
        client.config_set("maxmemory", "0")
    assert errors and "maxmemory" in str(errors[0])  # on_error: the worker closes its spider (frontier_lost)


def test_a_malformed_retention_is_a_usage_error(redis_server, tmp_path):
    sources = write_sources(tmp_path / "sources.toml", {"t": {"homepage": "http://127.0.0.1:9/"}})
    args = ["crawl", "--sources", str(sources), "--data", str(tmp_path / "d"), "--frontier", redis_server.url]
    result = run_cli(*args, "--set", "NEWSARCHIVE_FRONTIER_KNOWN_FOR=soon")
    assert result.returncode == 2 and "NEWSARCHIVE_FRONTIER_KNOWN_FOR" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
