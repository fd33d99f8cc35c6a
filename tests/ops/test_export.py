"""`newsarchive export`: the seed's text layout, JSON Lines and Parquet with every field, read-only catalog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.catalog.articles import ArticleStore
from archive.catalog.db import Catalog
from archive.extract.core import extract
from crawler.cli import main
from tests.helpers import FIXTURES, ROOT

PAGES = FIXTURES / "pages"
EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))
SEED = ROOT.parent / "shared" / "seed" / "000_ef6709054a1998c0.txt"
STORED = {
    "vietnamplus-seed.html": "vietnamplus",
    "baochinhphu-photocms.html": "baochinhphu",
    "nhandan-sibling-caption.html": "nhandan",
}


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    catalog = Catalog(data / "catalog.db")
    store = ArticleStore(catalog.db)
    for name, source in STORED.items():
        spec = EXPECTED[name]
        result = extract((PAGES / name).read_bytes(), spec["url"])
        store.upsert(
            capture_id=None,
            source=source,
            url=spec["url"],
            fetched_at="2026-11-27T00:00:00Z",
            extraction=result,
        )
    catalog.commit()
    catalog.close()
    return data


def run(*args: str):
    return CliRunner().invoke(main, ["export", *args], catch_exceptions=False)


def test_text_export_is_the_seed_layout_without_the_related_box(data_dir, tmp_path):
    if not SEED.exists():
        pytest.skip("../shared/seed is not beside the repository")
    out = tmp_path / "corpus"
    result = run("--data", str(data_dir), "--format", "text", "--out", str(out), "--source", "vietnamplus")
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.txt"))
    assert len(files) == 1 and files[0].name.startswith("000_")
    seed = SEED.read_text(encoding="utf-8")
    header, body = seed[: len(" date 2024-01 ")], seed[len(" date 2024-01 ") :]
    wanted = header + "\n\n".join(
        b for b in body.split("\n\n") if b.strip() and "Công an TP.HCM phá" not in b
    )
    assert files[0].read_text(encoding="utf-8") == wanted


def test_text_export_puts_captions_where_the_photos_stood(data_dir, tmp_path):
    out = tmp_path / "corpus"
    assert run("--data", str(data_dir), "--format", "text", "--out", str(out)).exit_code == 0
    texts = [p.read_text(encoding="utf-8") for p in sorted(out.glob("*.txt"))]
    assert len(texts) == 3
    bcp = next(t for t in texts if "Quảng Ninh" in t)
    blocks = bcp[len(" date 2024-03 ") :].split("\n\n")
    assert bcp.startswith(" date 2024-03 (Chinhphu.vn) - Chiều 9/3")
    assert blocks[1] == "Thủ tướng Phạm Minh Chính phát biểu kết luận buổi làm việc (Ảnh: VGP/Nhật Bắc)"
    assert blocks[5] == "Quang cảnh buổi làm việc (Ảnh: VGP/Nhật Bắc)"


def test_jsonl_export_has_every_field_and_the_images(data_dir, tmp_path):
    out = tmp_path / "articles.jsonl"
    result = run("--data", str(data_dir), "--format", "jsonl", "--out", str(out))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 3
    row = next(r for r in rows if r["source"] == "nhandan")
    for key in ("url", "canonical_url", "title", "author", "published", "language", "text", "text_digest"):
        assert key in row
    assert row["published"] == "2025-10-19T09:30:00+07:00"
    assert [(i["caption"], i["credit"], i["position"]) for i in row["images"]] == [
        ("Phối cảnh cầu Tứ Liên nhìn từ phía quận Tây Hồ.", "Sở Giao thông vận tải Hà Nội", 2),
        ("Các đại biểu thực hiện nghi thức khởi công công trình.", "Thành Đạt", 3),
    ]


def test_parquet_export_reads_back(data_dir, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "articles.parquet"
    result = run("--data", str(data_dir), "--format", "parquet", "--out", str(out), "--source", "baochinhphu")
    assert result.exit_code == 0, result.output
    table = pq.read_table(out)
    assert table.num_rows == 1
    row = table.to_pylist()[0]
    assert row["title"] == EXPECTED["baochinhphu-photocms.html"]["title"]
    assert [i["credit"] for i in row["images"]] == ["VGP/Nhật Bắc", "VGP/Nhật Bắc"]


def test_export_errors(data_dir, tmp_path):
    missing = run(
        "--data", str(tmp_path / "nowhere"), "--format", "jsonl", "--out", str(tmp_path / "x.jsonl")
    )
    assert missing.exit_code == 1 and "no catalog" in missing.output
    afile = tmp_path / "file.txt"
    afile.write_text("x")
    assert run("--data", str(data_dir), "--format", "text", "--out", str(afile)).exit_code == 2
    assert run("--data", str(data_dir), "--format", "csv", "--out", str(afile)).exit_code == 2
    assert run("--data", str(data_dir), "--out", str(afile)).exit_code == 2


def test_text_export_writes_a_manifest_that_traces_each_file(tmp_path):
    """index.jsonl names, for every file, its article, URL and the WARC record of its capture."""
    from tests.helpers.catalog import build_sample_catalog

    data = tmp_path / "data"
    data.mkdir()
    build_sample_catalog(data / "catalog.db")
    out = tmp_path / "corpus"
    assert run("--data", str(data), "--format", "text", "--out", str(out)).exit_code == 0
    entries = [json.loads(line) for line in (out / "index.jsonl").read_text(encoding="utf-8").splitlines()]
    files = sorted(p.name for p in out.glob("*.txt"))
    assert [e["file"] for e in entries] == files and len(files) == 5
    import sqlite3

    conn = sqlite3.connect(data / "catalog.db")
    for entry in entries:
        url, offset, warc = conn.execute(
            "SELECT a.url, c.warc_offset, c.warc_file FROM articles a JOIN captures c ON c.id = a.capture_id "
            "WHERE a.id = ?",
            (entry["article_id"],),
        ).fetchone()
        assert (entry["url"], entry["warc_offset"], entry["warc_file"]) == (url, offset, warc)
        assert entry["source"] and entry["title"] and entry["published"] and entry["warc_record_id"]
        text = (out / entry["file"]).read_text(encoding="utf-8")
        assert text.startswith(f" date {entry['published'][:7]} ")
    conn.close()
