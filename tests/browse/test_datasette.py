"""The catalog in Datasette, through its in-process client: metadata, facets, canned queries, search without
diacritics, replay links, the diff page, and reads while a crawl writes."""

from __future__ import annotations

import asyncio
import threading

import pytest

from crawler.commands.browse import build_datasette
from tests.helpers.catalog import build_sample_catalog, store

REPLAY = "http://127.0.0.1:8090/archive/"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("catalog") / "catalog.db"
    ids = build_sample_catalog(path)
    return path, ids


@pytest.fixture(scope="module")
def ds(sample):
    return build_datasette(sample[0], replay_url=REPLAY)


def _get(ds, path: str):
    return asyncio.run(ds.client.get(path))


def _rows(ds, path: str) -> list[dict]:
    sep = "&" if "?" in path else "?"
    response = _get(ds, f"{path}{sep}_shape=array")
    assert response.status_code == 200, response.text
    return response.json()


def test_metadata_loads(ds):
    meta = (_get(ds, "/-/metadata.json")).json()
    assert meta["title"] == "newsarchive catalog"
    tables = meta["databases"]["catalog"]["tables"]
    assert tables["articles"]["facets"] == ["source", "language", "published_month"]
    assert "canonical_url" in tables["articles"]["columns"]
    page = (_get(ds, "/catalog/articles")).text
    assert "Articles" in page and "duplicate_of names the earliest" in page
    assert 'data-column="published_month"' in page or "published_month" in page
    data = (_get(ds, "/catalog/articles.json?_facet_size=5")).json()
    facets = {
        f: {v["value"]: v["count"] for v in data["facet_results"][f]["results"]}
        for f in data["facet_results"]
    }
    assert facets["source"] == {"chinhphu": 2, "ttxvn": 1, "cand": 1, "nhandan": 1}
    assert facets["published_month"] == {"2024-11": 5}
    # newest first
    published = [r["published"] for r in _rows(ds, "/catalog/articles.json")]
    assert published == sorted(published, reverse=True)


def test_latest_articles_per_source(ds):
    rows = _rows(ds, "/catalog/latest_articles.json")
    assert [(r["source"], r["article"]) for r in rows] == [
        ("cand", 3),
        ("chinhphu", 5),
        ("chinhphu", 2),
        ("nhandan", 4),
        ("ttxvn", 1),
    ]
    assert rows[0]["replay"] == REPLAY + "20241125091000/https://cand.example/su-kien/hoi-nghi-tong-ket-3"


def test_syndicated_stories_and_copies(ds, sample):
    ids = sample[1]
    (story,) = _rows(ds, "/catalog/syndicated_stories.json")
    assert story["article"] == ids["wire"] and story["first_source"] == "ttxvn"
    assert (story["outlets"], story["copies"]) == (4, 4)
    copies = _rows(ds, f"/catalog/story_copies.json?article={ids['cand']}")
    assert [c["source"] for c in copies] == ["ttxvn", "chinhphu", "cand", "nhandan"]
    assert "near 0.96" in copies[2]["links"]


def test_changed_articles_with_versions_and_diff(ds, sample):
    rows = _rows(ds, "/catalog/changed_articles.json")
    revised = sample[1]["revised"]
    assert [(r["article"], r["version"]) for r in rows] == [
        (revised, 1),
        (revised, 2),
    ]  # the view counter is no change
    assert rows[1]["diff_link"] == f"/-/newsarchive/diff?article={revised}&from=1&to=2"
    assert rows[1]["chars_added"] > 0
    page = _get(ds, rows[1]["diff_link"])
    assert page.status_code == 200
    assert "<ins>năm 2024</ins>" in page.text.replace("<ins> năm 2024</ins>", "<ins>năm 2024</ins>")
    assert "hoàn thành giải ngân" in page.text and "<h2>Headline</h2>" in page.text
    html = (_get(ds, "/catalog/changed_articles")).text
    assert 'class="diff"' in html  # the diff is one click away


def test_captures_of_a_url_follow_canonicalisation(ds):
    url = "https://baochinhphu.example/phien-hop-5.htm?fbclid=XYZ"
    rows = _rows(ds, f"/catalog/captures_of_url.json?url={url}")
    assert len(rows) == 3
    assert rows[0]["fetched_at"] == "2024-11-26T05:00:00Z"
    assert any("utm_source" in r["url"] for r in rows)


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ('"cong an nhan dan"', "wire"),
        ('"da nang"', "wire"),
        ('"thu tuong" "giai ngan"', "revised"),
        ("Đà Nẵng", "wire"),
    ],
)
def test_search_without_diacritics(ds, sample, query, first):
    rows = _rows(ds, f"/catalog/search.json?q={query}")
    assert rows and rows[0]["article"] in {sample[1][first], sample[1]["chinhphu"], sample[1]["cand"]}
    assert "⟦" in rows[0]["snippet"]
    assert "Dà" not in rows[0]["snippet"]  # snippets from the folded column get their đ back
    html = (_get(ds, f"/catalog/search?q={query}")).text
    assert "<mark>" in html
    empty = _rows(ds, "/catalog/search.json?q=")
    assert empty == []
    # Datasette's own table search uses the same index
    table = _rows(ds, "/catalog/articles.json?_search=quang+canh+da+nang")
    assert [r["id"] for r in table] == [sample[1]["wire"]]  # a caption


def test_replay_links_on_tables_and_rows(ds, sample):
    html = (_get(ds, "/catalog/captures")).text
    assert f'href="{REPLAY}20241125091100/https://cand.example/khong-ton-tai"' in html
    row = (_get(ds, f"/catalog/articles/{sample[1]['wire']}")).text
    assert f'href="{REPLAY}20241125080500/https://ttxvn.example/bo-cong-an-tong-ket-1.htm"' in row
    versions = (_get(ds, "/catalog/article_versions")).text
    assert "/-/newsarchive/diff?article=" in versions


def test_replay_base_from_environment(sample, monkeypatch):
    monkeypatch.setenv("NEWSARCHIVE_REPLAY_URL", "http://127.0.0.1:9999/coll")
    ds = build_datasette(sample[0])
    rows = _rows(ds, "/catalog/latest_articles.json")
    assert rows[0]["replay"].startswith("http://127.0.0.1:9999/coll/2024")


def test_reads_while_a_crawl_writes(tmp_path):
    """A writer commits small batches as fast as it can while Datasette runs queries: no 'database is
    locked', and every read sees a consistent snapshot."""
    path = tmp_path / "catalog.db"
    build_sample_catalog(path)
    ds = build_datasette(path)
    errors: list[BaseException] = []
    stop = threading.Event()
    written = [0]

    def writer():
        from archive.catalog.db import open_database

        db = open_database(path)
        try:
            n = 0
            while not stop.is_set():
                for _ in range(5):
                    n += 1
                    store(db, "writer", f"https://writer.example/{n}", f"2024-12-01T00:{n // 60 % 60:02d}:{n % 60:02d}Z",
                          f"Bài số {n} của luồng ghi, nội dung thay đổi liên tục để kiểm tra đọc ghi đồng thời {n}")  # fmt: skip
                db.conn.commit()
                written[0] = n
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            db.conn.close()

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        seen = []
        for _ in range(40):
            count = (_get(ds, "/catalog.json?sql=select+count(*)+as+n+from+articles&_shape=array")).json()
            seen.append(count[0]["n"])
            page = _get(ds, "/catalog/articles?_facet=source")
            assert page.status_code == 200, page.text[:500]
            assert (_get(ds, "/catalog/search.json?q=luong+ghi&_shape=array")).status_code == 200
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not errors, errors
    assert written[0] > 0 and seen[-1] > seen[0], (written, seen)  # writes became visible while reading
    assert seen == sorted(seen)  # snapshots only move forward


def test_browse_upgrades_an_older_catalog(tmp_path):
    """A catalog written before the search, URL and capture tables existed gets them (filled) on browse."""
    from archive.catalog.db import open_database
    from archive.catalog.schema import migrations
    from crawler.commands.browse import _upgrade

    path = tmp_path / "catalog.db"
    db = open_database(path)
    migrations.apply(db, stop_before="m003_catalog_provenance_dedup_search")
    db.conn.execute(
        "INSERT INTO articles (id, source, url, canonical_url, title, text, published, first_seen, last_seen) "
        "VALUES (1, 'cand', 'https://cand.example/1', 'https://cand.example/1', 'Công an Đà Nẵng', "
        "'Lực lượng công an nhân dân Đà Nẵng bảo đảm an ninh trật tự.', '2024-11-25', "
        "'2024-11-25T01:00:00Z', '2024-11-25T01:00:00Z')"
    )
    db.conn.commit()
    db.conn.close()
    _upgrade(path)
    ds = build_datasette(path)
    assert [r["article"] for r in _rows(ds, "/catalog/search.json?q=cong+an+nhan+dan")] == [1]
    assert [r["source"] for r in _rows(ds, "/catalog/latest_articles.json")] == ["cand"]
    facets = _get(ds, "/catalog/articles.json").json()["facet_results"]
    assert facets["published_month"]["results"][0]["value"] == "2024-11"


def test_browse_help_and_missing_catalog(tmp_path):
    from tests.helpers import run_cli

    result = run_cli("browse", "--help")
    assert result.returncode == 0 and "Example:" in result.stdout and "--replay-url" in result.stdout
    result = run_cli("browse", "--data", str(tmp_path / "none"))
    assert result.returncode == 1 and "no catalog at" in result.stderr and "Traceback" not in result.stderr
