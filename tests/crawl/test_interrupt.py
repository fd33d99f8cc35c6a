"""Crawls stopped midway: SIGKILL leaves readable WARC prefixes that the next run recovers; SIGTERM closes
cleanly."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from io import BytesIO
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.warc.reader import valid_prefix_length
from crawler.pipelines.pending import pending_rows
from tests.helpers import ROOT, run_cli, write_sources

PARAGRAPH = "Đây là đoạn văn bản mẫu của một bài báo dài, được lặp lại để trang có kích thước như thật. "


def build_site(root: Path, articles: int = 120) -> Path:
    (root / "tin").mkdir(parents=True)
    links = "".join(
        f'<li><a href="/tin/bai-viet-mau-so-{i}-ve-tinh-hinh-kinh-te-xa-hoi.html">Bài {i}</a></li>'
        for i in range(articles)
    )
    (root / "index.html").write_text(f"<html><body><ul>{links}</ul></body></html>", encoding="utf-8")
    for i in range(articles):
        body = f"<p>{PARAGRAPH * 40}</p>"
        (root / "tin" / f"bai-viet-mau-so-{i}-ve-tinh-hinh-kinh-te-xa-hoi.html").write_text(
            f"<html><head><title>Bài {i}</title></head><body><article><h1>Bài {i}</h1>{body}</article></body></html>",
            encoding="utf-8",
        )
    return root


def start_crawl(sources: Path, data: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "crawler", "crawl", "--sources", str(sources), "--data", str(data)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_records(data: Path, min_bytes: int, proc: subprocess.Popen, timeout: float = 60) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        open_files = list((data / "warc").glob("*.open")) if (data / "warc").exists() else []
        if open_files and open_files[0].stat().st_size >= min_bytes:
            return open_files[0]
        if proc.poll() is not None:
            pytest.fail(f"crawl ended before it could be interrupted: {proc.stderr.read()[-3000:]}")
        time.sleep(0.05)
    pytest.fail("crawl wrote too little in time")


@pytest.fixture
def slow_site(tmp_path, site_factory):
    site = site_factory(build_site(tmp_path / "site"))
    sources = write_sources(
        tmp_path / "sources.toml", {"slow": {"homepage": site.base_url + "/", "delay": 0.05}}
    )
    return site, sources, tmp_path / "data"


def _descendants(pid: int) -> dict[int, str]:
    """{pid: command line} of every process below PID (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_bytes()
            except OSError:
                continue
            children.setdefault(int(stat[stat.rfind(b")") + 2 :].split()[1]), []).append(int(entry.name))
    found: dict[int, str] = {}
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                try:
                    found[child] = (
                        (Path("/proc") / str(child) / "cmdline").read_bytes().decode(errors="replace")
                    )
                except OSError:
                    continue
                todo.append(child)
    return found


def _running(pid: int) -> bool:
    try:
        stat = (Path("/proc") / str(pid) / "stat").read_bytes()
    except OSError:
        return False
    return stat[stat.rfind(b")") + 2 :].split()[0] != b"Z"


def test_sigkill_leaves_readable_records_and_the_next_run_recovers(slow_site):
    site, sources, data = slow_site
    proc = start_crawl(sources, data)
    open_file = wait_for_records(data, 40_000, proc)
    deadline = time.monotonic() + 30
    while sum("forkserver" in cmd for cmd in _descendants(proc.pid).values()) < 2:  # the server and a worker
        assert time.monotonic() < deadline and proc.poll() is None, "no extraction worker started"
        time.sleep(0.05)
    helpers = _descendants(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    # the extraction workers, their forkserver and the resource tracker go too (workerguard), not linger
    deadline = time.monotonic() + 20
    while any(_running(pid) for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [cmd[:80] for pid, cmd in helpers.items() if _running(pid)]
    assert open_file.exists(), "a killed run cannot have renamed its file"
    raw = open_file.read_bytes()
    prefix = raw[: valid_prefix_length(open_file)]
    records = [
        (r.rec_type, r.content_stream().read()) for r in ArchiveIterator(BytesIO(prefix), check_digests=True)
    ]
    assert records[0][0] == "warcinfo" and sum(t == "response" for t, _ in records) >= 5
    killed_responses = sum(t == "response" for t, _ in records)

    again = run_cli("crawl", "--sources", str(sources), "--data", str(data), "--set", "DOWNLOAD_DELAY=0")
    assert again.returncode == 0, again.stderr[-3000:]
    assert not list((data / "warc").glob("*.open"))
    verify = run_cli("verify", "--data", str(data))
    assert verify.returncode == 0, verify.stdout + verify.stderr
    recovered = open_file.name.removesuffix(".open")
    conn = sqlite3.connect(data / "catalog.db")
    count = conn.execute(
        "SELECT count(*) FROM captures WHERE warc_file = ? AND record_type = 'response'", (recovered,)
    ).fetchone()[0]
    assert count == killed_responses
    closed_at, sha = conn.execute(
        "SELECT closed_at, sha256 FROM warc_files WHERE name = ?", (recovered,)
    ).fetchone()
    assert closed_at and len(sha) == 64
    # the killed run's article pages are in the catalog too, extracted by the next run from the WARC
    assert not list(pending_rows(conn, None))
    (extracted,) = conn.execute(
        "SELECT count(*) FROM articles JOIN captures ON captures.id = articles.capture_id "
        "WHERE captures.warc_file = ?",
        (recovered,),
    ).fetchone()
    assert extracted >= 1


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_and_sigint_close_cleanly(slow_site, sig):
    site, sources, data = slow_site
    proc = start_crawl(sources, data)
    wait_for_records(data, 20_000, proc)
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    assert not list((data / "warc").glob("*.open")), stderr[-3000:]
    assert "interrupted" in stderr
    verify = run_cli("verify", "--data", str(data))
    assert verify.returncode == 0, verify.stdout + verify.stderr
    conn = sqlite3.connect(data / "catalog.db")
    reason, finished = conn.execute("SELECT finish_reason, finished_at FROM crawls").fetchone()
    assert reason == "shutdown" and finished
    (closed,) = conn.execute("SELECT count(*) FROM warc_files WHERE closed_at IS NULL").fetchone()
    assert closed == 0
    assert os.path.getsize(next((data / "warc").glob("*.warc.gz"))) > 20_000
