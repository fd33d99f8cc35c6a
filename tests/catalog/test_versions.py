"""Revisions: a new article_versions row only for a real change, with characters added and removed."""

from __future__ import annotations

from archive.catalog.versions import char_changes, comparable_text, diff_html, is_real_change
from tests.helpers.catalog import WIRE, new_catalog, store

URL = "https://ttxvn.example/bai-1.htm"
TEXT = "\n".join(WIRE)


def _versions(db):
    return db.conn.execute(
        "SELECT version, chars_added, chars_removed, title FROM article_versions ORDER BY version"
    ).fetchall()


def test_boring_changes_make_no_version():
    db = new_catalog()
    a = store(db, "t", URL, "2024-11-26T01:00:00Z", TEXT + "\nCập nhật: 10:35 25/11/2024\n1.234 lượt xem")
    boring = (
        "  " + TEXT.replace(" ", "  ").replace("\n", "\n\n") + "\nCập nhật: 18:02 26/11/2024\n5.678 lượt xem"
    )
    b = store(db, "t", URL + "?utm_campaign=x", "2024-11-26T02:00:00Z", boring)
    assert a == b
    assert [v[0] for v in _versions(db)] == [1]
    # the row still follows the latest capture
    last_seen, capture = db.conn.execute("SELECT last_seen, capture_id FROM articles").fetchone()
    assert last_seen == "2024-11-26T02:00:00Z"
    assert capture == db.conn.execute("SELECT max(id) FROM captures").fetchone()[0]


def test_real_change_makes_a_version_with_sizes_and_a_diff():
    db = new_catalog()
    store(db, "t", URL, "2024-11-26T01:00:00Z", TEXT)
    edited = TEXT.replace("hơn tám mươi phần trăm", "gần chín mươi phần trăm")
    store(db, "t", URL, "2024-11-26T03:00:00Z", edited)
    store(db, "t", URL, "2024-11-26T04:00:00Z", edited + "\n")  # nothing new
    versions = _versions(db)
    assert [v[0] for v in versions] == [1, 2]
    _, added, removed, _ = versions[1]
    assert (added, removed) == char_changes(TEXT, edited) == (len("gần" + "chín"), len("hơn" + "tám"))
    old, new = db.conn.execute("SELECT text FROM article_versions ORDER BY version").fetchall()
    fragment = diff_html(old[0], new[0])
    assert "<del>hơn</del><ins>gần</ins> <del>tám</del><ins>chín</ins> mươi" in fragment


def test_headline_change_is_a_version_and_older_captures_do_not_overwrite():
    db = new_catalog()
    store(db, "t", URL, "2024-11-26T05:00:00Z", TEXT, title="Tổng kết năm 2024")
    store(db, "t", URL, "2024-11-26T06:00:00Z", TEXT, title="Bộ Công an tổng kết công tác năm 2024")
    store(db, "t", URL, "2024-11-25T06:00:00Z", "Bản cũ hơn, nhập từ một tệp WARC khác " * 5, title="Cũ")
    assert [v[0] for v in _versions(db)] == [1, 2]
    title, first_seen, last_seen = db.conn.execute(
        "SELECT title, first_seen, last_seen FROM articles"
    ).fetchone()
    assert title == "Bộ Công an tổng kết công tác năm 2024"
    assert (first_seen, last_seen) == ("2024-11-25T06:00:00Z", "2024-11-26T06:00:00Z")
    assert db.conn.execute("SELECT count(*) FROM article_captures").fetchone()[0] == 3


def test_comparable_text_masks_only_boring_parts():
    assert comparable_text("Lượt xem: 1.234\nA  b") == comparable_text("Lượt xem: 99\nA b")
    assert comparable_text("2 hours ago") == comparable_text("5 hours ago")
    assert is_real_change(None, "5 người bị thương", None, "7 người bị thương")
    assert not is_real_change("T", "Cafe\u0301", "T", "Café")  # NFD vs NFC
    # a dateline on its own line is the page's clock; a time inside a sentence is the story
    assert comparable_text("Thứ Hai, 25/11/2024 10:35 (GMT+7)\nA") == comparable_text(
        "Thứ Ba, 26/11/2024 08:01 (GMT+7)\nA"
    )
    assert is_real_change(None, "Lúc 14:30, vụ cháy xảy ra.", None, "Lúc 15:30, vụ cháy xảy ra.")


def test_reindex_starts_the_derived_tables_afresh():
    """`reindex` deletes the articles and stores them again with new ids: nothing may point at old ids."""
    from archive.catalog.articles import ArticleStore
    from tests.helpers.catalog import OTHER, add_capture, extraction

    db = new_catalog()
    store(db, "t", URL, "2024-11-26T01:00:00Z", TEXT, images=[{"caption": "Ảnh hội nghị"}])
    store(db, "t", "https://ttxvn.example/other", "2024-11-26T01:00:01Z", "\n".join(OTHER))
    for table in ("duplicates", "article_versions", "images", "articles", "captures"):  # reindex's order
        db.conn.execute(f"DELETE FROM {table}")
    articles = ArticleStore(db)
    capture = add_capture(db, "https://ttxvn.example/other", "2024-11-26T01:00:01Z")
    only = articles.upsert(
        capture_id=capture, source="t", url="https://ttxvn.example/other", fetched_at="2024-11-26T01:00:01Z",
        extraction=extraction("https://ttxvn.example/other", "\n".join(OTHER)),
    )  # fmt: skip
    db.conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
    assert db.conn.execute("SELECT DISTINCT article_id FROM article_urls").fetchall() == [(only,)]
    assert db.conn.execute("SELECT DISTINCT article_id FROM near_buckets").fetchall() == [(only,)]
    assert db.conn.execute("SELECT count(*) FROM duplicates").fetchone()[0] == 0
