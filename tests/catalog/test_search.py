"""Full-text search over titles, text and captions, with or without Vietnamese diacritics."""

from __future__ import annotations

import pytest

from archive.catalog.search import fold, fts_query, search_articles
from tests.helpers.catalog import OTHER, WIRE, new_catalog, store


@pytest.fixture(scope="module")
def db():
    db = new_catalog()
    store(db, "ttxvn", "https://ttxvn.example/1", "2024-11-26T01:00:00Z", "\n".join(WIRE))
    store(
        db,
        "chinhphu",
        "https://baochinhphu.example/2",
        "2024-11-26T01:00:01Z",
        "\n".join(OTHER),
        title="Phiên họp Chính phủ thường kỳ tháng 11",
        images=[
            {"src": "https://baochinhphu.example/a.jpg", "caption": "Thủ tướng phát biểu tại Điện Biên Phủ"}
        ],
    )
    return db


def _titles(db, query):
    return [row["url"] for row in search_articles(db.conn, query)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"công an"', ["https://ttxvn.example/1"]),
        ('"cong an"', ["https://ttxvn.example/1"]),
        ("cong an", ["https://ttxvn.example/1"]),  # a phrase: not "công" here and "án" there
        ("thuong ky chinh phu", []),
        ("CONG AN NHAN DAN", ["https://ttxvn.example/1"]),
        ('"da nang"', ["https://ttxvn.example/1"]),  # Đà Nẵng: đ is not a d with a mark
        ("Đà Nẵng", ["https://ttxvn.example/1"]),
        ("dien bien phu", ["https://baochinhphu.example/2"]),  # only in a caption
        ("thuong ky", ["https://baochinhphu.example/2"]),  # the title
        ("tội phạm ma túy", ["https://ttxvn.example/1"]),
        ('"hội nghị" OR', []),  # FTS operators are words like any other: no article has "or"
        ('"cong an" hoi nghi', ["https://ttxvn.example/1"]),
        ('"unbalanced', []),
        ("", []),
    ],
)
def test_search(db, query, expected):
    assert _titles(db, query) == expected


def test_snippet_marks_the_match(db):
    (row,) = search_articles(db.conn, '"cong an nhan dan"')
    assert "⟦công an nhân dân⟧" in row["snippet"]


def test_fold_and_query():
    assert fold("Công an Đà Nẵng giữ gìn trật tự") == "Cong an Da Nang giu gin trat tu"
    assert fts_query('bộ "công an" OR x*') == '"bộ" "công an" "OR x"'
    assert fts_query('"unbalanced') == '"unbalanced"'


def test_snippets_keep_the_original_spelling(db):
    (row,) = search_articles(db.conn, "dien bien phu")  # matched in the folded column only
    assert row["snippet"].endswith("⟦Điện Biên Phủ⟧")


def test_index_follows_revisions_and_stays_consistent():
    db = new_catalog()
    url = "https://ttxvn.example/9"
    store(db, "t", url, "2024-11-26T01:00:00Z", "\n".join(WIRE), images=[{"caption": "Ảnh: Đà Lạt"}])
    store(db, "t", url, "2024-11-26T02:00:00Z", "\n".join(OTHER), images=[{"caption": "Ảnh: Huế"}])
    db.conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
    assert _titles(db, "thu tuong") == [url]
    assert _titles(db, "da lat") == [] and _titles(db, "hue") == [url]
    assert _titles(db, '"cong an nhan dan"') == []


def test_headline_matches_rank_first():
    db = new_catalog()
    body = "\n".join(WIRE) + "\nThủ tướng Chính phủ đã gửi thư khen các đơn vị."
    store(db, "a", "https://a.example/1", "2024-11-26T01:00:00Z", body, title="Bộ Công an tổng kết năm")
    store(
        db,
        "b",
        "https://b.example/2",
        "2024-11-26T01:00:01Z",
        "\n".join(OTHER),
        title="Thủ tướng chủ trì phiên họp",
    )
    assert _titles(db, "thu tuong") == ["https://b.example/2", "https://a.example/1"]
