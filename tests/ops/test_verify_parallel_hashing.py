"""`verify` hashes the files it checks from their record lists ahead of their turn, several at once: the report
is the one a single hashing thread gives, damage is located as before, nothing is hashed ahead of a file that
is walked or read deeply, and at most HASHERS files are in flight. Real crawls of the bundled press site, with
files rotated small so that an archive has many; the real CLI where it matters."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from archive.ops.verify import walk as verifywalk
from archive.ops.verify.run import verify_archive
from archive.ops.verify.walk import Listed, Walker
from tests.helpers import run_cli
from tests.helpers.archive import crawl_press_rotated, flip_byte_in_capture, rows, verify_json, warc_names

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def rotated(tmp_path_factory) -> Path:
    """The press site crawled twice (the second fetches everything again: revisits of the first's files),
    files rotated at 60 KB."""
    work = tmp_path_factory.mktemp("rotated")
    data = crawl_press_rotated(work, 60_000, [[], ["--set", "NEWSARCHIVE_INCREMENTAL=False"]])
    assert len(warc_names(data)) >= 6
    return data


@pytest.fixture
def data(rotated, tmp_path) -> Path:
    return Path(shutil.copytree(rotated, tmp_path / "data", ignore=shutil.ignore_patterns("lock", "*.lock")))


def _report(data: Path, hashers: int, monkeypatch, deep: bool = False) -> dict:
    monkeypatch.setattr(verifywalk, "HASHERS", hashers)
    return verify_archive(data, deep=deep).to_dict()


def _found(report: dict) -> list[tuple]:
    return [(p["kind"], p["file"], p["offset"], p["message"]) for p in report["problems"]]


def _without(report: dict, *keys: str) -> dict:
    return {k: v for k, v in report.items() if k not in keys}


def _listed(data: Path) -> list[Listed]:
    """The archive's files as `verify` lists them for its Walker."""
    with_lists = {name for (name,) in rows(data, "SELECT name FROM warc_record_lists")}
    out = []
    for name, size, sha256, closed_at, records in rows(
        data, "SELECT name, size, sha256, closed_at, records FROM warc_files ORDER BY name"
    ):
        path = data / "warc" / name
        out.append(Listed(path, size, sha256, closed_at is not None, False, records, name in with_lists))
    return out


def test_a_clean_archive_gives_the_one_thread_report(data, monkeypatch):
    files = len(warc_names(data))
    one = _report(data, 1, monkeypatch)
    assert one["ok"] and (one["files"], one["listed_files"], one["deep_files"]) == (files, files, 0)
    for hashers in (2, 3, files + 2):
        assert _report(data, hashers, monkeypatch) == one, hashers
    modes = ("mode", "deep_files", "listed_files")
    assert _without(_report(data, 2, monkeypatch, deep=True), *modes) == _without(one, *modes)
    status, cli = verify_json(data)  # the CLI's default (HASHERS of this machine)
    assert status == 0 and cli == one


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_a_flipped_byte_in_one_of_many_files_is_located_as_before(data, monkeypatch, where):
    names = warc_names(data)
    name = {"first": names[0], "middle": names[len(names) // 2], "last": names[-1]}[where]
    offset = flip_byte_in_capture(data, name, last=True)
    one = _report(data, 1, monkeypatch)
    for hashers in (2, 3):
        assert _report(data, hashers, monkeypatch) == one, hashers
    found = _found(one)
    assert [(k, f, o) for k, f, o, _ in found[:2]] == [("sha256", name, None), ("damaged", name, offset)]
    assert (one["deep_files"], one["listed_files"]) == (1, len(names) - 1)
    modes = ("mode", "deep_files", "listed_files")
    assert _without(_report(data, 2, monkeypatch, deep=True), *modes) == _without(one, *modes)
    status, cli = verify_json(data)
    assert status == 1 and cli == one


def test_damage_of_every_kind_at_once_never_a_traceback(data, monkeypatch):
    """Flipped bytes in two neighbouring files hashed ahead, a truncated file, a file gone, a tampered list and
    a file whose catalog row lost its sha256, in one run: the one-thread report, and the CLI says it cleanly."""
    names = warc_names(data)
    assert len(names) >= 6
    flipped = [flip_byte_in_capture(data, name, last=True) for name in names[1:3]]
    truncated = data / "warc" / names[3]
    truncated.write_bytes(truncated.read_bytes()[:-100])
    (data / "warc" / names[4]).unlink()
    rows(data, "UPDATE warc_record_lists SET data = ? WHERE name = ?", (b"\x78\x9c garbage", names[5]))
    rows(data, "UPDATE warc_files SET sha256 = NULL WHERE name = ?", (names[0],))
    one = _report(data, 1, monkeypatch)
    assert _report(data, 2, monkeypatch) == one
    found = {(k, f, o) for k, f, o, _ in _found(one)}
    for name, offset in zip(names[1:3], flipped, strict=True):
        assert {("sha256", name, None), ("damaged", name, offset)} <= found
    assert ("size", names[3], None) in found and ("missing-file", names[4], None) in found
    status, cli = verify_json(data)  # asserts no traceback
    assert status == 1 and cli == one
    text = run_cli("verify", "--data", str(data))
    assert text.returncode == 1 and "Traceback" not in text.stderr


def test_files_are_hashed_ahead_in_order_and_never_more_than_hashers(data):
    files = _listed(data)
    assert len(files) >= 6 and all(f.has_list for f in files)
    for hashers in (1, 2, 3):
        walker = Walker(files, hashers=hashers)
        try:
            for i, listed in enumerate(files):
                stored = _stored(data, listed.path.name)
                walked = walker.walk(listed, [], stored)
                assert walked.listed and walked.sha256 == listed.sha256
                ahead = [f.path for f in files[i + 1 : i + hashers]]  # the file checked is one in flight
                assert list(walker._hashing) == ahead, (hashers, i)
        finally:
            walker.close()


def test_nothing_is_hashed_ahead_of_a_walked_or_deep_file(data):
    files = _listed(data)
    no_list = 3
    files[no_list] = Listed(
        *[getattr(files[no_list], f) for f in ("path", "size", "sha256", "closed", "known")]
    )
    for deep in (False, True):
        walker = Walker(files, deep=deep, hashers=3)
        try:
            for i, listed in enumerate(files):
                stored = None if deep or i == no_list else _stored(data, listed.path.name)
                walked = walker.walk(listed, [], stored)
                assert (walked.deep, walked.listed) == (deep, not deep and i != no_list)
                assert walked.sha256 == listed.sha256
                if deep:
                    assert not walker._hashing
                elif i in (no_list - 2, no_list - 1):  # the walked file is not started ahead
                    assert files[no_list].path not in walker._hashing
        finally:
            walker.close()


def test_a_file_passed_over_is_dropped_from_the_files_in_flight(data):
    """A caller that skips a file hashed ahead (gone from disk, say) frees its place for the next ones."""
    files = _listed(data)
    walker = Walker(files, hashers=2)
    try:
        walker.walk(files[0], [], _stored(data, files[0].path.name))
        assert list(walker._hashing) == [files[1].path]
        walked = walker.walk(files[2], [], _stored(data, files[2].path.name))
        assert walked.listed and walked.sha256 == files[2].sha256
        assert list(walker._hashing) == [files[3].path]
    finally:
        walker.close()


def _stored(data: Path, name: str):
    from archive.warc.recordlist import StoredList

    [row] = rows(data, "SELECT sha256, records, data FROM warc_record_lists WHERE name = ?", (name,))
    return StoredList(*row)
