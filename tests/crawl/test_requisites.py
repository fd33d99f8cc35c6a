"""Page requisites: an article's photos (from its own host and from a CDN) and stylesheets are archived once,
so that replay shows the page as it was."""

from __future__ import annotations

import sqlite3

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.extract.requisites import page_requisites
from tests.helpers import run_cli, write_sources

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da6364f8ff"
    "bf1e0005fe02fea7d6a4a80000000049454e44ae426082"
)


def test_page_requisites_finds_images_lazy_sources_and_stylesheets():
    html = """<html><head><link rel="stylesheet" href="/css/site.css"><link rel="icon" href="/favicon.ico">
    <link rel="alternate" href="/rss.xml"></head><body>
    <img src="data:image/gif;base64,R0lG" data-src="/anh/lazy.jpg">
    <img src="https://cdn.example.net/a.jpg" srcset="https://cdn.example.net/a-2x.jpg 2x, /b.jpg 640w">
    <picture><source srcset="/c.webp"><img src="/c.jpg"></picture><img src="/blank.gif"><img src="/anh/lazy.jpg">
    </body></html>"""
    assert page_requisites(html, "https://bao.example.vn/tin/bai.html") == [
        "https://bao.example.vn/css/site.css",
        "https://bao.example.vn/favicon.ico",
        "https://bao.example.vn/anh/lazy.jpg",
        "https://cdn.example.net/a.jpg",
        "https://cdn.example.net/a-2x.jpg",
        "https://bao.example.vn/b.jpg",
        "https://bao.example.vn/c.webp",
        "https://bao.example.vn/c.jpg",
    ]
    assert len(page_requisites(html, "https://bao.example.vn/", limit=2)) == 2
    assert page_requisites("", "https://bao.example.vn/") == []


def _referers(data) -> dict[str, str]:
    """The Referer header of each requisite request record in the WARC files."""
    found = {}
    for path in sorted((data / "warc").glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "request" and record.http_headers is not None:
                    found[record.rec_headers.get_header("WARC-Target-URI")] = record.http_headers.get_header(
                        "Referer"
                    )
    return found


# The extraction workers list an article's requisites (the pipeline then asks for them); without extraction
# the spider finds them itself. Either way the same requests go out.
@pytest.mark.parametrize("extraction", ["on", "off"])
def test_an_article_is_archived_with_its_photos_from_any_host(tmp_path, site_factory, extraction):
    cdn_root = tmp_path / "cdn"
    (cdn_root / "photos").mkdir(parents=True)
    (cdn_root / "photos" / "hoi-nghi.png").write_bytes(PNG)
    (cdn_root / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    (cdn_root / "private").mkdir()
    (cdn_root / "private" / "x.png").write_bytes(PNG)
    cdn = site_factory(cdn_root, host="127.0.0.2")

    site_root = tmp_path / "site"
    (site_root / "tin").mkdir(parents=True)
    (site_root / "css").mkdir()
    (site_root / "css" / "site.css").write_text("body { font-family: serif; }")
    (site_root / "anh").mkdir()
    (site_root / "anh" / "lazy.png").write_bytes(PNG)
    article = "tin/thu-tuong-chu-tri-hoi-nghi-truc-tuyen-voi-cac-dia-phuong-100001.html"
    (site_root / "index.html").write_text(
        f'<html><body><a href="/{article}">Bài</a></body></html>', encoding="utf-8"
    )
    (site_root / article).write_text(
        f"""<html><head><title>Hội nghị</title><link rel="stylesheet" href="/css/site.css">
        <meta property="og:type" content="article"></head><body><article><h1>Hội nghị trực tuyến</h1>
        <p>Sáng nay, Thủ tướng chủ trì hội nghị trực tuyến với các địa phương về nhiệm vụ năm mới.</p>
        <figure><img src="{cdn.base_url}/photos/hoi-nghi.png"><figcaption>Quang cảnh hội nghị.</figcaption></figure>
        <img src="data:image/gif;base64,R0lG" data-src="/anh/lazy.png"><img src="{cdn.base_url}/private/x.png">
        <p>Các địa phương báo cáo kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội trong năm qua.</p>
        </article></body></html>""",
        encoding="utf-8",
    )
    site = site_factory(site_root)
    sources = write_sources(tmp_path / "sources.toml", {"bao": {"homepage": site.base_url + "/", "delay": 0}})
    data = tmp_path / "data"
    settings = ["--set", "EXTRACT_ENABLED=False"] if extraction == "off" else []
    result = run_cli("crawl", "--sources", str(sources), "--data", str(data), *settings)
    assert result.returncode == 0, result.stderr[-3000:]
    conn = sqlite3.connect(data / "catalog.db")
    extracted = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert extracted == (1 if extraction == "on" else 0)
    requisites = dict(
        conn.execute("SELECT url, status FROM captures WHERE page_kind = 'requisite' AND via = 'requisite'")
    )
    assert requisites == {
        f"{site.base_url}/css/site.css": 200,
        f"{site.base_url}/anh/lazy.png": 200,
        f"{cdn.base_url}/photos/hoi-nghi.png": 200,
    }
    assert "GET /robots.txt" in cdn.log and "GET /private/x.png" not in cdn.log  # the CDN's robots.txt holds
    depths = dict(
        conn.execute("SELECT page_kind, depth FROM captures WHERE page_kind IN ('article', 'requisite')")
    )
    assert depths["requisite"] == depths["article"] + 1  # whichever process lists them
    found_from = {
        row[0] for row in conn.execute("SELECT discovered_from FROM captures WHERE via = 'requisite'")
    }
    assert found_from == {f"{site.base_url}/{article}"}
    referers = _referers(data)  # as a browser sends it: CDNs that refuse hotlinking look at it
    assert referers[f"{cdn.base_url}/photos/hoi-nghi.png"] == f"{site.base_url}/{article}"
    assert referers[f"{site.base_url}/css/site.css"] == f"{site.base_url}/{article}"
    assert run_cli("verify", "--data", str(data)).returncode == 0

    before = len(cdn.log)
    again = run_cli("crawl", "--sources", str(sources), "--data", str(data))
    assert again.returncode == 0, again.stderr[-3000:]
    assert [line for line in cdn.log[before:] if "/photos/" in line] == []  # archived once is enough
