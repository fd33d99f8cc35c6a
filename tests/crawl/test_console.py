"""What `newsarchive crawl` prints: no Scrapy start-up noise, progress lines, and the summary whose figures
`newsarchive status` shows too; Scrapy's whole log in DATA/logs/."""

from __future__ import annotations

import re

import pytest

from samplesite.server import PRESS_SITE
from tests.helpers import run_cli, write_sources


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    from samplesite.server import SampleSite

    work = tmp_path_factory.mktemp("console")
    with SampleSite(PRESS_SITE) as site:
        sources = write_sources(work / "s.toml", {"press": {"homepage": site.base_url + "/", "delay": 0.02}})
        data = work / "data"
        result = run_cli(
            "crawl", "--sources", str(sources), "--data", str(data),
            "--set", "NEWSARCHIVE_PROGRESS_INTERVAL=0.5",
        )  # fmt: skip
        verbose = run_cli("crawl", "-v", "--sources", str(sources), "--data", str(work / "data2"))
    return data, result, verbose


def test_the_console_is_quiet_and_shows_progress(crawled):
    _, result, _ = crawled
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Scrapy 2." not in result.stderr and "Enabled downloader middlewares" not in result.stderr
    assert "Dumping Scrapy stats" not in result.stderr and "Crawled " not in result.stderr
    progress = [line for line in result.stderr.splitlines() if line.startswith("progress: ")]
    assert progress, result.stderr
    assert re.fullmatch(
        r"progress: \d+ fetched, \d+ archived, \d+ articles, \d+ queued, \d+ errors, [\d.]+ pages/s, "
        r"[\d,]+ WARC bytes",
        progress[-1],
    )


def test_the_summary_agrees_with_status(crawled):
    data, result, _ = crawled
    out = result.stdout
    assert "Crawl #1 of press finished in " in out
    # the site's robots.txt keeps 8 listed URLs out: refusals are failures rows too (issue 14), shown on a line
    # of their own so that a reader does not take the site's choice for errors
    assert "failures     1: HTTP 404 ×1" in out
    assert "  robots.txt 8 URL(s) not fetched: the site's robots.txt disallows them" in out
    assert "articles     13 in the catalog" in out
    warc_bytes = re.search(r"\(archive: 1 file\(s\), ([\d,]+) bytes\)", out).group(1)
    status = run_cli("status", "--data", str(data))
    assert status.returncode == 0, status.stderr
    assert f"WARC: 1 files, {warc_bytes} bytes" in status.stdout
    assert "sources: press" in status.stdout
    row = next(line for line in status.stdout.splitlines() if line.startswith("press "))
    # captures, articles; errors (the 404 and the refusals), failed fetches (the refusals)
    assert row.split()[1:3] == ["52", "13"] and row.split()[5:7] == ["9", "8"]
    # the log file keeps what the console left out
    log = re.search(r"log +(\S+\.log)", out).group(1)
    text = open(log, encoding="utf-8").read()
    assert "Scrapy 2." in text and "Dumping Scrapy stats" in text


def test_verbose_shows_scrapy_info(crawled):
    _, _, verbose = crawled
    assert verbose.returncode == 0, verbose.stderr[-3000:]
    assert "INFO: Spider opened" in verbose.stderr or "Spider opened" in verbose.stderr
