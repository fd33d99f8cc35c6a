"""Deploying to a real scrapyd on loopback and running the press spider from schedule.json."""

from __future__ import annotations

import configparser
import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from crawler.egg import build_egg
from tests.helpers import ROOT, SITES, write_sources

SCRAPYD = Path(sys.executable).with_name("scrapyd")
DEPLOY = Path(sys.executable).with_name("scrapyd-deploy")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not SCRAPYD.exists(), reason="scrapyd is not installed (pip install -e '.[dev]')"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(
    base: str, endpoint: str, fields: list[tuple[str, str]] | None = None, files: dict | None = None
) -> dict:
    if files:
        boundary = "newsarchive-boundary"
        parts = []
        for name, value in fields or []:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            )
        for name, (filename, data) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: application/octet-stream\r\n\r\n".encode()
                + data
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(
            f"{base}/{endpoint}", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )
    elif fields is not None:
        request = urllib.request.Request(f"{base}/{endpoint}", urllib.parse.urlencode(fields).encode())
    else:
        request = urllib.request.Request(f"{base}/{endpoint}")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture
def scrapyd(tmp_path):
    home = tmp_path / "scrapyd"
    home.mkdir()
    port = free_port()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        "bind_address = 127.0.0.1\n"
        f"http_port = {port}\n"
        "eggs_dir = eggs\nlogs_dir = logs\ndbs_dir = dbs\nitems_dir =\n"
        "max_proc = 1\npoll_interval = 0.5\njobs_to_keep = 5\n",
        encoding="utf-8",
    )
    process = subprocess.Popen([str(SCRAPYD)], cwd=home, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            assert call(base, "daemonstatus.json")["status"] == "ok"
            break
        except OSError:
            assert process.poll() is None and time.monotonic() < deadline, "scrapyd did not start"
            time.sleep(0.2)
    yield base, home
    process.terminate()
    process.wait(timeout=30)


def test_scrapy_cfg_deploy_target_is_understood():
    config = configparser.ConfigParser()
    config.read(ROOT / "scrapy.cfg")
    assert config["settings"]["default"] == "settings"
    assert config["deploy"]["project"] == "newsarchive"
    client = Path(sys.executable).with_name("scrapyd-client")
    if client.exists():
        listing = subprocess.run(
            [str(client), "targets"], cwd=ROOT, capture_output=True, text=True, check=True
        )
        assert "default" in listing.stdout and config["deploy"]["url"] in listing.stdout


def test_press_spider_runs_from_scrapyd_schedule_json(scrapyd, site_factory, tmp_path):
    base, home = scrapyd
    site = site_factory(SITES / "news-sitemap-only")
    sources = write_sources(tmp_path / "sources.toml", {"t": {"homepage": site.base_url + "/", "delay": 0}})
    data = tmp_path / "data"
    egg = build_egg(tmp_path / "newsarchive.egg", "r1")
    added = call(
        base,
        "addversion.json",
        [("project", "newsarchive"), ("version", "r1")],
        {"egg": ("x.egg", egg.read_bytes())},
    )
    assert added["status"] == "ok" and added["spiders"] >= 1, added
    assert "press" in call(base, "listspiders.json?project=newsarchive")["spiders"]
    job = call(
        base,
        "schedule.json",
        [
            ("project", "newsarchive"),
            ("spider", "press"),
            ("source", "t"),
            ("setting", f"NEWSARCHIVE_SOURCES={sources}"),
            ("setting", f"NEWSARCHIVE_DATA={data}"),
        ],
    )
    assert job["status"] == "ok", job
    deadline = time.monotonic() + 180
    while True:
        jobs = call(base, "listjobs.json?project=newsarchive")
        if any(j["id"] == job["jobid"] for j in jobs["finished"]):
            break
        assert time.monotonic() < deadline, jobs
        time.sleep(0.5)
    log = next((home / "logs").rglob(f"{job['jobid']}.log")).read_text(encoding="utf-8")
    assert "Spider closed (finished)" in log, log[-3000:]
    db = sqlite3.connect(data / "catalog.db")
    urls = {row[0] for row in db.execute("SELECT url FROM captures WHERE status = 200")}
    assert site.base_url + "/news/2026/05/quoc-hoi-thao-luan-du-an-luat-100002.html" in urls
    assert db.execute("SELECT count(*) FROM crawls WHERE finish_reason = 'finished'").fetchone() == (1,)
    assert sorted(p.name for p in (data / "warc").glob("*.warc.gz"))
    shutil.rmtree(home / "eggs", ignore_errors=True)
