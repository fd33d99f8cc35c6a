"""Article pages an earlier run archived but did not extract (extraction off, a killed or stopped run) are
extracted by the next crawl from the WARC files: the catalog ends as if they had been extracted at once."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.pipelines.pending import pending_rows
from tests.helpers import run_cli
from tests.helpers.sites import ARTICLES, STUB, fixture_site

ARTICLE_COLUMNS = "url, title, author, published, modified, language, text, word_count, text_digest, simhash"


def _crawl(sources: Path, data: Path, *settings: str):
    args = ["crawl", "--sources", str(sources), "--data", str(data), "--set", "EXTRACT_WORKERS=2"]
    for setting in settings:
        args += ["--set", setting]
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr[-4000:]
    return result


def _articles(conn) -> dict[str, tuple]:
    rows = conn.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY url").fetchall()
    return {row[0]: row for row in rows}


def _captions(conn) -> list[tuple]:
    return conn.execute(
        "SELECT articles.url, images.position, images.src, images.caption, images.credit FROM images "
        "JOIN articles ON articles.id = images.article_id ORDER BY 1, 2, 3"
    ).fetchall()


def _statuses(conn) -> dict[str, str | None]:
    return dict(
        conn.execute("SELECT url, extract_status FROM captures WHERE page_kind = 'article'").fetchall()
    )


@pytest.fixture(scope="module")
def caught_up(tmp_path_factory):
    """One data directory crawled with extraction, one crawled without and then again with it."""
    tmp = tmp_path_factory.mktemp("pending")
    with fixture_site(tmp) as sources:
        reference = tmp / "reference"
        _crawl(sources, reference)
        data = tmp / "data"
        _crawl(sources, data, "EXTRACT_ENABLED=0")
        before = sqlite3.connect(data / "catalog.db")
        counts = (
            before.execute("SELECT count(*) FROM articles").fetchone()[0],
            len(list(pending_rows(before, None, chunk=2))),
        )
        before.close()
        _crawl(sources, data)
    yield reference, data, counts


def test_extraction_off_leaves_article_captures_pending(caught_up):
    _, _, (articles, pending) = caught_up
    assert articles == 0
    assert pending == len(ARTICLES) + 1  # the stub is an article page too (it yields no article)


def test_the_next_crawl_extracts_them_as_a_single_run_would(caught_up):
    reference, data, _ = caught_up
    ref, got = sqlite3.connect(reference / "catalog.db"), sqlite3.connect(data / "catalog.db")
    assert len(_articles(ref)) == len(ARTICLES)
    assert _articles(got) == _articles(ref)  # titles, dates, text, digests, fingerprints
    assert _captions(got) == _captions(ref)
    statuses = _statuses(got)
    assert statuses == _statuses(ref)
    assert statuses[next(u for u in statuses if u.endswith(STUB))] == "too_short"
    assert not list(pending_rows(got, None))
    stats = json.loads(got.execute("SELECT stats FROM crawls ORDER BY id DESC LIMIT 1").fetchone()[0])
    assert stats["extract/pending"] == len(ARTICLES) + 1
    assert stats["extract/ok"] == len(ARTICLES)
    assert stats.get("incremental/skipped", 0) >= len(ARTICLES)  # not fetched again: read from the WARC


def test_conversion_records_are_written_for_them(caught_up):
    _, data, _ = caught_up
    conn = sqlite3.connect(data / "catalog.db")
    ids = {
        record_id
        for (record_id,) in conn.execute(
            "SELECT captures.warc_record_id FROM articles JOIN captures ON captures.id = articles.capture_id"
        )
    }
    refers = set()
    for warc in sorted((data / "warc").glob("*.warc.gz")):
        with open(warc, "rb") as fh:
            refers |= {
                r.rec_headers.get_header("WARC-Refers-To")
                for r in ArchiveIterator(fh)
                if r.rec_type == "conversion"
            }
    assert len(ids) == len(ARTICLES) and ids <= refers
    verify = run_cli("verify", "--data", str(data))
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_a_record_that_cannot_be_read_is_marked_not_retried(tmp_path):
    """A pending capture whose record is gone gets a reason, as reindex records it; the crawl goes on."""
    with fixture_site(tmp_path) as sources:
        data = tmp_path / "data"
        _crawl(sources, data, "EXTRACT_ENABLED=0")
        conn = sqlite3.connect(data / "catalog.db")
        (victim,) = conn.execute(
            "SELECT id FROM captures WHERE page_kind = 'article' AND url LIKE '%vnexpress%'"
        ).fetchone()
        conn.execute("UPDATE captures SET warc_offset = warc_offset + 7 WHERE id = ?", (victim,))
        conn.commit()
        _crawl(sources, data)
        (status,) = conn.execute("SELECT extract_status FROM captures WHERE id = ?", (victim,)).fetchone()
        assert status == "unreadable_record"
        (articles,) = conn.execute("SELECT count(*) FROM articles").fetchone()
        assert articles == len(ARTICLES) - 1
