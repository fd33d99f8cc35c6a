"""`archive_status`: per-source counts of captures, articles, versions, duplicates and errors."""

from __future__ import annotations

from archive.catalog.db import open_database
from archive.catalog.status import archive_status
from tests.helpers import run_cli
from tests.helpers.catalog import build_sample_catalog


def test_status_counts(tmp_path):
    build_sample_catalog(tmp_path / "catalog.db")
    db = open_database(tmp_path / "catalog.db", readonly=True)
    status = archive_status(db)
    by_source = {s["source"]: s for s in status["sources"]}
    assert status["last_crawl"]["finish_reason"] == "finished"
    assert {
        k: by_source["chinhphu"][k] for k in ("captures", "articles", "versions", "changed", "errors")
    } == {
        "captures": 4,
        "articles": 2,
        "versions": 3,
        "changed": 1,
        "errors": 0,
    }
    assert by_source["cand"]["fetch_errors"] == 1 and by_source["cand"]["errors"] == 1
    assert by_source["nhandan"]["duplicates_by_kind"] == {"near": 3}
    assert by_source["ttxvn"]["duplicates"] == 0  # the original links to nothing


def test_status_command(tmp_path):
    build_sample_catalog(tmp_path / "catalog.db")
    result = run_cli("status", "--data", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "last crawl: #1" in result.stdout
    line = next(line for line in result.stdout.splitlines() if line.startswith("chinhphu"))
    assert line.split()[1:6] == ["4", "2", "3", "1", "0"]


def test_status_names_sources_as_text_even_after_a_reindex(tmp_path):
    build_sample_catalog(tmp_path / "catalog.db")
    db = open_database(tmp_path / "catalog.db")
    db.conn.execute("UPDATE crawls SET sources = NULL, finish_reason = 'reindexed'")  # as reindex makes it
    db.conn.commit()
    db.conn.close()
    result = run_cli("status", "--data", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "sources: cand, chinhphu, nhandan, ttxvn" in result.stdout
    assert "None" not in result.stdout and "[" not in result.stdout
