"""What cannot work is refused in one line with the right exit code (2: usage, 1: failure), before anything
is touched; and a few things that used to fail now work."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from archive.sources import SourceError, parse_sources
from tests.helpers import ROOT, SHARED_DATA, run_cli, write_sources


def _one_line(result, code: int, *words: str) -> str:
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert all(w in line for w in words), line
    return line


@pytest.mark.parametrize(
    "homepage, problem",
    [
        ("http://127.0.0.1:99999/", "port out of range"),
        ("http://127.0.0.1:0/", "port out of range"),
        ("http://exa mple.com/", "no valid host name"),
        ("http://exa_mple..com/", "no valid host name"),
        ("http:///path", "must be an http"),
    ],
)
def test_homepages_that_cannot_be_crawled_are_refused(tmp_path, homepage, problem):
    with pytest.raises(SourceError, match=problem):
        parse_sources(f'[sources.x]\nhomepage = "{homepage}"\n', "s.toml")
    sources = write_sources(tmp_path / "s.toml", {"x": {"homepage": homepage}})
    result = run_cli("crawl", "--sources", str(sources), "--data", str(tmp_path / "d"))
    _one_line(result, 2, "source 'x'", "key 'homepage'", problem)
    assert not (tmp_path / "d").exists()


def test_feeds_and_domains_are_checked_too():
    with pytest.raises(SourceError, match="key 'feeds'.*port out of range"):
        parse_sources('[sources.x]\nhomepage = "https://a.vn/"\nfeeds = ["https://a.vn:70000/rss"]\n')
    with pytest.raises(SourceError, match="key 'allowed_domains': not a host name"):
        parse_sources('[sources.x]\nhomepage = "https://a.vn/"\nallowed_domains = ["a .vn"]\n')
    ok = parse_sources('[sources.x]\nhomepage = "https://bộcôngan.vn"\nallowed_domains = ["bộcôngan.vn"]\n')
    assert ok["x"].homepage == "https://bộcôngan.vn/"


def test_crawl_options_that_cannot_work(tmp_path):
    sources = write_sources(tmp_path / "s.toml", {"x": {"homepage": "http://127.0.0.1:9/"}})
    common = ("--sources", str(sources), "--data", str(tmp_path / "d"))
    _one_line(
        run_cli("crawl", *common, "--since", "2026-05-02", "--until", "2026-05-01"),
        2,
        "--until 2026-05-01 is before --since 2026-05-02",
    )
    _one_line(run_cli("crawl", *common, "--set", "NOT_A_SETTING=1"), 2, "NOT_A_SETTING is no setting")
    _one_line(run_cli("crawl", *common, "--max-pages", "0"), 2, "--max-pages")
    assert not (tmp_path / "d").exists()


def test_a_data_directory_that_cannot_be_used(tmp_path):
    sources = write_sources(tmp_path / "s.toml", {"x": {"homepage": "http://127.0.0.1:9/"}})
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    for args in (
        ("crawl", "--sources", str(sources)),
        ("import", str(SHARED_DATA / "warc" / "example.warc"), "--no-extract"),
    ):
        result = run_cli(*args, "--data", str(blocker / "data"))
        _one_line(result, 1, "cannot use", "--data")


def test_verify_while_a_run_holds_the_data_directory(tmp_path):
    data = tmp_path / "data"
    result = run_cli(
        "import", str(SHARED_DATA / "warc" / "example.warc.gz"), "--data", str(data), "--no-extract"
    )
    assert result.returncode == 0, result.stderr
    (data / "warc" / "newsarchive-20260101000000000-00001-example.warc.gz.open").write_bytes(b"\x1f\x8b")
    assert run_cli("verify", "--data", str(data)).returncode == 1  # nobody holds it: a run left it open
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from archive.ops.lock import DataLock; DataLock.acquire(sys.argv[1]); "
            "print('held', flush=True); time.sleep(120)",
            str(data),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        result = run_cli("verify", "--data", str(data), "--json")
        assert result.returncode == 0, result.stdout
        assert json.loads(result.stdout)["running"] == f"pid {holder.pid}"
        assert f"a run (pid {holder.pid}) holds" in result.stderr
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)


def test_extract_reads_utf16_pages_with_a_bom(tmp_path):
    html = (
        '<!DOCTYPE html><html><head><meta charset="utf-16"><title>Tin tức</title></head><body><article>'
        "<h1>Thủ tướng chủ trì hội nghị Chính phủ với các địa phương</h1>"
        + "<p>Đây là một đoạn văn bản dài về hội nghị của Chính phủ với các địa phương, bàn về phát triển.</p>"
        * 8
        + "</article></body></html>"
    )
    for name, data in (
        ("le.html", html.encode("utf-16")),
        ("be.html", b"\xfe\xff" + html.encode("utf-16-be")),
    ):
        page = tmp_path / name
        page.write_bytes(data)
        result = run_cli("extract", str(page), "--sources", str(tmp_path / "none.toml"))
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["title"] == "Thủ tướng chủ trì hội nghị Chính phủ với các địa phương"


def test_schedule_help_pipes_only_cron_lines_into_crontab():
    result = run_cli("schedule", "--help")
    examples = [
        line for line in result.stdout.splitlines() if "crontab" in line and "newsarchive schedule" in line
    ]
    assert examples and all("--format cron" in line for line in examples)
