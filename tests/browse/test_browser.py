"""`newsarchive browse` in a real headless Chromium on loopback: what a person sees on an article page, on
canned queries and on a diff, while a crawl keeps writing. Screenshots are kept under test-artifacts/."""

from __future__ import annotations

import html
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from archive.catalog.db import open_database
from tests.helpers import ROOT
from tests.helpers.catalog import add_capture, build_sample_catalog, store
from tests.helpers.chromium import dump_dom, screenshot

REPLAY = "http://127.0.0.1:8080/archive/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _visible_text(dom: str) -> str:
    dom = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", dom)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", dom)).split())


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    ids = build_sample_catalog(data / "catalog.db")
    db = open_database(data / "catalog.db")
    add_capture(db, "https://ttxvn.example/a.jpg", "2024-11-25T08:05:02Z", source="ttxvn")  # its photo
    db.conn.execute("UPDATE articles SET published_from = 'jsonld' WHERE id = ?", (ids["wire"],))
    db.conn.commit()
    db.conn.close()
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler", "browse", "--data", str(data), "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={"PATH": "/usr/bin:/bin", "NEWSARCHIVE_REPLAY_URL": REPLAY},
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=5).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"newsarchive browse did not start: {proc.communicate()[0]}")
            time.sleep(0.3)
    yield base, ids, data
    proc.terminate()
    proc.wait(timeout=20)


def test_article_page(server):
    base, ids, _ = server
    url = f"{base}/catalog/articles/{ids['revised']}"
    text = _visible_text(dump_dom(url))
    screenshot(url, "browse-article")
    assert "Thủ tướng chủ trì phiên họp Chính phủ thường kỳ tháng 11" in text  # the headline
    assert "Thủ tướng yêu cầu hoàn thành giải ngân trước 31/12." in text  # the text, as paragraphs
    assert "replay the archived page (2024-11-26T05:00:00Z)" in text
    assert "The text or headline changed 1 time after it was first captured." in text
    assert "What changed in version 2" in text  # the last change's diff, on the page
    dom = dump_dom(url)
    assert f'href="{REPLAY}20241126050000/https://baochinhphu.example/phien-hop-5.htm"' in dom
    assert "<ins>Thủ tướng yêu cầu hoàn thành giải ngân trước 31/12.</ins>" in dom
    # every capture with its replay link, by timestamp (the one with tracking parameters too)
    for stamp in ("20241126020000", "20241126030000", "20241126050000"):
        assert f'href="{REPLAY}{stamp}/https://baochinhphu.example/phien-hop-5.htm' in dom


def test_syndicated_article_shows_its_copies_and_caption(server):
    base, ids, _ = server
    url = f"{base}/catalog/articles/{ids['wire']}"
    text = _visible_text(dump_dom(url))
    screenshot(url, "browse-article-syndicated")
    assert (
        "Same story elsewhere source headline published link chinhphu Bộ Công an tổng kết công tác năm 2024"
        in text
    )
    assert "near 0.97 (later copy)" in text
    assert "Quang cảnh hội nghị tại Đà Nẵng Photo: TTXVN" in text  # caption and credit
    assert "(date from the page's structured data, JSON-LD datePublished)" in text
    dom = dump_dom(url)
    # the photo from the archive, never from the live site
    assert f'<img src="{REPLAY}20241125080502im_/https://ttxvn.example/a.jpg"' in dom
    assert 'src="https://ttxvn.example/a.jpg"' not in dom


def test_home_page_lists_the_canned_queries(server):
    base, _, _ = server
    text = _visible_text(dump_dom(base + "/"))
    screenshot(base + "/", "browse-home", size="1280,900")
    for title in ("Latest articles per source", "Stories syndicated across outlets", "Search articles"):
        assert title in text


def test_articles_table_shows_the_reading_columns(server):
    base, ids, _ = server
    dom = dump_dom(base + "/catalog/articles")
    screenshot(base + "/catalog/articles", "browse-articles", size="1280,1000")
    table = dom.split('class="rows-and-columns newsarchive-reading"', 1)[1].split("</table>", 1)[0]
    headers = re.findall(r'data-column="([^"]+)"', table)
    assert headers == ["id", "title", "source", "published", "word_count", "duplicate_of", "url"]
    assert "Lực lượng công an nhân dân" not in table  # no full text
    assert f'href="/catalog/articles/{ids["wire"]}" class="article-title"' in table
    assert "copy of</span>" in table and 'class="replay"' in table
    wide = dump_dom(base + "/catalog/articles?_wide=1")
    assert 'data-column="text"' in wide and 'data-column="simhash"' in wide  # the rest, one click away
    assert "Show all 23 columns" in dom or re.search(r"Show all \d+ columns", dom)


def test_search_canned_query_without_diacritics(server):
    base, ids, _ = server
    url = f"{base}/catalog/search?q=cong+an+nhan+dan"
    dom = dump_dom(url)
    screenshot(url, "browse-search")
    assert "Search articles" in _visible_text(dom)
    assert "<mark>công an nhân dân</mark>" in dom
    assert len(re.findall(r'class="replay"', dom)) == 4  # the four copies of the wire story
    dom = dump_dom(f"{base}/catalog/search?q=da+nang")
    assert "<mark>Đà Nẵng</mark>" in dom  # typed without diacritics, shown as written


def test_changed_articles_diff_is_one_click_away(server):
    base, ids, _ = server
    dom = dump_dom(f"{base}/catalog/changed_articles")
    screenshot(f"{base}/catalog/changed_articles", "browse-changed")
    (href,) = re.findall(r'<a href="([^"]+)" class="diff">diff</a>', dom)
    diff_url = base + html.unescape(href)
    diff = dump_dom(diff_url)
    screenshot(diff_url, "browse-diff")
    text = _visible_text(diff)
    assert "What changed: version 1 → 2" in text
    assert "<ins> năm 2024</ins>" in diff
    assert "<ins>Thủ tướng yêu cầu hoàn thành giải ngân trước 31/12.</ins>" in diff


def test_pages_stay_available_while_a_crawl_writes(server):
    base, _, data = server
    from archive.catalog.db import open_database

    stop = threading.Event()
    errors: list[BaseException] = []

    def writer():
        db = open_database(data / "catalog.db")
        try:
            n = 0
            while not stop.is_set():
                n += 1
                store(db, "writer", f"https://writer.example/{n}", f"2024-12-01T01:00:{n % 60:02d}Z",
                      f"Bài {n} của một lượt thu thập đang chạy, ghi liên tục trong khi trình duyệt đọc {n}")  # fmt: skip
                if n % 3 == 0:
                    db.conn.commit()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            db.conn.commit()
            db.conn.close()

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        for path in (
            "/catalog/articles?_facet=source",
            "/catalog/latest_articles",
            "/catalog/search?q=thu+thap",
        ):
            for _ in range(5):
                with urllib.request.urlopen(base + path, timeout=30) as response:
                    body = response.read().decode()
                    assert response.status == 200
                    assert "database is locked" not in body
        dom = dump_dom(f"{base}/catalog/articles?source=writer")
        assert "writer.example" in dom
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not errors, errors
