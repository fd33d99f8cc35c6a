"""Replay with pywb (its own environment, a separate process) over a crawled archive, seen in Chromium."""

from __future__ import annotations

import subprocess
import urllib.error
import urllib.request
from email.utils import parsedate_to_datetime

import pytest

from archive.replay.pywb import COLLECTION, free_port, replay_env, replay_url, timestamp14
from tests.helpers import run_cli
from tests.helpers.archive import ARTICLE, ARTICLE_TEXT, ARTICLE_TITLE, SITE, crawl_twice, rows
from tests.helpers.chromium import dump_dom, screenshot
from tests.helpers.replay import replaying

pytestmark = pytest.mark.slow

needs_pywb = pytest.mark.skipif(
    not (replay_env() / "bin" / "wayback").exists(), reason="no replay environment: run `make replay-env`"
)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_twice(tmp_path_factory.mktemp("replay"))


@pytest.fixture(scope="module")
def replay(crawled):
    """`newsarchive replay --port 0` as a user runs it; yields the collection URL it prints."""
    with replaying(crawled.data) as (_, line):
        yield line
    port = line.split(":")[2].split("/")[0]
    assert not _wayback_running(port), "pywb was left running"


def _wayback_running(port: str) -> bool:
    out = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    return any("wayback" in args and f"--port {port}" in args for args in out.splitlines())


def _get(url: str):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, dict(response.headers), response.read()


def _captures(crawled, rtype):
    return rows(
        crawled.data,
        "SELECT fetched_at, payload_digest FROM captures WHERE url = ? AND record_type = ?",
        (crawled.article_url, rtype),
    )


@needs_pywb
def test_replay_serves_the_archived_article(crawled, replay):
    assert replay.endswith(f"/{COLLECTION}/")
    [(fetched_at, _)] = _captures(crawled, "response")
    status, headers, body = _get(
        replay_url(replay.rsplit(f"/{COLLECTION}/", 1)[0], crawled.article_url, fetched_at)
    )
    assert status == 200
    text = body.decode("utf-8")
    assert ARTICLE_TITLE in text and ARTICLE_TEXT in text
    assert headers["Memento-Datetime"]


@needs_pywb
def test_a_revisit_resolves_to_its_original(crawled, replay):
    [(original_at, digest)] = _captures(crawled, "response")
    [(revisit_at, revisit_digest)] = _captures(crawled, "revisit")
    assert digest == revisit_digest
    base = replay.rsplit(f"/{COLLECTION}/", 1)[0]
    status, headers, body = _get(replay_url(base, crawled.article_url, revisit_at, modifier="id_"))
    assert status == 200
    # the capture served is the revisit (its own date) and the payload is the original's
    served = parsedate_to_datetime(headers["Memento-Datetime"]).strftime("%Y%m%d%H%M%S")
    assert served == timestamp14(revisit_at) and revisit_at > original_at
    assert body == (SITE / ARTICLE.lstrip("/")).read_bytes()


@needs_pywb
def test_a_not_modified_revisit_replays_as_the_page_the_server_confirmed(crawled, replay):
    found = rows(
        crawled.data,
        "SELECT url, fetched_at FROM captures WHERE record_type = 'revisit' AND status = 304 ORDER BY id LIMIT 1",
    )
    if not found:
        pytest.skip("the crawler answered no conditional GET with 304 in this run")
    [(url, revisit_at)] = found
    confirmed = rows(crawled.data, "SELECT fetched_at FROM captures WHERE url = ? AND status = 200", (url,))
    base = replay.rsplit(f"/{COLLECTION}/", 1)[0]
    status, headers, body = _get(replay_url(base, url, revisit_at, modifier="id_"))
    assert status == 200 and body.strip()  # the content, not an empty 304
    served = parsedate_to_datetime(headers["Memento-Datetime"]).strftime("%Y%m%d%H%M%S")
    # the nearest capture that holds the page: the original, or an identical-payload revisit of it
    assert served in {timestamp14(at) for (at,) in confirmed}


@needs_pywb
def test_chromium_shows_the_replayed_page(crawled, replay):
    [(fetched_at, _)] = _captures(crawled, "response")
    url = replay_url(replay.rsplit(f"/{COLLECTION}/", 1)[0], crawled.article_url, fetched_at)
    dom = dump_dom(url)
    assert f"<title>{ARTICLE_TITLE}</title>" in dom
    assert ARTICLE_TEXT in dom
    picture = screenshot(url, "replay-article")
    assert picture.stat().st_size > 5000


def test_replay_without_its_environment_says_what_to_do(crawled, tmp_path):
    result = run_cli(
        "replay",
        "--data",
        str(crawled.data),
        "--port",
        str(free_port()),  # never replay's default: another program may hold it
        env={"NEWSARCHIVE_REPLAY_ENV": str(tmp_path / "none")},
    )
    assert result.returncode == 1
    assert "make replay-env" in result.stderr
    assert "Traceback" not in result.stderr


def test_replay_of_a_directory_without_warc_files_fails_cleanly(tmp_path):
    result = run_cli("replay", "--data", str(tmp_path / "empty"), "--port", str(free_port()))
    assert result.returncode == 1 and "newsarchive crawl" in result.stderr


def test_help_has_an_example():
    result = run_cli("replay", "--help")
    assert result.returncode == 0 and "Example" in result.stdout


def test_replay_names_missing_warc_files(archive_data):
    [name, *_] = sorted(p.name for p in (archive_data / "warc").glob("*.warc.gz"))
    (archive_data / "warc" / name).unlink()
    result = run_cli("replay", "--data", str(archive_data), "--port", str(free_port()))
    assert result.returncode == 1, result.stdout + result.stderr
    assert name in result.stderr and "missing from" in result.stderr and "Traceback" not in result.stderr
    assert "newsarchive reindex" in result.stderr


@needs_pywb
def test_replay_indexes_what_has_no_index_and_explains_a_file_gone_since(archive_data):
    names = sorted(p.name for p in (archive_data / "warc").glob("*.warc.gz"))
    index = archive_data / "indexes" / f"{names[0]}.cdxj"
    index.unlink()
    with replaying(archive_data) as (process, collection):
        assert index.exists()
        [(url, fetched_at, warc)] = rows(
            archive_data,
            "SELECT url, fetched_at, warc_file FROM captures WHERE page_kind = 'article' "
            "AND record_type = 'response' ORDER BY id LIMIT 1",
        )
        (archive_data / "warc" / warc).unlink()  # gone while replay runs
        page_url = replay_url(collection.rsplit(f"/{COLLECTION}/", 1)[0], url, fetched_at)
        try:
            urllib.request.urlopen(page_url, timeout=30)
            body = ""
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace")
        assert "This capture cannot be replayed" in body and "newsarchive verify" in body
        assert "Pywb Error" not in body
        screenshot(page_url, "replay-missing-file", size="1100,700")
    stderr = process.stderr_text
    assert "indexing 1 WARC file(s) that had no CDXJ index" in stderr and names[0] in stderr
