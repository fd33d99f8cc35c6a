"""The WARC files are the source of truth: the crawl that wrote them, `import` of its files into an empty data
directory, and `reindex` in place give the same captures (how each page was found), articles, images and
duplicate links. One construction of the capture row and one extract-and-store path make this hold."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from crawler.commands.demo import write_demo_sources
from samplesite.server import PRESS_SITE, SampleSite
from tests.helpers import run_cli
from tests.helpers.archive import rows

pytestmark = pytest.mark.slow

CAPTURES = (
    "SELECT url, fetched_at, status, record_type, source, via, discovered_from, page_kind, depth, discovery, "
    "payload_digest, refers_to, request_record_id, extract_status FROM captures "
    "WHERE record_type IN ('response', 'revisit') ORDER BY url, fetched_at"
)
ARTICLES = (
    "SELECT source, url, canonical_url, title, author, published, modified, language, text, word_count, "
    "text_digest, simhash FROM articles ORDER BY url"
)
IMAGES = (
    "SELECT a.url, i.position, i.src, i.caption, i.credit, i.alt FROM images i JOIN articles a "
    "ON a.id = i.article_id ORDER BY a.url, i.position"
)
DUPLICATES = (
    "SELECT a.url, b.url, d.kind, round(d.similarity, 6) FROM duplicates d JOIN articles a ON a.id = d.article_id "
    "JOIN articles b ON b.id = d.duplicate_of ORDER BY 1, 2, 3"
)


def snapshot(data: Path) -> dict[str, list[tuple]]:
    return {
        name: rows(data, sql)
        for name, sql in (
            ("captures", CAPTURES),
            ("articles", ARTICLES),
            ("images", IMAGES),
            ("duplicates", DUPLICATES),
        )
    }


def test_crawl_import_and_reindex_give_the_same_catalog(tmp_path):
    crawled = tmp_path / "crawled"
    with SampleSite(PRESS_SITE) as site:
        sources = write_demo_sources(tmp_path / "sources.toml", site.base_url)
        result = run_cli("crawl", "--sources", str(sources), "--data", str(crawled))
        assert result.returncode == 0, result.stderr[-3000:]
    crawl = snapshot(crawled)
    assert len(crawl["articles"]) >= 10 and any(caption for *_, caption, _c, _a in crawl["images"])
    assert {kind for _, _, kind, _ in crawl["duplicates"]} >= {"near"}

    imported = tmp_path / "imported"
    warcs = sorted(str(p) for p in (crawled / "warc").glob("*.warc.gz"))
    result = run_cli("import", *warcs, "--sources", str(sources), "--data", str(imported))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert snapshot(imported) == crawl

    rebuilt = tmp_path / "rebuilt"
    shutil.copytree(crawled, rebuilt)
    result = run_cli("reindex", "--sources", str(sources), "--data", str(rebuilt))
    assert result.returncode == 0, result.stderr[-3000:]
    assert snapshot(rebuilt) == crawl


def test_a_page_read_as_an_article_stays_one_after_reindex(tmp_path):
    """A link whose URL looks like a section (/tin-moi) but whose page declares itself a NewsArticle: the crawl
    revises its kind once it has read it, and says so in the WARC, so reindex extracts it too."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "index.html").write_text(
        '<html><body><a href="/tin-moi">Tin mới</a></body></html>', encoding="utf-8"
    )
    paragraphs = "".join(
        f"<p>Đoạn {i} của bài viết về một sự kiện trong ngày, đủ dài để là một bài báo.</p>" for i in range(6)
    )
    (root / "tin-moi").write_text(
        '<html><head><title>Sự kiện trong ngày</title><script type="application/ld+json">'
        '{"@type": "NewsArticle", "headline": "Sự kiện trong ngày"}</script></head>'
        f"<body><article><h1>Sự kiện trong ngày</h1>{paragraphs}</article></body></html>",
        encoding="utf-8",
    )
    (root / "_site.json").write_text(
        '{"content_types": {"/tin-moi": "text/html; charset=utf-8"}}', encoding="utf-8"
    )
    data = tmp_path / "data"
    from tests.helpers import write_sources

    with SampleSite(root) as site:
        sources = write_sources(tmp_path / "s.toml", {"s": {"homepage": site.base_url + "/", "delay": 0}})
        assert run_cli("crawl", "--sources", str(sources), "--data", str(data)).returncode == 0
        page = site.base_url + "/tin-moi"
    kinds = "SELECT page_kind, page_kind_reason FROM captures WHERE url = ?"
    crawled = rows(data, kinds, (page,))
    assert crawled[0][0] == "article" and "jsonld" in crawled[0][1]
    assert rows(data, "SELECT url FROM articles") == [(page,)]
    assert run_cli("reindex", "--sources", str(sources), "--data", str(data)).returncode == 0
    assert rows(data, kinds, (page,)) == crawled
    assert rows(data, "SELECT url FROM articles") == [(page,)]
