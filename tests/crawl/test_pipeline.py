"""The extraction pipeline in a real crawl: a subprocess crawls a fixture site on 127.0.0.1, and the catalog gets
articles, images and extract_status, the crawl stats the counts, and the WARC a conversion record per article."""

from __future__ import annotations

import json
import sqlite3

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.helpers import run_cli
from tests.helpers.sites import ARTICLES, EXPECTED, STUB, fixture_site


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pipeline")
    with fixture_site(tmp) as sources:
        data = tmp / "data"
        result = run_cli(
            "crawl", "--sources", str(sources), "--data", str(data), "--set", "EXTRACT_WORKERS=2"
        )
        assert result.returncode == 0, result.stderr[-4000:]
        conn = sqlite3.connect(data / "catalog.db")
        conn.row_factory = sqlite3.Row
        yield None, data, conn
        conn.close()


def _path(url: str) -> str:
    return url.split("/", 3)[3]


def test_every_article_is_stored_with_its_metadata(crawled):
    _, _, conn = crawled
    rows = {_path(r["url"]): r for r in conn.execute("SELECT * FROM articles")}
    assert set(rows) == set(ARTICLES)
    for path, fixture in ARTICLES.items():
        spec, row = EXPECTED[fixture], rows[path]
        assert row["title"] == spec["title"]
        assert row["published"] == spec["published"]
        for wanted in spec["present"]:
            assert wanted in row["text"]
        for unwanted in spec["absent"]:
            assert unwanted not in row["text"]
        assert row["extractor_version"].startswith("newsarchive-extract/")
        assert row["capture_id"] is not None


def test_images_rows_keep_captions_credits_and_positions(crawled):
    _, _, conn = crawled
    for path, fixture in ARTICLES.items():
        spec = EXPECTED[fixture]
        images = conn.execute(
            "SELECT images.* FROM images JOIN articles ON articles.id = images.article_id "
            "WHERE articles.url LIKE ? ORDER BY images.position, images.id",
            (f"%/{path}",),
        ).fetchall()
        assert [i["caption"] for i in images] == spec["captions"]
        assert [i["credit"] for i in images] == spec["credits"]
        if "positions" in spec:
            assert [i["position"] for i in images] == spec["positions"]


def test_extract_status_and_stats(crawled):
    _, _, conn = crawled
    status = {
        _path(r["url"]): r["extract_status"] for r in conn.execute("SELECT url, extract_status FROM captures")
    }
    for path in ARTICLES:
        assert status[path] == "ok"
    assert status[STUB] == "too_short"
    assert status[""] is None  # the homepage is not an article page: no extraction
    stats = json.loads(conn.execute("SELECT stats FROM crawls ORDER BY id DESC LIMIT 1").fetchone()[0])
    assert stats["extract/ok"] == len(ARTICLES)
    assert stats["extract/dropped/too_short"] == 1


def test_conversion_records_refer_to_their_responses(crawled):
    _, data, conn = crawled
    conversions = {}
    for warc in sorted((data / "warc").glob("*.warc.gz")):
        with open(warc, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "conversion":
                    refers = record.rec_headers.get_header("WARC-Refers-To")
                    conversions[refers] = record.content_stream().read().decode("utf-8")
    rows = conn.execute(
        "SELECT captures.warc_record_id, articles.text FROM articles JOIN captures ON captures.id = articles.capture_id"
    ).fetchall()
    assert len(rows) == len(ARTICLES)
    for record_id, text in rows:
        assert conversions[record_id] == text
    assert len(conversions) == len(ARTICLES)  # none for the stub


def test_the_crawled_catalog_exports_in_the_corpus_layout(crawled, tmp_path):
    _, data, _ = crawled
    out = tmp_path / "corpus"
    result = run_cli("export", "--data", str(data), "--format", "text", "--out", str(out))
    assert result.returncode == 0, result.stderr[-2000:]
    texts = [p.read_text(encoding="utf-8") for p in sorted(out.glob("*.txt"))]
    assert len(texts) == len(ARTICLES)
    seed_like = next(t for t in texts if "Tô Lâm" in t)
    assert seed_like.startswith(
        " date 2024-01 Đại tướng Tô Lâm trao cờ thi đua của Bộ Công an cho các đơn vị của Công an Thành phố "
        "Hồ Chí Minh. (Ảnh: TTXVN phát)\n\nNgày 3/1, Công an Thành phố Hồ Chí Minh"
    )
    assert "Công an TP.HCM phá nhiều vụ án lớn" not in seed_like
