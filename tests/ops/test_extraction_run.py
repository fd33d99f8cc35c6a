"""ExtractionRun: the same articles whichever process reads the pages and computes the fingerprints (the
workers, or the storing process when it has a core to spare), and an unreadable record becomes a reason."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from archive.catalog.db import Catalog
from archive.ops.extraction import ExtractionRun, article_rows, workers_do_the_rest
from archive.ops.reindex import _forget_articles
from tests.helpers.archive import crawl_twice


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    return crawl_twice(tmp_path_factory.mktemp("extraction-run")).data


def _extract(data: Path, in_workers: bool) -> tuple[list[tuple], dict]:
    catalog = Catalog(data / "catalog.db")
    try:
        _forget_articles(catalog.conn)
        with ExtractionRun(catalog, data, workers=1, in_workers=in_workers) as run:
            run.add(article_rows(catalog.conn))
            done = run.finish()
        catalog.commit()
    finally:
        catalog.close()
    conn = sqlite3.connect(data / "catalog.db")
    try:
        articles = conn.execute(
            "SELECT canonical_url, title, text_digest, simhash, word_count, published FROM articles "
            "ORDER BY canonical_url"
        ).fetchall()
        near = conn.execute("SELECT count(*) FROM near_buckets").fetchone()[0]
    finally:
        conn.close()
    return articles + [("near_buckets", near)], {"articles": done.articles, "rejected": done.rejected}


def test_the_same_articles_whichever_process_does_the_rest(archive):
    in_workers = _extract(archive, in_workers=True)
    here = _extract(archive, in_workers=False)
    assert in_workers == here
    assert in_workers[1]["articles"] >= 2 and in_workers[0][-1][1] > 0


def test_an_unreadable_record_is_a_reason_not_a_stop(archive, tmp_path):
    conn = sqlite3.connect(archive / "catalog.db")
    first = conn.execute(
        "SELECT min(id) FROM captures WHERE page_kind = 'article' AND status = 200"
    ).fetchone()[0]
    conn.execute("UPDATE captures SET warc_offset = warc_offset + 7 WHERE id = ?", (first,))
    conn.commit()
    conn.close()
    try:
        for in_workers in (True, False):
            _, done = _extract(archive, in_workers=in_workers)
            assert done["rejected"] == {"unreadable_record": 1}, done
    finally:
        conn = sqlite3.connect(archive / "catalog.db")
        conn.execute("UPDATE captures SET warc_offset = warc_offset - 7 WHERE id = ?", (first,))
        conn.commit()
        conn.close()


def test_the_storing_process_takes_the_rest_only_with_one_worker_and_a_spare_core():
    assert workers_do_the_rest(2, 2) and workers_do_the_rest(3, 8)
    assert workers_do_the_rest(1, 1)
    assert not workers_do_the_rest(1, 2)
