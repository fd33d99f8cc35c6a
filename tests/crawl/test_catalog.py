"""The catalog after real crawls: a subprocess crawls a loopback site twice (an original article, a link to it
with tracking parameters, a copy with another outlet's boilerplate, an edited copy), the original is edited
between the crawls; the catalog then has one row per article, near-duplicate links, a second version, search
without diacritics, and the counts in `newsarchive status`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from archive.catalog.search import search_articles
from tests.helpers import FIXTURES, run_cli, write_sources

SEED = FIXTURES / "pages" / "vietnamplus-seed.html"
FIRST = "Ngày 3/1, Công an Thành phố Hồ Chí Minh tổ chức Hội nghị tổng kết công tác năm 2023"
EDITED_SENTENCE = "Tại Hội nghị, Bí thư Thành ủy Thành phố Hồ Chí Minh Nguyễn Văn Nên biểu dương"


def _write(root: Path, path: str, html: str) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    from samplesite.server import SampleSite

    tmp = tmp_path_factory.mktemp("catalog-crawl")
    root = tmp / "site"
    seed = SEED.read_text(encoding="utf-8")
    assert FIRST in seed and EDITED_SENTENCE in seed
    _write(root, "bai-viet/goc-post1.html", seed)
    _write(root, "tin/ban-sao-post2.html", seed.replace(FIRST, "(Báo Công an) - " + FIRST))
    _write(
        root,
        "tin/ban-sua-post3.html",
        seed.replace(EDITED_SENTENCE, "Phát biểu tại hội nghị, ông Nguyễn Văn Nên khen ngợi"),
    )
    links = ["/bai-viet/goc-post1.html", "/bai-viet/goc-post1.html?utm_source=zalo&fbclid=IwAR0",
             "/tin/ban-sao-post2.html", "/tin/ban-sua-post3.html"]  # fmt: skip
    _write(
        root,
        "index.html",
        "<html><body>" + "".join(f'<a href="{u}">{u}</a>' for u in links) + "</body></html>",
    )
    _write(root, "robots.txt", "User-agent: *\nAllow: /\n")
    site = SampleSite(root).start()
    try:
        sources = write_sources(
            tmp / "sources.toml",
            {
                "fixture": {
                    "homepage": site.base_url + "/",
                    "delay": 0,
                    "article_urls": ["/bai-viet/", "/tin/"],
                }
            },
        )
        data = tmp / "data"
        crawl = ("crawl", "--sources", str(sources), "--data", str(data))
        first = run_cli(*crawl)
        assert first.returncode == 0, first.stderr[-4000:]
        # an editor rewrites a sentence of the original
        _write(
            root,
            "bai-viet/goc-post1.html",
            seed.replace(EDITED_SENTENCE, "Tại Hội nghị, ông Nguyễn Văn Nên đánh giá cao"),
        )
        # the seed was published in 2024, past the re-check schedule: fetch everything again
        second = run_cli(*crawl, "--set", "NEWSARCHIVE_INCREMENTAL=False")
        assert second.returncode == 0, second.stderr[-4000:]
        conn = sqlite3.connect(data / "catalog.db")
        conn.row_factory = sqlite3.Row
        yield site, data, conn
        conn.close()
    finally:
        site.stop()


def _article(conn, path: str):
    return conn.execute("SELECT * FROM articles WHERE canonical_url LIKE ?", (f"%/{path}",)).fetchone()


def test_one_row_per_article_whatever_the_link(crawled):
    _, _, conn = crawled
    rows = conn.execute("SELECT canonical_url FROM articles ORDER BY canonical_url").fetchall()
    assert [r[0].split("/", 3)[3] for r in rows] == [
        "bai-viet/goc-post1.html",
        "tin/ban-sao-post2.html",
        "tin/ban-sua-post3.html",
    ]
    original = _article(conn, "bai-viet/goc-post1.html")
    captures = conn.execute(
        "SELECT count(*) FROM article_captures WHERE article_id = ?", (original["id"],)
    ).fetchone()[0]
    assert captures >= 2  # both crawls (and the tracked link, when the spider does not drop it itself)


def test_copies_are_near_duplicates_of_one_story(crawled):
    _, _, conn = crawled
    ids = {
        p: _article(conn, p)["id"]
        for p in ("bai-viet/goc-post1.html", "tin/ban-sao-post2.html", "tin/ban-sua-post3.html")
    }
    links = {
        frozenset((r["article_id"], r["duplicate_of"])): (r["kind"], r["similarity"])
        for r in conn.execute("SELECT * FROM duplicates")
    }
    assert links[frozenset((ids["tin/ban-sao-post2.html"], ids["bai-viet/goc-post1.html"]))][0] == "near"
    assert links[frozenset((ids["tin/ban-sua-post3.html"], ids["bai-viet/goc-post1.html"]))][0] == "near"
    groups = {r["duplicate_of"] for r in conn.execute("SELECT duplicate_of FROM articles")}
    assert len(groups - {None}) == 1  # one story, one representative


def test_the_edit_is_a_second_version(crawled):
    _, _, conn = crawled
    original = _article(conn, "bai-viet/goc-post1.html")
    versions = conn.execute(
        "SELECT version, chars_added, chars_removed FROM article_versions WHERE article_id = ? ORDER BY version",
        (original["id"],),
    ).fetchall()
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[1]["chars_added"] > 0 and versions[1]["chars_removed"] > 0
    assert "đánh giá cao" in original["text"]
    copy = _article(conn, "tin/ban-sao-post2.html")
    assert (
        conn.execute("SELECT count(*) FROM article_versions WHERE article_id = ?", (copy["id"],)).fetchone()[
            0
        ]
        == 1
    )


def test_search_and_status(crawled):
    _, data, conn = crawled
    hits = search_articles(conn, "tong ket cong tac")
    assert len(hits) == 3 and all("⟦" in h["snippet"] for h in hits)
    result = run_cli("status", "--data", str(data))
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("fixture"))
    captures, articles, versions, dupes = (int(x) for x in line.split()[1:5])
    assert (articles, versions) == (3, 4) and dupes >= 2 and captures >= 8
    assert json.dumps(dict(conn.execute("SELECT kind, count(*) FROM duplicates GROUP BY kind").fetchall()))
