"""`newsarchive verify` finds each kind of damage, and passes on a healthy archive."""

from __future__ import annotations

import json
from io import BytesIO

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.helpers import run_cli
from tests.helpers.archive import flip_byte_in_capture, rows
from tests.helpers.archive import verify_json as _verify
from tests.helpers.archive import warc_names as _files

pytestmark = pytest.mark.slow


@pytest.fixture
def data(archive_data):
    return archive_data


def _kinds(report) -> set[str]:
    return {p["kind"] for p in report["problems"]}


def test_a_healthy_archive_passes(data):
    status, report = _verify(data)
    assert status == 0 and report["ok"], report["problems"]
    captures = rows(data, "SELECT count(*), sum(record_type = 'revisit') FROM captures")[0]
    assert report["files"] == 3
    assert (report["captures"], report["revisits"]) == captures and captures[1] >= 3
    [(not_modified,)] = rows(
        data, "SELECT count(*) FROM captures WHERE record_type = 'revisit' AND status = 304"
    )
    # every response and revisit is indexed once, but 304 revisits (replay serves their original instead)
    assert report["index_lines"] == captures[0] - not_modified
    text = run_cli("verify", "--data", str(data))
    assert text.returncode == 0 and "OK:" in text.stderr


def test_a_flipped_byte_in_a_warc_file(data):
    name = _files(data)[0]
    offset = flip_byte_in_capture(data, name)
    status, report = _verify(data)
    assert status == 1
    assert {"sha256", "damaged"} <= _kinds(report)
    damaged = [p for p in report["problems"] if p["kind"] == "damaged"]
    assert damaged[0]["file"] == name and damaged[0]["offset"] == offset


def test_a_deleted_file(data):
    name = _files(data)[1]
    (data / "warc" / name).unlink()
    status, report = _verify(data)
    assert status == 1
    assert [(p["kind"], p["file"]) for p in report["problems"]] == [("missing-file", name)]


def test_a_catalog_row_pointing_at_the_wrong_offset(data):
    [(cid, name, offset)] = rows(
        data,
        "SELECT id, warc_file, warc_offset FROM captures WHERE page_kind = 'article' ORDER BY id LIMIT 1",
    )
    rows_changed = rows(
        data, "UPDATE captures SET warc_offset = warc_offset + 7 WHERE id = ? RETURNING id", (cid,)
    )
    assert rows_changed == [(cid,)]
    status, report = _verify(data)
    assert status == 1
    found = {(p["kind"], p["offset"]) for p in report["problems"]}
    assert ("capture", offset + 7) in found  # the row points at no record
    assert ("orphan-record", offset) in found  # and the record has lost its capture


def _revisit_warc(path, refers_to: str, url: str) -> None:
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True, warc_version="WARC/1.1")
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_revisit_record(
            url, "sha1:AAAABBBBCCCCDDDDEEEEFFFFGGGGHHHH", url, "2026-01-01T00:00:00Z", http_headers=http
        )
        record.rec_headers.add_header("WARC-Refers-To", refers_to)
        writer.write_record(record)
        writer.write_record(writer.create_warc_record(url, "resource", payload=BytesIO(b"x"), length=1))


def test_a_revisit_without_original(data, tmp_path):
    orphan = tmp_path / "orphan-revisit.warc.gz"
    _revisit_warc(orphan, "<urn:uuid:00000000-0000-0000-0000-000000000000>", "http://example.org/gone")
    imported = run_cli("import", str(orphan), "--data", str(data), "--no-extract")
    assert imported.returncode == 0, imported.stdout + imported.stderr
    status, report = _verify(data)
    assert status == 1
    [problem] = report["problems"]
    assert problem["kind"] == "revisit" and problem["file"] == "orphan-revisit.warc.gz"
    assert "00000000-0000-0000-0000-000000000000" in problem["message"]


def test_a_missing_or_stale_index(data):
    first, second, _ = _files(data)
    (data / "indexes" / f"{first}.cdxj").unlink()
    stale = data / "indexes" / f"{second}.cdxj"
    lines = stale.read_text().splitlines(keepends=True)
    stale.write_text("".join(lines[1:]))  # one record no longer indexed
    status, report = _verify(data)
    assert status == 1
    problems = [(p["kind"], p["file"], p["offset"]) for p in report["problems"]]
    assert ("index", first, None) in problems
    unindexed = int(json.loads(lines[0].split(" ", 2)[2])["offset"])
    assert [p for p in problems if p[1] == second] == [("index", second, unindexed)]
    assert report["problem_counts"] == {"index": 2}


def test_an_unlisted_file_and_a_missing_catalog(data, tmp_path):
    name = _files(data)[0]
    (data / "warc" / "stray.warc.gz").write_bytes((data / "warc" / name).read_bytes())
    status, report = _verify(data)
    assert status == 1 and ("unlisted-file", "stray.warc.gz") in {
        (p["kind"], p["file"]) for p in report["problems"]
    }
    empty = run_cli("verify", "--data", str(tmp_path / "nothing"))
    assert empty.returncode == 1 and "newsarchive crawl" in empty.stderr
