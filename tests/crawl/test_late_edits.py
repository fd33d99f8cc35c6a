"""Late edits (issue 13): an article older than the last re-check tier is fetched again when the sitemap's
`lastmod` for it changes, even to a time before our capture (a lagging cache, a clock behind), and the revision
is archived as a new version with the page's dateModified. A real crawl in a subprocess against a loopback site."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.helpers import run_cli, write_sources

PUBLISHED = (datetime.now(UTC) - timedelta(days=30)).replace(microsecond=0)


def article(n: int, text: str, modified: datetime) -> str:
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>Bài viết {n}</title>"
        '<script type="application/ld+json">{"@type":"NewsArticle",'
        f'"headline":"Bài viết số {n} về phiên họp","datePublished":"{PUBLISHED.isoformat()}",'
        f'"dateModified":"{modified.isoformat()}"}}</script></head>'
        f"<body><article><h1>Bài viết số {n} về phiên họp</h1>"
        + "".join(
            f"<p>{text} Đoạn {k}: nội dung bài viết về phiên họp thường kỳ của Chính phủ, các chỉ tiêu kinh tế.</p>"
            for k in range(1, 5)
        )
        + "</article></body></html>"
    )


def sitemap(root: Path, lastmods: dict[str, datetime]) -> None:
    entries = "".join(
        f"<url><loc>{{{{base}}}}{path}</loc><lastmod>{when.isoformat()}</lastmod></url>"
        for path, when in lastmods.items()
    )
    (root / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{entries}</urlset>\n",
        encoding="utf-8",
    )


@pytest.mark.slow
def test_changed_lastmod_refetches_an_old_article_and_archives_the_revision(site_factory, tmp_path):
    root = tmp_path / "site"
    (root / "tin").mkdir(parents=True)
    paths = [f"/tin/bai-viet-so-{n}-ve-phien-hop-chinh-phu-{100000 + n}.html" for n in (1, 2, 3)]
    for n, path in enumerate(paths, 1):
        (root / path.lstrip("/")).write_text(article(n, "Bản đầu.", PUBLISHED), encoding="utf-8")
    sitemap(root, dict.fromkeys(paths, PUBLISHED))
    (root / "robots.txt").write_text("User-agent: *\nSitemap: {{base}}/sitemap.xml\n", encoding="utf-8")
    (root / "index.html").write_text("<html><body><h1>Báo</h1></body></html>", encoding="utf-8")
    site = site_factory(root)
    sources = write_sources(
        tmp_path / "sources.toml",
        {"t": {"homepage": site.base_url + "/", "delay": 0, "timezone": "Asia/Ho_Chi_Minh"}},
    )
    data = tmp_path / "data"
    args = ("crawl", "t", "--sources", str(sources), "--data", str(data))
    first = run_cli(*args)
    assert first.returncode == 0, first.stderr[-3000:]
    before = len(site.log)

    # The outlet edits article 1; its sitemap lastmod moves, to a time that is still before our capture.
    edited_at = PUBLISHED + timedelta(days=1)
    page = root / paths[0].lstrip("/")
    page.write_text(article(1, "Bản đã sửa: đính chính số liệu.", edited_at), encoding="utf-8")
    sitemap(root, {paths[0]: edited_at, paths[1]: PUBLISHED, paths[2]: PUBLISHED})

    second = run_cli(*args)
    assert second.returncode == 0, second.stderr[-3000:]
    fetched = [line.split(" ", 1)[1] for line in site.log[before:]]
    assert fetched.count(paths[0]) == 1
    assert paths[1] not in fetched and paths[2] not in fetched  # unchanged and a month old: not fetched

    db = sqlite3.connect(data / "catalog.db")
    url = site.base_url + paths[0]
    [(status, lastmod)] = db.execute(
        "SELECT status, discovery_lastmod FROM captures WHERE crawl_id = 2 AND url = ?", (url,)
    ).fetchall()
    assert status == 200 and lastmod == edited_at.astimezone(UTC).isoformat().replace("+00:00", "Z")
    versions = db.execute(
        "SELECT v.version, v.modified FROM article_versions v JOIN articles a ON a.id = v.article_id "
        "WHERE a.canonical_url = ? ORDER BY v.version",
        (url,),
    ).fetchall()
    assert [v for v, _ in versions] == [1, 2], db.execute(
        "SELECT id, crawl_id, status, extract_status FROM captures WHERE url = ?", (url,)
    ).fetchall()
    assert versions[1][1] is not None and versions[1][1].startswith(edited_at.date().isoformat())
    kinds = db.execute(
        "SELECT DISTINCT page_kind, page_kind_reason FROM captures WHERE url = ?", (url,)
    ).fetchall()
    assert all(kind == "article" and reason for kind, reason in kinds), kinds
