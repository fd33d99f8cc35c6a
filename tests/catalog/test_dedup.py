"""Duplicate links on fixture articles: a wire story syndicated by three outlets, an edited copy, identical
bytes, identical text, URL variants; the same links in every crawl order."""

from __future__ import annotations

import hashlib
import itertools
import random

import pytest

from archive.catalog.fingerprint import band_keys, fingerprints, jaccard, minhash, shingles, simhash
from tests.helpers.catalog import OTHER, WIRE, edited_copy, new_catalog, outlet_copy, store

# (source, url, published, text): the wire agency first, two outlets later, an edited copy, an unrelated story
STORIES = [
    ("ttxvn", "https://ttxvn.example/bo-cong-an-tong-ket-1.htm", "2024-11-25T15:00:00+07:00",
     outlet_copy("Hà Nội (TTXVN) -", "TTXVN")),
    ("chinhphu", "https://baochinhphu.example/tong-ket-an-ninh-2.htm", "2024-11-25T15:30:00+07:00",
     outlet_copy("(Chinhphu.vn) -", "Chinhphu.vn xin giới thiệu. Xem thêm các tin liên quan tại chuyên mục Thời sự.")),
    ("cand", "https://cand.example/su-kien/hoi-nghi-tong-ket-3", "2024-11-25T16:00:00+07:00",
     outlet_copy("CAND -", "Theo Báo Công an nhân dân")),
    ("nhandan", "https://nhandan.example/tong-ket-4.html", "2024-11-25T17:00:00+07:00", edited_copy()),
    ("chinhphu", "https://baochinhphu.example/phien-hop-5.htm", "2024-11-26T09:00:00+07:00", "\n".join(OTHER)),
]  # fmt: skip


def _links(db) -> tuple[set, dict]:
    urls = dict(db.conn.execute("SELECT id, url FROM articles"))
    links = {
        (urls[a], urls[b], kind, sim)
        for a, b, kind, sim in db.conn.execute(
            "SELECT article_id, duplicate_of, kind, similarity FROM duplicates"
        )
    }
    groups = {urls[i]: urls.get(d) for i, d in db.conn.execute("SELECT id, duplicate_of FROM articles")}
    return links, groups


def _crawl(order) -> tuple[set, dict]:
    db = new_catalog()
    for n, i in enumerate(order):
        source, url, published, text = STORIES[i]
        store(db, source, url, f"2024-11-26T00:00:{n:02d}Z", text, published=published)
    return _links(db)


def test_syndicated_wire_story_is_one_group_pointing_at_the_wire_agency():
    links, groups = _crawl(range(len(STORIES)))
    wire = STORIES[0][1]
    kinds = {(a, b): kind for a, b, kind, _ in links}
    assert kinds[(STORIES[1][1], wire)] == "near"
    assert kinds[(STORIES[2][1], wire)] == "near"
    assert kinds[(STORIES[3][1], wire)] == "near"  # one paragraph edited
    assert all(sim >= 0.6 for *_, sim in links)
    assert groups[wire] is None
    assert [groups[s[1]] for s in STORIES[1:4]] == [wire, wire, wire]
    assert groups[STORIES[4][1]] is None  # the unrelated story stays alone
    assert not any(STORIES[4][1] in (a, b) for a, b, *_ in links)


def test_links_do_not_depend_on_crawl_order():
    expected = _crawl(range(len(STORIES)))
    for order in itertools.islice(itertools.permutations(range(len(STORIES))), 1, None, 7):
        assert _crawl(order) == expected, order


def test_identical_bytes_and_identical_text():
    db = new_catalog()
    text = "\n".join(WIRE)
    a = store(db, "a", "https://a.example/1", "2024-11-26T01:00:00Z", text, body="<html>same</html>")
    b = store(db, "b", "https://b.example/1", "2024-11-26T01:00:01Z", text, body="<html>same</html>")
    c = store(
        db, "c", "https://c.example/1", "2024-11-26T01:00:02Z", text.replace("\n", "\n\n  "), body="<x>"
    )
    rows = set(db.conn.execute("SELECT article_id, duplicate_of, kind, similarity FROM duplicates"))
    assert (b, a, "payload", 1.0) in rows
    assert (c, a, "text", 1.0) in rows  # whitespace differs, text does not
    assert not any(kind == "near" for *_, kind, _ in rows)  # the strongest kind only


def test_tracking_parameters_and_mobile_variants_are_one_article():
    db = new_catalog()
    text = "\n".join(WIRE)
    first = store(db, "t", "https://www.ttxvn.example/bai-1.htm", "2024-11-26T01:00:00Z", text)
    again = store(
        db,
        "t",
        "https://m.ttxvn.example/amp/bai-1.htm?utm_source=zalo&fbclid=XYZ#comments",
        "2024-11-26T02:00:00Z",
        text,
    )
    assert first == again
    assert db.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert (
        db.conn.execute("SELECT count(*) FROM article_captures WHERE article_id = ?", (first,)).fetchone()[0]
        == 2
    )
    assert db.conn.execute("SELECT count(*) FROM duplicates").fetchone()[0] == 0


def test_rel_canonical_on_site_merges_and_off_site_does_not():
    db = new_catalog()
    text = "\n".join(WIRE)
    a = store(db, "t", "https://ttxvn.example/print/123", "2024-11-26T01:00:00Z", text,
              canonical_url="https://ttxvn.example/bai-123.htm")  # fmt: skip
    b = store(db, "t", "https://ttxvn.example/bai-123.htm", "2024-11-26T01:00:01Z", text)
    d = store(db, "t", "https://ttxvn.example/bai-123.htm?ref=home", "2024-11-26T01:00:03Z", text,
              canonical_url="https://ttxvn.example/bai-123.htm")  # fmt: skip
    assert a == b == d  # ref= is not a parameter we drop blindly, but rel=canonical names the plain URL
    e = store(db, "t", "https://m.ttxvn.example/print/123?p=1", "2024-11-26T01:00:04Z", text,
              canonical_url="/bai-123.htm")  # fmt: skip
    assert e == a  # a relative rel=canonical, resolved against the page
    c = store(db, "o", "https://other.example/copy-123", "2024-11-26T01:00:02Z", text + "\nNguồn: TTXVN",
              canonical_url="https://ttxvn.example/bai-123.htm")  # fmt: skip
    assert c != a  # a canonical pointing at another site does not swallow the copy
    pair = db.conn.execute(
        "SELECT kind FROM duplicates WHERE ? IN (article_id, duplicate_of) AND ? IN (article_id, duplicate_of)",
        (a, c),
    ).fetchall()
    assert pair == [("near",)]


def test_url_link_when_a_page_changes_its_canonical():
    db = new_catalog()
    text = "\n".join(WIRE)
    old = store(db, "t", "https://ttxvn.example/news?id=9", "2024-11-26T01:00:00Z", text)
    new = store(db, "t", "https://ttxvn.example/news?id=9", "2024-11-27T01:00:00Z", text,
                canonical_url="https://ttxvn.example/bo-cong-an-9.htm")  # fmt: skip
    assert old != new
    kinds = {k for (k,) in db.conn.execute("SELECT kind FROM duplicates")}
    assert "url" in kinds


def test_fingerprints_are_stable_and_nfc():
    import unicodedata

    text = outlet_copy("Hà Nội (TTXVN) -", "TTXVN")
    nfd = unicodedata.normalize("NFD", text)
    assert shingles(nfd) == shingles(text)
    assert band_keys(minhash(shingles(text))) == band_keys(minhash(shingles(nfd)))
    # golden values: the same on every machine and run (no PYTHONHASHSEED, no random state)
    assert simhash(shingles(text)) == "c4937cb4d08a8f0b"
    assert band_keys(minhash(shingles(text)))[:3] == [
        3018774983064127776,
        -170580058240509887,
        7763574074997554209,
    ]
    assert minhash(shingles("công an nhân dân"))[:2] == [
        9363673001061721512,
        16409702255448074643,
    ]  # densified


@pytest.mark.parametrize("other", [OTHER])
def test_unrelated_texts_are_far(other):
    assert jaccard(shingles("\n".join(WIRE)), shingles("\n".join(other))) < 0.1


# The definitions the catalog's stored fingerprints follow, written plainly (one hash per shingle, a loop per
# bit): the faster implementations in archive.catalog.fingerprint must give the same values for every text.
def _reference_h64(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")


def _reference_minhash(shingle_set: set[str]) -> list[int]:
    if not shingle_set:
        return []
    empty, size = (1 << 64) - 1, 80
    bins = [empty] * size
    for s in shingle_set:
        h = _reference_h64(s)
        bins[h % size] = min(bins[h % size], h // size)
    filled = list(bins)
    for i in range(size):
        distance = 1
        while filled[i] == empty:
            if bins[(i + distance) % size] != empty:
                filled[i] = (bins[(i + distance) % size] + distance * 0x9E3779B97F4A7C15) & empty
            distance += 1
    return filled


def _reference_simhash(shingle_set: set[str]) -> str:
    hashes = [_reference_h64(s) for s in shingle_set]
    value = 0
    for bit in range(64):
        if sum((h >> bit) & 1 for h in hashes) > len(hashes) / 2:
            value |= 1 << bit
    return f"{value:016x}"


def test_fast_fingerprints_equal_their_plain_definitions():
    rng = random.Random(7)
    vocabulary = " ".join(WIRE + OTHER).split()
    texts = ["", "một", "hai từ", "ba từ thôi", "\n".join(WIRE), "\n".join(OTHER), edited_copy()]
    texts += [
        " ".join(rng.choice(vocabulary) for _ in range(rng.choice([3, 5, 20, 60, 200, 2000])))
        for _ in range(60)
    ]
    for text in texts:
        found = shingles(text)
        assert minhash(found) == _reference_minhash(found), text[:40]
        assert simhash(found) == _reference_simhash(found), text[:40]
        assert fingerprints(found) == ((simhash(found) if found else None), minhash(found))
