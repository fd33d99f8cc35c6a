"""PDF documents in a real crawl: an article's attached decree (linked as .pdf, not listed by the sitemap), a
download URL without .pdf that serves a PDF as application/octet-stream, and a scan without a text layer. They
are archived like any response and stored as articles of kind 'pdf', searchable, linked to the article that
attached them; `reindex` gives them again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from samplesite.server import SampleSite
from tests.helpers import FIXTURES, run_cli, write_sources
from tests.helpers.archive import rows

PDFS = FIXTURES / "pdf"
ARTICLE = "/tin-tuc/chinh-phu-ban-hanh-nghi-dinh-giam-tru-gia-canh-102260105.html"


def _site(root: Path) -> None:
    (root / "tin-tuc").mkdir(parents=True)
    (root / "van-ban").mkdir()
    (root / "tai-ve").mkdir()
    shutil.copy(PDFS / "nghi-dinh-12-2026.pdf", root / "van-ban" / "nghi-dinh-12-2026.pdf")
    shutil.copy(PDFS / "scan-no-text.pdf", root / "van-ban" / "ban-chup.pdf")
    shutil.copy(PDFS / "report-hyphenated.pdf", root / "tai-ve" / "bao-cao-2026")
    paragraphs = "".join(
        f"<p>Chính phủ vừa ban hành Nghị định quy định mức giảm trừ gia cảnh, đoạn {i}, áp dụng từ năm 2026.</p>"
        for i in range(8)
    )
    (root / ARTICLE.lstrip("/")).write_text(
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta property="og:type" content="article">'
        "<title>Chính phủ ban hành Nghị định về giảm trừ gia cảnh</title></head><body><article>"
        f"<h1>Chính phủ ban hành Nghị định về giảm trừ gia cảnh</h1>{paragraphs}"
        '<p>Toàn văn: <a href="/van-ban/nghi-dinh-12-2026.pdf">Nghị định 12/2026/NĐ-CP</a>; '
        '<a href="/van-ban/ban-chup.pdf">bản chụp</a>.</p></article></body></html>',
        encoding="utf-8",
    )
    (root / "index.html").write_text("<html><body><p>Trang chủ</p></body></html>", encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\nSitemap: /sitemap.xml\n", encoding="utf-8")
    (root / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{{base}}{ARTICLE}</loc><lastmod>2026-01-05</lastmod></url>"
        "<url><loc>{base}/tai-ve/bao-cao-2026</loc></url></urlset>",
        encoding="utf-8",
    )
    (root / "_site.json").write_text(
        json.dumps({"content_types": {"/tai-ve/bao-cao-2026": "application/octet-stream"}}), encoding="utf-8"
    )


def test_documents_are_archived_extracted_and_linked(tmp_path):
    root = tmp_path / "site"
    _site(root)
    with SampleSite(root) as site:
        sitemap = root / "sitemap.xml"
        sitemap.write_text(
            sitemap.read_text(encoding="utf-8").replace("{base}", site.base_url), encoding="utf-8"
        )
        sources = write_sources(
            tmp_path / "sources.toml", {"gov": {"homepage": site.base_url + "/", "delay": 0}}
        )
        data = tmp_path / "data"
        result = run_cli("crawl", "--sources", str(sources), "--data", str(data))
        assert result.returncode == 0, result.stderr[-3000:]
        base = site.base_url

    documents = rows(
        data, "SELECT url, kind, title, text_source, text FROM articles WHERE kind = 'pdf' ORDER BY url"
    )
    assert [(url[len(base) :], kind) for url, kind, *_ in documents] == [
        ("/tai-ve/bao-cao-2026", "pdf"),
        ("/van-ban/nghi-dinh-12-2026.pdf", "pdf"),
    ]
    decree = documents[1]
    assert (
        decree[2] == "Nghị định số 12/2026/NĐ-CP quy định mức giảm trừ gia cảnh" and decree[3] == "text_layer"
    )
    assert "Điều 1. Phạm vi điều chỉnh" in decree[4]
    assert "documentation kept by each agency" in documents[0][4]
    # the scan is archived, with its reason
    assert rows(data, "SELECT page_kind, extract_status FROM captures WHERE url LIKE '%ban-chup.pdf'") == [
        ("document", "no_text_layer")
    ]
    # the decree is found from the article and back
    assert rows(data, "SELECT article_url, document_url FROM article_attachments") == [
        (base + ARTICLE, base + "/van-ban/nghi-dinh-12-2026.pdf")
    ]
    # searchable with the articles
    found = rows(
        data,
        "SELECT a.url FROM articles_fts f JOIN articles a ON a.id = f.rowid WHERE articles_fts MATCH 'ngang' "
        "ORDER BY a.url",
    )
    assert [url for (url,) in found] == [base + "/van-ban/nghi-dinh-12-2026.pdf"]

    before = rows(data, "SELECT url, kind, title, text_digest FROM articles ORDER BY url")
    assert run_cli("reindex", "--sources", str(sources), "--data", str(data)).returncode == 0
    assert rows(data, "SELECT url, kind, title, text_digest FROM articles ORDER BY url") == before


def test_extract_reads_a_pdf_file(tmp_path):
    result = run_cli("extract", str(PDFS / "nghi-dinh-12-2026.pdf"), "--url", "https://chinhphu.vn/nd-12.pdf")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["kind"] == "pdf" and data["title"].startswith("Nghị định số 12/2026")
    scan = json.loads(run_cli("extract", str(PDFS / "scan-no-text.pdf")).stdout)
    assert scan["reason"] == "no_text_layer"
