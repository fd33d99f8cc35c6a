"""Script-built pages through headless Chromium (a source with `render = true`): a homepage whose links are
written by a script, an article filled from an inline JSON object, one filled from a fetch() of a JSON URL, and
one whose scripts never settle. Every exchange the browser made is archived, the rendered DOM beside the page's
response, extraction reads the DOM, and reindex gives the same articles from the WARC files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from samplesite.server import SampleSite
from tests.helpers import run_cli, write_sources
from tests.helpers.archive import rows

pytestmark = pytest.mark.skipif(
    not (shutil.which("chromium") or shutil.which("chromium-browser")),
    reason="Debian's chromium is installed by `make test` (make chromium)",
)

INLINE = "/bai-viet/chinh-phu-hop-phien-thuong-ky-thang-muoi-mot-100001.html"
FETCHED = "/bai-viet/bo-tai-chinh-cong-bo-du-thao-nghi-dinh-moi-100002.html"
RESTLESS = "/bai-viet/trang-tin-cap-nhat-lien-tuc-theo-thoi-gian-100003.html"
SENTENCE = "Thủ tướng yêu cầu các bộ, ngành đẩy nhanh giải ngân vốn đầu tư công trong những tháng cuối năm."
FETCHED_SENTENCE = "Bộ Tài chính đề xuất nâng mức giảm trừ gia cảnh lên 15,5 triệu đồng mỗi tháng từ năm tới."


def _page(title: str, script: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title></head><body>'
        '<header><nav><a href="/">Trang chủ</a></nav></header>'
        '<article><h1 id="title"></h1><div id="body"></div></article>'
        f"<script>{script}</script></body></html>"
    )


FILL = (
    "function fill(d) {document.getElementById('title').textContent = d.title;"
    "document.getElementById('body').innerHTML = d.paragraphs.map(p => '<p>' + p + '</p>').join('');}"
)


def _site(root: Path) -> None:
    (root / "bai-viet").mkdir(parents=True)
    (root / "api").mkdir()
    links = [INLINE, FETCHED, RESTLESS]
    (root / "index.html").write_text(
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Báo Mẫu</title></head><body>'
        f'<ul id="list"></ul><script>const items = {json.dumps(links)};'
        "document.getElementById('list').innerHTML = items.map(u => '<li><a href=\"' + u + '\">' + u + '</a></li>').join('');"
        "</script></body></html>",
        encoding="utf-8",
    )
    inline = {
        "title": "Chính phủ họp phiên thường kỳ tháng Mười Một",
        "paragraphs": [SENTENCE]
        + [f"Nội dung phiên họp, phần {i}, bàn về tình hình kinh tế - xã hội." for i in range(6)],
    }
    (root / INLINE.lstrip("/")).write_text(
        _page("Phiên họp thường kỳ", f"{FILL} fill({json.dumps(inline, ensure_ascii=False)});"),
        encoding="utf-8",
    )
    fetched = {
        "title": "Bộ Tài chính công bố dự thảo Nghị định mới",
        "paragraphs": [FETCHED_SENTENCE]
        + [f"Dự thảo lấy ý kiến nhân dân, mục {i}, trong sáu mươi ngày." for i in range(6)],
    }
    (root / "api" / "bai-viet-100002.json").write_text(
        json.dumps(fetched, ensure_ascii=False), encoding="utf-8"
    )
    (root / FETCHED.lstrip("/")).write_text(
        _page("Dự thảo", f"{FILL} fetch('/api/bai-viet-100002.json').then(r => r.json()).then(fill);"),
        encoding="utf-8",
    )
    restless = dict(inline, title="Trang tin cập nhật liên tục")
    (root / "api" / "ping.json").write_text("{}", encoding="utf-8")
    (root / RESTLESS.lstrip("/")).write_text(
        _page(
            "Cập nhật",
            f"{FILL} fill({json.dumps(restless, ensure_ascii=False)});"
            "setInterval(() => fetch('/api/ping.json?' + Date.now()), 150);",
        ),
        encoding="utf-8",
    )
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")


def test_script_built_pages_are_archived_rendered_and_extracted(tmp_path):
    root = tmp_path / "site"
    _site(root)
    data = tmp_path / "data"
    with SampleSite(root) as site:
        sources = write_sources(
            tmp_path / "sources.toml", {"js": {"homepage": site.base_url + "/", "delay": 0, "render": True}}
        )
        result = run_cli(
            "crawl",
            "--sources",
            str(sources),
            "--data",
            str(data),
            "--set",
            "NEWSARCHIVE_RENDER_TIMEOUT=4",
            "--set",
            "NEWSARCHIVE_PAGE_REQUISITES=0",
        )
        assert result.returncode == 0, result.stderr[-3000:]
        base = site.base_url

    articles = dict(rows(data, "SELECT url, text FROM articles"))
    assert SENTENCE in articles[base + INLINE]
    assert FETCHED_SENTENCE in articles[base + FETCHED]
    assert base + RESTLESS in articles  # archived and extracted as far as it got
    rendered = dict(rows(data, "SELECT url, rendered FROM captures WHERE rendered IS NOT NULL"))
    assert rendered[base + INLINE] == "settled" and rendered[base + RESTLESS] == "unsettled"
    # the JSON the page's script loaded is archived as the browser received it
    assert rows(
        data,
        "SELECT via, page_kind, status FROM captures WHERE url = ?",
        (base + "/api/bai-viet-100002.json",),
    ) == [("render", "requisite", 200)]

    # in the WARC: the page's original response (scripts, no text), and the DOM referring to it
    records = {}
    for path in sorted((data / "warc").glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                records.setdefault(
                    record.rec_headers.get_header("WARC-Record-ID"),
                    (record.rec_type, record.rec_headers, record.content_stream().read()),
                )
    page = next(
        v
        for v in records.values()
        if v[0] == "response" and v[1].get_header("WARC-Target-URI") == base + FETCHED
    )
    assert FETCHED_SENTENCE.encode() not in page[2] and b"fetch(" in page[2]
    dom = [
        v
        for v in records.values()
        if v[0] == "conversion"
        and v[1].get_header("Content-Type", "").startswith("text/html")
        and records.get(v[1].get_header("WARC-Refers-To"), (None, None))[1] is not None
        and records[v[1].get_header("WARC-Refers-To")][1].get_header("WARC-Target-URI") == base + FETCHED
    ]
    assert len(dom) == 1 and FETCHED_SENTENCE in dom[0][2].decode("utf-8")
    check = subprocess.run(
        [str(Path(sys.executable).parent / "warcio"), "check", *map(str, (data / "warc").glob("*.warc.gz"))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr

    # the catalog rebuilt from the WARC files extracts the rendered pages again
    before = rows(data, "SELECT url, text_digest FROM articles ORDER BY url")
    assert run_cli("reindex", "--sources", str(sources), "--data", str(data)).returncode == 0
    assert rows(data, "SELECT url, text_digest FROM articles ORDER BY url") == before
    assert rows(data, "SELECT count(*) FROM captures WHERE rendered IS NOT NULL") == [(len(rendered),)]


def test_extract_renders_a_saved_page_first(tmp_path):
    root = tmp_path / "saved"
    _site(root)
    page = root / FETCHED.lstrip("/")  # its script fetches /api/bai-viet-100002.json, saved beside it
    plain = json.loads(run_cli("extract", str(page), "--url", "https://bao.example.vn" + FETCHED).stdout)
    assert FETCHED_SENTENCE not in (plain["text"] or "")
    result = run_cli("extract", "--render", str(page), "--url", "https://bao.example.vn" + FETCHED)
    assert result.returncode == 0, result.stderr
    rendered = json.loads(result.stdout)
    assert FETCHED_SENTENCE in rendered["text"] and rendered["title"]


def test_replay_runs_the_archived_scripts_against_the_archived_data(tmp_path):
    """pywb serves the page as it was fetched (scripts, no text) and the JSON its script loaded; in a browser
    the script runs again and writes the text from the archive."""
    from archive.replay.pywb import replay_env, replay_url
    from tests.helpers.chromium import dump_dom
    from tests.helpers.replay import replaying

    if not (replay_env() / "bin" / "wayback").exists():
        pytest.skip("no replay environment: run `make replay-env`")
    root = tmp_path / "site"
    _site(root)
    data = tmp_path / "data"
    with SampleSite(root) as site:
        sources = write_sources(
            tmp_path / "sources.toml", {"js": {"homepage": site.base_url + "/", "delay": 0, "render": True}}
        )
        result = run_cli(
            "crawl", "--sources", str(sources), "--data", str(data), "--set", "NEWSARCHIVE_RENDER_TIMEOUT=4"
        )
        assert result.returncode == 0, result.stderr[-3000:]
        page = site.base_url + FETCHED
    # the site is gone: what the browser shows comes from the archive
    [(fetched_at,)] = rows(
        data, "SELECT fetched_at FROM captures WHERE url = ? AND record_type = 'response'", (page,)
    )
    with replaying(data) as (_, base):
        dom = dump_dom(replay_url(base.rsplit("/archive/", 1)[0], page, fetched_at), wait_ms=5000)
    assert FETCHED_SENTENCE in dom
