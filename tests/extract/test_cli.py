"""`newsarchive extract`: one JSON object for one file, JSON Lines with "file" for several, clear errors."""

from __future__ import annotations

import gzip
import json

from click.testing import CliRunner

from crawler.cli import main
from tests.helpers import FIXTURES, run_cli, write_sources

PAGES = FIXTURES / "pages"
VNEXPRESS = PAGES / "vnexpress-figcaption.html"
BCP = PAGES / "baochinhphu-photocms.html"


def run(*args: str):
    return CliRunner().invoke(main, ["extract", *args], catch_exceptions=False)


def test_one_file_prints_one_json_object():
    result = run(str(VNEXPRESS), "--url", "https://vnexpress.net/x-4672302.html")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["url"] == "https://vnexpress.net/x-4672302.html"
    assert data["published"] == "2023-11-02T19:20:45+07:00"
    assert data["images"][0]["credit"] == "Hoàng Phong"
    for key in ("title", "author", "modified", "language", "sitename", "text", "canonical_url", "reason"):
        assert key in data


def test_several_files_print_json_lines_with_the_file(tmp_path):
    gz = tmp_path / "page.html.gz"
    gz.write_bytes(gzip.compress(BCP.read_bytes()))
    result = run(str(VNEXPRESS), str(gz))
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["file"] for line in lines] == [str(VNEXPRESS), str(gz)]
    assert lines[1]["title"].startswith("Thủ tướng Phạm Minh Chính")


def test_source_profile_applies(tmp_path):
    sources = write_sources(
        tmp_path / "sources.toml",
        {"bcp": {"homepage": "https://baochinhphu.vn/", "extract": {"drop": [".PhotoCMS_Caption"]}}},
    )
    result = run(str(BCP), "--source", "bcp", "--sources", str(sources))
    assert result.exit_code == 0, result.output
    assert [i["caption"] for i in json.loads(result.stdout)["images"]] == [None, None]


def test_bad_input_exits_1_with_one_line(tmp_path):
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0" + bytes(200))
    for path, words in ((tmp_path / "missing.html", "no such file"), (binary, "not an HTML page")):
        result = run(str(path))
        assert result.exit_code == 1
        assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_several_files_go_on_past_a_bad_one(tmp_path):
    result = run(str(tmp_path / "missing.html"), str(VNEXPRESS))
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1
    assert "missing.html: no such file" in result.stderr


def test_usage_errors_exit_2(tmp_path):
    sources = write_sources(tmp_path / "sources.toml", {"bcp": {"homepage": "https://baochinhphu.vn/"}})
    assert run().exit_code == 2
    assert run(str(VNEXPRESS), "--source", "nope", "--sources", str(sources)).exit_code == 2
    assert run(str(VNEXPRESS), str(BCP), "--url", "https://example.vn/a").exit_code == 2
    assert run(str(VNEXPRESS), "--url", "vnexpress.net/a-1.html").exit_code == 2


def test_the_console_command_runs_with_help():
    result = run_cli("extract", "--help")
    assert result.returncode == 0
    assert "Examples:" in result.stdout


def test_the_url_picks_its_source_profile(tmp_path):
    sources = write_sources(
        tmp_path / "sources.toml",
        {"bcp": {"homepage": "https://baochinhphu.vn/", "extract": {"drop": [".PhotoCMS_Caption"]}}},
    )
    mine = run(str(BCP), "--url", "https://baochinhphu.vn/a-102240309.htm", "--sources", str(sources))
    other = run(str(BCP), "--url", "https://example.org/a-102240309.htm", "--sources", str(sources))
    assert [i["caption"] for i in json.loads(mine.stdout)["images"]] == [None, None]
    assert json.loads(other.stdout)["images"][0]["caption"].startswith("Thủ tướng")
