"""`newsarchive verify` on its fast path: a crawl's files are read by it, and a flipped byte in a stored (gzip
level 0) member or in an uncompressed .warc is still reported as damage at the record's offset."""

from __future__ import annotations

import gzip

import pytest

from archive.warc.fastscan import scan_ordinary
from archive.warc.salvage import scan
from tests.helpers import run_cli
from tests.helpers.archive import rows
from tests.helpers.archive import verify_json as _verify
from tests.helpers.scans import assert_same

pytestmark = pytest.mark.slow


@pytest.fixture
def data(archive_data):
    return archive_data


def _flip(path, at: int) -> None:
    raw = bytearray(path.read_bytes())
    raw[at] ^= 0x01
    path.write_bytes(bytes(raw))


def test_a_crawls_files_take_the_fast_path(data):
    for path in sorted((data / "warc").glob("*.warc.gz")):
        assert len(scan_ordinary(path)) == sum(1 for _ in scan(path))
        assert_same(path)


def _rewritten(source, target, how: str):
    """The source's records as an uncompressed WARC, or one stored (gzip level 0) member per record."""
    raw = source.read_bytes()
    records = [
        gzip.decompress(raw[i.info.offset : i.info.offset + i.info.length]) for i in scan_ordinary(source)
    ]
    if how == "plain":
        target.write_bytes(b"".join(records))
    else:
        target.write_bytes(b"".join(gzip.compress(r, compresslevel=0, mtime=0) for r in records))
    return target


@pytest.mark.parametrize("how", ["stored", "plain"])
def test_damage_in_a_stored_member_or_an_uncompressed_warc_is_located(data, tmp_path, how):
    first = sorted((data / "warc").glob("*.warc.gz"))[0]
    copy = _rewritten(first, tmp_path / ("copy.warc" if how == "plain" else "copy.warc.gz"), how)
    fresh = tmp_path / "fresh"
    imported = run_cli("import", str(copy), "--data", str(fresh), "--no-extract")
    assert imported.returncode == 0, imported.stdout + imported.stderr
    [(name,)] = rows(fresh, "SELECT name FROM warc_files")
    path = fresh / "warc" / name
    assert path.read_bytes() == copy.read_bytes()
    assert len(scan_ordinary(path)) == len(scan_ordinary(first))  # read by the fast path
    status, report = _verify(fresh)
    assert status == 0, report["problems"]

    [(offset, length)] = rows(
        fresh,
        "SELECT warc_offset, warc_length FROM captures WHERE record_type = 'response' "
        "ORDER BY warc_length DESC LIMIT 1",
    )
    _flip(path, offset + length - 40)  # in the payload (stored: the very byte; the gzip trailer is 8 bytes)
    status, report = _verify(fresh)
    assert status == 1
    damaged = [(p["file"], p["offset"]) for p in report["problems"] if p["kind"] == "damaged"]
    assert damaged == [(name, offset)]
    assert {p["kind"] for p in report["problems"]} <= {
        "sha256",
        "damaged",
        "capture",
        "orphan-record",
        "index",
    }
