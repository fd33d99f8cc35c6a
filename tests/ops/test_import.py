"""`newsarchive import` of other tools' WARC and ARC files, including the broken ones in shared/data/warc."""

from __future__ import annotations

import gzip
import json
import logging
import shutil
from pathlib import Path

from archive.ops.importread import best_reading
from tests.helpers import SHARED_DATA, run_cli
from tests.helpers.archive import copy_archive, crawl_twice, rows

WARCS = sorted((SHARED_DATA / "warc").iterdir())

# file: (good records, offsets of bad records, new captures, already cataloged, recompressed, stored as)
EXPECTED = {
    "bad.arc": (1, [134, 202, 262], 0, 0, False, "bad.arc"),  # lengths -1/abc, no HTTP response
    "example-bad-non-chunked.warc.gz": (6, [], 2, 0, True, "example-bad-non-chunked.warc.gz"),
    "example-bad.warc.gz.bad": (6, [], 3, 0, True, "example-bad.warc.gz"),
    "example-digest.warc": (3, [0], 0, 0, False, "example-digest.warc"),  # payload digest fails
    "example-iana.org-chunked.warc": (3, [], 1, 0, False, "example-iana.org-chunked.warc"),
    "example-resource.warc.gz": (3, [], 0, 0, False, "example-resource.warc.gz"),
    "example-space-in-target-uri.warc.gz": (2, [], 0, 0, False, "example-space-in-target-uri.warc.gz"),
    "example-space-in-url.arc": (2, [], 1, 0, False, "example-space-in-url.arc"),
    # a truncated copy of a response example-bad-non-chunked holds whole: not cataloged twice, known damage
    "example-trunc.warc": (3, [1197], 0, 1, False, "example-trunc.warc"),
    "example-wget-bad-target-uri.warc.gz": (6, [], 1, 0, False, "example-wget-bad-target-uri.warc.gz"),
    # body split off into a member of its own: read whole from the inflated stream, kept flagged (block digest)
    "example-wrong-chunks.warc.gz": (2, [], 1, 0, True, "example-wrong-chunks.warc.gz"),
    "example.arc": (2, [], 1, 0, False, "example.arc"),
    "example.arc.gz": (2, [], 0, 1, False, "example.arc.gz"),  # the same capture as example.arc
    "example.warc": (6, [], 0, 2, False, "example.warc"),  # the records of example-bad-non-chunked
    "example.warc.gz": (6, [], 0, 2, False, "example.warc.gz"),
    "post-test.warc.gz": (6, [], 3, 0, False, "post-test.warc.gz"),
}


def _import(data: Path, *files: Path, extra: tuple[str, ...] = ()):
    result = run_cli("import", *map(str, files), "--data", str(data), "--json", *extra)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return result, json.loads(result.stdout)


def test_every_shared_file_imports_with_the_expected_good_and_bad_records(tmp_path):
    data = tmp_path / "data"
    assert [p.name for p in WARCS] == sorted(EXPECTED)
    result, report = _import(data, *WARCS)
    assert result.returncode == 1  # some records were bad
    got = {
        Path(f["file"]).name: (
            f["good_records"],
            [b["offset"] for b in f["bad_records"]],
            f["captures"],
            f["duplicates"],
            f["recompressed"],
            f["stored_as"],
        )
        for f in report["files"]
    }
    assert got == EXPECTED
    assert (report["good_records"], report["bad_records"], report["captures"]) == (59, 5, 13)
    assert rows(data, "SELECT count(*) FROM captures") == [(13,)]
    assert rows(data, "SELECT count(*) FROM replay_import_damage") == [(5,)]
    # every stored file is indexed for replay, and the originals of recompressed files are kept
    for name in {e[5] for e in EXPECTED.values()}:
        assert (data / "indexes" / f"{name}.cdxj").exists()
    assert (data / "imported" / "example-bad-non-chunked.warc.gz").read_bytes() == (
        SHARED_DATA / "warc" / "example-bad-non-chunked.warc.gz"
    ).read_bytes()
    # known bad records are counted, not reported as new damage
    verify = run_cli("verify", "--data", str(data), "--json")
    summary = json.loads(verify.stdout)
    assert verify.returncode == 0, summary["problems"]
    assert summary["known_damage"] == 5

    again, report = _import(data, *WARCS)
    assert again.returncode == 0
    assert all(f["skipped"].startswith("already in the archive") for f in report["files"])
    assert rows(data, "SELECT count(*) FROM captures") == [(13,)]


def test_text_report_names_each_bad_record_with_file_and_offset(tmp_path):
    result = run_cli(
        "import", str(SHARED_DATA / "warc" / "bad.arc"), "--data", str(tmp_path / "d"), "--no-extract"
    )
    assert result.returncode == 1
    for offset in (134, 202, 262):
        assert f"bad.arc @{offset}:" in result.stdout


def test_articles_are_extracted_from_imported_pages(tmp_path):
    """A page stored with its chunked transfer coding (as wget and pywb store it) is dechunked before
    extraction; pages no crawl marked are judged by URL and markup (a homepage is not an article)."""
    article = "http://www.iana.org/tin-tuc/cac-so-hieu-internet-duoc-phan-bo-123456.html"
    chunked = (SHARED_DATA / "warc" / "example-iana.org-chunked.warc").read_bytes()
    copy = tmp_path / "iana-article.warc"
    copy.write_bytes(
        chunked.replace(
            b"WARC-Target-URI: http://www.iana.org/\r\n", f"WARC-Target-URI: {article}\r\n".encode()
        )
    )
    data = tmp_path / "data"
    result, report = _import(data, copy)
    assert result.returncode == 0 and report["articles"] == 1
    [(url, title, text)] = rows(data, "SELECT url, title, text FROM articles")
    assert url == article and title == "Internet Assigned Numbers Authority"
    assert "Domain Names" in text and "\r\n" not in text

    homepage = tmp_path / "homepage"
    result, report = _import(homepage, SHARED_DATA / "warc" / "example-iana.org-chunked.warc")
    assert result.returncode == 0 and report["articles"] == 0
    assert rows(homepage, "SELECT url, extract_status FROM captures") == [
        ("http://www.iana.org/", "not_article")
    ]


def test_a_damaged_record_in_the_middle_is_skipped_and_reading_resumes(tmp_path):
    source = SHARED_DATA / "warc" / "example.warc.gz"
    broken = tmp_path / "mid-damage.warc.gz"
    data = bytearray(source.read_bytes())
    data[784 + 40 : 784 + 60] = b"\x00" * 20  # inside the response's gzip member
    broken.write_bytes(bytes(data))
    result, report = _import(tmp_path / "data", broken, extra=("--no-extract",))
    [entry] = report["files"]
    assert [b["offset"] for b in entry["bad_records"]] == [784]
    assert entry["good_records"] == 5 and entry["captures"] == 1  # the revisit after the damage
    assert result.returncode == 1


def test_import_leaves_what_the_catalog_holds_untouched(tmp_path):
    crawled = crawl_twice(tmp_path / "crawl")
    data = copy_archive(crawled, tmp_path / "data")
    before_captures = rows(data, "SELECT * FROM captures ORDER BY id")
    before_files = rows(data, "SELECT * FROM warc_files ORDER BY name")
    result, report = _import(data, *WARCS, extra=("--no-extract",))
    assert report["captures"] == 13
    after = rows(data, "SELECT * FROM captures ORDER BY id")
    assert after[: len(before_captures)] == before_captures
    assert [
        r for r in rows(data, "SELECT * FROM warc_files ORDER BY name") if r in before_files
    ] == before_files
    verify = run_cli("verify", "--data", str(data))
    assert verify.returncode == 0, verify.stdout


def test_a_missing_file_is_reported_and_the_others_imported(tmp_path):
    result, report = _import(
        tmp_path / "data", tmp_path / "nope.warc.gz", SHARED_DATA / "warc" / "example.warc"
    )
    assert result.returncode == 1
    assert report["files"][0]["skipped"] == "not a file"
    assert report["files"][1]["good_records"] == 6


def test_a_file_that_is_no_warc_at_all(tmp_path):
    junk = tmp_path / "junk.warc.gz"
    junk.write_bytes(gzip.compress(b"hello, not a web archive\n" * 10))
    result, report = _import(tmp_path / "data", junk)
    assert result.returncode == 1
    assert report["files"][0]["skipped"] == "no readable record"
    assert not (tmp_path / "data" / "warc" / "junk.warc.gz").exists()
    shutil.rmtree(tmp_path / "data")


def test_imported_files_can_be_cataloged_again_after_the_catalog_is_emptied(tmp_path):
    """What `reindex` needs: the imports' captures back, by the rules of import."""
    from archive.catalog.db import Catalog
    from archive.ops.importing import imported_files, recatalog_imports

    data = tmp_path / "data"
    _import(data, *WARCS, extra=("--no-extract",))
    before = rows(data, "SELECT warc_file, warc_offset, url, warc_record_id FROM captures ORDER BY 1, 2")
    rows(data, "DELETE FROM captures")
    rows(data, "DELETE FROM warc_files")
    catalog = Catalog(data / "catalog.db")
    try:
        assert len(imported_files(catalog.conn)) == len(EXPECTED)
        assert recatalog_imports(catalog, data) == 13
    finally:
        catalog.close()
    assert (
        rows(data, "SELECT warc_file, warc_offset, url, warc_record_id FROM captures ORDER BY 1, 2") == before
    )
    verify = run_cli("verify", "--data", str(data))
    assert verify.returncode == 0, verify.stdout


def test_a_directory_stands_for_the_warc_files_under_it(tmp_path):
    folder = tmp_path / "crawls" / "old"
    folder.mkdir(parents=True)
    for name in ("example.warc.gz", "example.arc", "post-test.warc.gz"):
        shutil.copyfile(SHARED_DATA / "warc" / name, folder / name)
    (folder / "notes.txt").write_text("not a web archive")
    result, report = _import(tmp_path / "data", tmp_path / "crawls", extra=("--no-extract",))
    assert result.returncode == 0
    assert [Path(f["file"]).name for f in report["files"]] == [
        "example.arc",
        "example.warc.gz",
        "post-test.warc.gz",
    ]
    assert report["captures"] == 6


def test_reindex_of_a_crawled_archive_with_imports_gives_back_every_capture(tmp_path):
    data = copy_archive(crawl_twice(tmp_path / "crawl"), tmp_path / "data")
    _import(data, *WARCS, extra=("--no-extract",))
    query = "SELECT warc_file, warc_offset, url, warc_record_id, record_type FROM captures ORDER BY 1, 2"
    before = rows(data, query)
    result = run_cli("reindex", "--data", str(data), "--workers", "1")
    assert result.returncode == 0, result.stderr[-3000:]
    assert rows(data, query) == before
    files = len(list((data / "warc").iterdir()))  # the crawl's files and the imported ones, all counted
    assert f"reindexed {files} WARC files" in result.stdout
    verify = run_cli("verify", "--data", str(data))
    assert verify.returncode == 0, verify.stdout


def test_import_reads_ordinary_files_with_verifys_fast_reader(tmp_path, caplog):
    """import and verify read a file by the same rules (fastscan.scan_records): zlib and hashlib for a file of
    ordinary records, salvage.scan (warcio) only for a file holding something else."""
    caplog.set_level(logging.DEBUG, logger="archive.warc.fastscan")
    for name in ("example.warc.gz", "post-test.warc.gz", "example-resource.warc.gz", "example.warc"):
        reading = best_reading(SHARED_DATA / "warc" / name, name, tmp_path)
        assert reading.good == EXPECTED[name][0] and not reading.bad
    assert not [r for r in caplog.records if "salvage.scan" in r.getMessage()]
    reading = best_reading(SHARED_DATA / "warc" / "example-digest.warc", "example-digest.warc", tmp_path)
    assert [i.info.offset for i in reading.records if i.flaw] == EXPECTED["example-digest.warc"][1]
    assert [r for r in caplog.records if "salvage.scan" in r.getMessage()]
