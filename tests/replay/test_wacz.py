"""WACZ round trip: create from a crawled archive, `wacz validate`, open with pywb; pages and indexes checked."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import time
import urllib.request
import zipfile

import pytest

from archive.replay.pywb import free_port, replay_env, timestamp14
from archive.warc.salvage import Scanned, scan
from tests.helpers import run_cli
from tests.helpers.archive import ARTICLE, ARTICLE_TITLE, SITE, crawl_twice, rows

pytestmark = pytest.mark.slow

REPLAY_BIN = replay_env() / "bin"
needs_replay_env = pytest.mark.skipif(
    not (REPLAY_BIN / "wacz").exists(), reason="no replay environment: run `make replay-env`"
)


@pytest.fixture(scope="module")
def packaged(tmp_path_factory):
    work = tmp_path_factory.mktemp("wacz")
    crawled = crawl_twice(work)
    out = work / "archive.replay.wacz"
    result = run_cli("wacz", "--data", str(crawled.data), "--out", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    return crawled, out


@needs_replay_env
def test_wacz_validate_passes(packaged):
    _, out = packaged
    result = subprocess.run(
        [str(REPLAY_BIN / "wacz"), "validate", "-f", str(out)], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Validation succeeded" in result.stdout


def test_archive_holds_the_warc_files_byte_for_byte(packaged):
    crawled, out = packaged
    files = dict(rows(crawled.data, "SELECT name, sha256 FROM warc_files"))
    with zipfile.ZipFile(out) as zf:
        archived = {n.removeprefix("archive/"): zf.read(n) for n in zf.namelist() if n.startswith("archive/")}
        for name in archived:
            assert zf.getinfo(f"archive/{name}").compress_type == zipfile.ZIP_STORED
    assert set(archived) == set(files) and len(files) == 3
    for name, data in archived.items():
        assert hashlib.sha256(data).hexdigest() == files[name]


def test_datapackage_lists_every_file_with_its_hash(packaged):
    _, out = packaged
    with zipfile.ZipFile(out) as zf:
        package_bytes = zf.read("datapackage.json")
        package = json.loads(package_bytes)
        digest = json.loads(zf.read("datapackage-digest.json"))
        names = set(zf.namelist()) - {"datapackage.json", "datapackage-digest.json"}
        assert package["wacz_version"] == "1.1.1" and package["profile"] == "data-package"
        assert {r["path"] for r in package["resources"]} == names
        for resource in package["resources"]:
            data = zf.read(resource["path"])
            assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
            assert resource["bytes"] == len(data)
    assert digest == {
        "path": "datapackage.json",
        "hash": "sha256:" + hashlib.sha256(package_bytes).hexdigest(),
    }


def test_pages_list_every_article_with_its_title(packaged):
    crawled, out = packaged
    with zipfile.ZipFile(out) as zf:
        header, *pages = [json.loads(line) for line in zf.read("pages/pages.jsonl").decode().splitlines()]
    assert header["format"] == "json-pages-1.0" and header["id"] == "pages"
    articles = rows(
        crawled.data, "SELECT url, fetched_at FROM captures WHERE page_kind = 'article' AND status = 200"
    )
    assert len(articles) == 4  # two articles, each fetched by both crawls
    assert sorted((p["url"], p["ts"]) for p in pages) == sorted(articles)
    assert all(p["title"] for p in pages)
    assert ARTICLE_TITLE in {p["title"] for p in pages}


def test_index_blocks_cover_every_record_and_point_into_the_archive(packaged):
    crawled, out = packaged
    with zipfile.ZipFile(out) as zf:
        assert zf.getinfo("indexes/index.cdx.gz").compress_type == zipfile.ZIP_STORED
        blocks = zf.read("indexes/index.cdx.gz")
        meta, *idx = zf.read("indexes/index.idx").decode().splitlines()
        warcs = {n.removeprefix("archive/"): zf.read(n) for n in zf.namelist() if n.startswith("archive/")}
    assert meta.startswith("!meta 0 ") and json.loads(meta.split(" ", 2)[2])["format"] == "cdxj-gzip-1.0"
    lines = []
    for entry in idx:
        prefix, _, fields = entry.partition(" {")
        block = json.loads("{" + fields)
        text = gzip.decompress(blocks[block["offset"] : block["offset"] + block["length"]]).decode()
        assert text.startswith(prefix)
        lines.extend(text.splitlines())
    assert lines == sorted(lines)
    expected = rows(crawled.data, "SELECT warc_file, warc_offset FROM captures WHERE status = 200")
    seen = set()
    for line in lines:
        fields = json.loads(line.split(" ", 2)[2])
        seen.add((fields["filename"], int(fields["offset"])))
        member = warcs[fields["filename"]][
            int(fields["offset"]) : int(fields["offset"]) + int(fields["length"])
        ]
        assert gzip.decompress(member).startswith(b"WARC/1.1")
    assert set(expected) <= seen


@needs_replay_env
def test_pywb_opens_the_wacz(packaged, tmp_path):
    crawled, out = packaged
    manager = str(REPLAY_BIN / "wb-manager")
    subprocess.run([manager, "init", "shared"], cwd=tmp_path, check=True, capture_output=True, timeout=120)
    subprocess.run(
        [manager, "add", "--unpack-wacz", "shared", str(out)],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=300,
    )
    port = free_port()
    server = subprocess.Popen(
        [str(REPLAY_BIN / "wayback"), "--bind", "127.0.0.1", "--port", str(port)],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        [(fetched_at,)] = rows(
            crawled.data,
            "SELECT fetched_at FROM captures WHERE url = ? AND record_type = 'revisit'",
            (crawled.article_url,),
        )
        url = f"http://127.0.0.1:{port}/shared/{timestamp14(fetched_at)}id_/{crawled.article_url}"
        body = _fetch(url, server)
        assert body == (SITE / ARTICLE.lstrip("/")).read_bytes()  # a revisit, resolved inside the WACZ
    finally:
        server.terminate()
        server.wait(timeout=30)


def _fetch(url: str, server: subprocess.Popen, timeout: float = 60) -> bytes:
    deadline = time.monotonic() + timeout
    while True:
        assert server.poll() is None, "pywb exited"
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_selection_by_source_and_dates(packaged, tmp_path):
    crawled, _ = packaged
    same = run_cli(
        "wacz", "--data", str(crawled.data), "--out", str(tmp_path / "mau.wacz"), "--source", "mau"
    )
    assert same.returncode == 0, same.stderr
    with zipfile.ZipFile(tmp_path / "mau.wacz") as zf:
        assert len([n for n in zf.namelist() if n.startswith("archive/")]) == 3
    for args in (["--source", "nosuch"], ["--since", "2999-01-01"]):
        result = run_cli("wacz", "--data", str(crawled.data), "--out", str(tmp_path / "none.wacz"), *args)
        assert result.returncode == 1 and "nothing to package" in result.stderr
        assert not (tmp_path / "none.wacz").exists()
    bad = run_cli("wacz", "--data", str(crawled.data), "--out", str(tmp_path / "x.wacz"), "--since", "May")
    assert bad.returncode == 2


def test_scanned_records_of_the_package_are_all_good(packaged, tmp_path):
    _, out = packaged
    with zipfile.ZipFile(out) as zf:
        zf.extractall(tmp_path)
    for path in (tmp_path / "archive").iterdir():
        items = list(scan(path))
        assert items and all(isinstance(i, Scanned) and not i.problem for i in items)


@pytest.mark.parametrize("name", ["wacz", "import", "verify", "replay"])
def test_each_command_has_help_with_an_example(name):
    result = run_cli(name, "--help")
    assert result.returncode == 0 and "Example" in result.stdout
