"""The extraction workers' job (archive.catalog.textprep): what they compute for the catalog equals what ArticleStore
computes itself, and the requisites they list from their tree equal those of a page parsed on its own."""

from __future__ import annotations

import pytest

from archive.catalog.articles import ArticleStore
from archive.catalog.fingerprint import band_keys, minhash, shingles, simhash
from archive.catalog.textprep import PREPARED_KEY, prepare
from archive.catalog.versions import normalize_text, text_digest
from archive.extract.core import extract
from archive.extract.encoding import decode_html
from archive.extract.requisites import page_requisites
from archive.ops.extraction import extract_for_catalog
from tests.helpers import FIXTURES
from tests.helpers.catalog import OTHER, WIRE, add_capture, edited_copy, new_catalog, outlet_copy

PAGES = FIXTURES / "pages"
# every table upsert writes, in a stable order
TABLES = {
    "articles": "SELECT canonical_url, title, text, text_digest, simhash, word_count, duplicate_of FROM articles",
    "versions": "SELECT article_id, version, title, text_digest, text FROM article_versions",
    "buckets": "SELECT bucket, article_id FROM near_buckets",
    "duplicates": "SELECT article_id, duplicate_of, kind, similarity FROM duplicates",
    "search": "SELECT rowid, * FROM articles_fts",
}

STORIES = [
    ("https://ttxvn.example/tong-ket-1.htm", outlet_copy("Hà Nội (TTXVN) -", "TTXVN")),
    ("https://baochinhphu.example/tong-ket-2.htm", outlet_copy("(Chinhphu.vn) -", "Chinhphu.vn")),
    ("https://nhandan.example/tong-ket-3.html", edited_copy()),
    ("https://baochinhphu.example/phien-hop-4.htm", "\n".join(OTHER)),
    # untidy text: NFD, zero-width characters, runs of spaces, blank lines; and a text too short to compare
    ("https://cand.example/nfd-5", "  " + "\u200b".join(WIRE[:2]).replace("ô", "o\u0302") + "\n\n\n  x  "),
    ("https://cand.example/ngan-6", "Tin ngắn."),
]


def _catalog(with_prepared: bool):
    db = new_catalog()
    store = ArticleStore(db)
    for n, (url, text) in enumerate(STORIES):
        extraction = {
            "url": url,
            "title": "  Bộ Công an\u200b  tổng kết  ",
            "published": f"2024-11-25T1{n}:00:00+07:00",
            "text": text,
            "images": [],
        }
        if with_prepared:
            extraction[PREPARED_KEY] = prepare(extraction["text"], extraction["title"])
        capture = add_capture(db, url, f"2024-11-25T0{n}:00:00Z", body=text)
        store.upsert(
            capture_id=capture,
            source="test",
            url=url,
            fetched_at="2024-11-25T00:00:00Z",
            extraction=extraction,
        )
    return {name: sorted(db.conn.execute(sql).fetchall(), key=repr) for name, sql in TABLES.items()}


def test_values_prepared_in_the_worker_store_exactly_what_the_store_computes():
    prepared, computed = _catalog(True), _catalog(False)
    assert prepared == computed
    assert computed["duplicates"], "the fixture stories must produce duplicate links to compare"
    assert len(computed["buckets"]) >= 20 * 4  # band keys of every comparable story


@pytest.mark.parametrize("page", sorted(p.name for p in PAGES.glob("*.html")))
def test_the_workers_job_is_extraction_plus_prepared_values_and_requisites(page):
    html = (PAGES / page).read_bytes()
    url = f"https://bao.example.vn/tin/{page}"
    plain = extract(html, url)
    job = extract_for_catalog(html, url, requisites_limit=60)
    requisites = job.pop("requisites")
    prepared = job.pop(PREPARED_KEY, None)
    assert job == plain  # the design's extraction JSON is unchanged
    if plain["reason"]:
        assert prepared is None
    else:
        assert prepared == prepare(plain["text"], plain["title"])
    # the worker reads them from its own parse (before its passes remove anything): same as a separate parse
    text, _ = decode_html(html, "", "")
    assert requisites and requisites == page_requisites(text, url, limit=60)
    assert "requisites" not in extract(html, url, requisites_limit=0)


def test_a_page_that_is_not_html_lists_no_requisites():
    # an empty list, not a missing key: the pipeline parses a page itself only when the worker failed
    job = extract_for_catalog(b"\x89PNG\r\n...", "https://bao.example.vn/a.png", requisites_limit=5)
    assert job["reason"] == "not_html" and job["requisites"] == []
    # a PDF goes to the document extractor, which has no requisites to list
    job = extract_for_catalog(b"%PDF-1.4 ...", "https://bao.example.vn/a.pdf", requisites_limit=5)
    assert job["kind"] == "pdf" and job["reason"].startswith("broken_pdf") and "requisites" not in job


@pytest.mark.parametrize(
    "text", [t for _, t in STORIES] + ["", "  \u200b ", "Cập nhật: 10:35 25/11/2024\n1.234 lượt xem"]
)
def test_prepared_values_follow_their_definitions(text):
    """prepare() takes shortcuts (text normalised once, each shingle hashed once): the values must be what the
    catalog's definitions give, computed the long way."""
    normal = normalize_text(text)
    found = shingles(normal)
    assert prepare(text, " Tin\u200b  mới ") == {
        "text": normal,
        "title": "Tin mới",
        "text_digest": text_digest(text),  # normalises TEXT itself
        "simhash": simhash(found) if found else None,
        "band_keys": band_keys(minhash(found)),
    }
    assert normalize_text(normal) == normal  # what the shortcut relies on
