"""A damaged catalog.db (garbage, or cut short): every command says so in one line with the way out, `crawl`
refuses before sending a request, and `reindex` moves the damaged file aside (never deletes it) and rebuilds the
catalog from the WARC files, crawl history included. A finished crawl leaves the catalog as one file."""

from __future__ import annotations

import json
import shutil

import pytest

from samplesite.server import PRESS_SITE, SampleSite
from tests.helpers import run_cli, write_sources
from tests.helpers.archive import rows

COUNTS = (
    "SELECT (SELECT count(*) FROM captures), (SELECT count(*) FROM articles), (SELECT count(*) FROM failures)"
)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    work = tmp_path_factory.mktemp("damaged")
    with SampleSite(PRESS_SITE) as site:
        sources = write_sources(work / "s.toml", {"press": {"homepage": site.base_url + "/", "delay": 0}})
        result = run_cli("crawl", "--sources", str(sources), "--data", str(work / "data"))
        assert result.returncode == 0, result.stderr[-3000:]
    return work


def test_a_finished_crawl_leaves_the_catalog_as_one_file(crawled):
    data = crawled / "data"
    wal = data / "catalog.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    copy = crawled / "copy.db"
    shutil.copyfile(data / "catalog.db", copy)  # what a user copying "the SQLite catalog" gets
    import sqlite3

    conn = sqlite3.connect(copy)
    assert conn.execute("SELECT count(*) FROM captures").fetchone()[0] > 20
    conn.close()


def _damage(path, how: str) -> None:
    if how == "garbage":
        path.write_bytes(b"\x00not a database at all\xff" * 2000)
    else:
        raw = path.read_bytes()
        path.write_bytes(raw[: len(raw) // 2])


@pytest.mark.parametrize("how", ["garbage", "truncated"])
def test_a_damaged_catalog_is_reported_and_rebuilt_by_reindex(crawled, tmp_path, how):
    data = tmp_path / "data"
    shutil.copytree(crawled / "data", data, ignore=shutil.ignore_patterns("lock"))
    before = rows(data, COUNTS)[0]
    crawls = rows(data, "SELECT id, sources FROM crawls")
    _damage(data / "catalog.db", how)
    damaged_bytes = (data / "catalog.db").read_bytes()

    for args in (
        ["status"],
        ["verify"],
        ["browse", "--port", "1"],
        ["export", "--format", "jsonl", "--out", str(tmp_path / "x.jsonl")],
    ):
        result = run_cli(*args, "--data", str(data))
        assert result.returncode == 1, (args, result.stdout[-2000:], result.stderr[-2000:])
        assert "Traceback" not in result.stderr, result.stderr[-3000:]
        message = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(message) == 1 and "is damaged" in message[0] and "newsarchive reindex --data" in message[0]

    with SampleSite(PRESS_SITE) as site:
        sources = write_sources(tmp_path / "s.toml", {"press": {"homepage": site.base_url + "/", "delay": 0}})
        result = run_cli("crawl", "--sources", str(sources), "--data", str(data))
        assert result.returncode == 1 and "is damaged" in result.stderr, result.stderr[-3000:]
        assert "Traceback" not in result.stderr
        assert site.log == []  # refused before sending any request

    result = run_cli("reindex", "--data", str(data), "--sources", str(sources))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    [aside] = list(data.glob("catalog.db.damaged-*"))
    assert aside.read_bytes() == damaged_bytes  # kept, never deleted
    assert rows(data, COUNTS)[0] == before
    rebuilt = rows(data, "SELECT id, sources, software FROM crawls")
    assert [r[0] for r in rebuilt] == [r[0] for r in crawls]
    assert json.loads(rebuilt[0][1]) == ["press"] and "scrapy" in json.loads(rebuilt[0][2])
    verify = run_cli("verify", "--data", str(data))
    assert verify.returncode == 0, verify.stdout[-3000:] + verify.stderr[-3000:]
