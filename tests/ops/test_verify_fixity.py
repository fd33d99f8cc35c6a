"""`verify` checks fixity first: a file whose sha256 matches the catalog is walked without recomputing its
records' digests; one that does not match is read deeply, so damage is still found and located; `--deep`
recomputes every digest. Real crawled WARC files, the real CLI."""

from __future__ import annotations

import base64
import gzip
import hashlib

import pytest

from archive.ops.verify import run as verify
from archive.ops.verify import walk as verifywalk
from archive.ops.verify.walk import KEPT_HEADERS, Listed, Walker
from archive.warc.fastscan import scan_records
from tests.helpers import run_cli
from tests.helpers.archive import flip_byte_in_capture, rows
from tests.helpers.archive import verify_json as _verify
from tests.helpers.archive import warc_names as _files

pytestmark = pytest.mark.slow


@pytest.fixture
def data(archive_data):
    return archive_data


def _b32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def _append_metadata_with_wrong_digest(path) -> int:
    """A metadata record (neither captured nor indexed) whose WARC-Payload-Digest is wrong on purpose (its
    block digest is right); returns its offset."""
    block = b"via: https://example.org/\r\nnote: written wrong on purpose\r\n"
    header = (
        "WARC/1.1\r\n"
        "WARC-Type: metadata\r\n"
        "WARC-Record-ID: <urn:uuid:11111111-2222-3333-4444-555555555555>\r\n"
        "WARC-Target-URI: https://example.org/\r\n"
        "WARC-Date: 2026-01-01T00:00:00Z\r\n"
        "Content-Type: application/warc-fields\r\n"
        f"WARC-Block-Digest: {_b32(block)}\r\n"
        f"WARC-Payload-Digest: {_b32(b'something else')}\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    ).encode()
    offset = path.stat().st_size
    with open(path, "ab") as fh:
        fh.write(gzip.compress(header + block + b"\r\n\r\n"))
    return offset


def _recatalog(data, name: str) -> None:
    """Record the file's present sha256 and size, as if it had been closed that way."""
    raw = (data / "warc" / name).read_bytes()
    rows(
        data,
        "UPDATE warc_files SET sha256 = ?, size = ? WHERE name = ?",
        (hashlib.sha256(raw).hexdigest(), len(raw), name),
    )


def test_a_clean_archive_passes_in_both_modes_and_says_which_ran(data):
    status, report = _verify(data)
    assert status == 0 and report["ok"], report["problems"]
    assert (report["mode"], report["deep_files"], report["files"]) == ("fixity", 0, 3)
    status, deep = _verify(data, "--deep")
    assert status == 0 and deep["ok"], deep["problems"]
    assert (deep["mode"], deep["deep_files"]) == ("deep", 3)
    same = ("files", "records", "captures", "index_lines", "revisits", "bytes")
    assert {k: report[k] for k in same} == {k: deep[k] for k in same}
    text = run_cli("verify", "--data", str(data))
    assert text.returncode == 0 and "digests recomputed in 0 of 3 files" in text.stderr
    text = run_cli("verify", "--data", str(data), "--deep")
    assert text.returncode == 0 and "deep: every record's digests recomputed" in text.stderr
    helped = run_cli("verify", "--help")
    assert "--deep" in helped.stdout and "sha256" in helped.stdout


def test_a_matching_sha256_skips_the_digest_pass_and_deep_does_not(data):
    name = _files(data)[0]
    offset = _append_metadata_with_wrong_digest(data / "warc" / name)
    _recatalog(data, name)
    status, report = _verify(data)  # the sha256 vouches for the bytes: the wrong digest is not recomputed
    assert status == 0 and report["ok"], report["problems"]
    assert report["deep_files"] == 0
    status, deep = _verify(data, "--deep")
    assert status == 1
    assert [(p["kind"], p["file"], p["offset"]) for p in deep["problems"]] == [("damaged", name, offset)]
    assert "digest" in deep["problems"][0]["message"].lower()


def test_a_sha256_mismatch_reads_the_file_deeply(data):
    """The same wrong digest in a file whose sha256 no longer matches: found without --deep."""
    name = _files(data)[1]
    offset = _append_metadata_with_wrong_digest(data / "warc" / name)
    size = (data / "warc" / name).stat().st_size
    rows(data, "UPDATE warc_files SET size = ? WHERE name = ?", (size, name))  # only the sha256 can tell
    status, report = _verify(data)
    assert status == 1
    found = [(p["kind"], p["file"], p["offset"]) for p in report["problems"]]
    assert found == [("sha256", name, None), ("damaged", name, offset)]
    assert (report["mode"], report["deep_files"]) == ("fixity", 1)


def test_a_flipped_byte_is_found_and_located(data):
    name = _files(data)[0]
    offset = flip_byte_in_capture(data, name)
    for extra in ((), ("--deep",)):
        status, report = _verify(data, *extra)
        assert status == 1
        kinds = [(p["kind"], p["file"], p["offset"]) for p in report["problems"]]
        assert kinds[:2] == [("sha256", name, None), ("damaged", name, offset)]
        assert report["deep_files"] == (1 if not extra else 3)


def test_a_file_without_sha256_is_read_deeply(data):
    name = _files(data)[2]
    rows(data, "UPDATE warc_files SET sha256 = NULL WHERE name = ?", (name,))
    status, report = _verify(data)
    assert status == 0 and report["deep_files"] == 1


def _report(data, **kw):
    out = verify.verify_archive(data, **kw).to_dict()
    out.pop("mode")
    out.pop("deep_files")
    return out


def test_a_deep_read_split_over_two_processes_finds_what_one_finds(data, monkeypatch):
    """Every file is split at a catalog offset and its second part read in another process: the report is the
    one a single reader gives, on a clean file and with a byte flipped in the second part."""
    whole = _report(data, deep=True)
    monkeypatch.setattr(verifywalk, "SPLIT_BYTES", 0)
    assert _report(data, deep=True) == whole and whole["ok"]
    name = _files(data)[0]
    offset = flip_byte_in_capture(data, name, last=True)
    split = _report(data, deep=True)
    monkeypatch.setattr(verifywalk, "SPLIT_BYTES", 1 << 60)
    assert split == _report(data, deep=True)
    assert ("damaged", offset) in {(p["kind"], p["offset"]) for p in split["problems"]}


def test_a_split_that_is_not_a_record_start_falls_back_to_one_reader(data, monkeypatch):
    monkeypatch.setattr(verifywalk, "SPLIT_BYTES", 0)
    name = _files(data)[0]
    path = data / "warc" / name
    [(offset,)] = rows(data, "SELECT max(warc_offset) FROM captures WHERE warc_file = ?", (name,))
    listed = Listed(path, path.stat().st_size, None, True, False)
    walker = Walker([listed], deep=True)
    try:
        assert walker.pool is not None
        for starts in ([offset + 7], [offset], [path.stat().st_size + 10]):
            walked = walker.walk(listed, starts)
            assert walked.deep and walked.items == scan_records(path, KEPT_HEADERS)
    finally:
        walker.close()
