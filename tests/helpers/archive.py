"""A small archive made the way users make one: crawls of a fixture site. The second fetches everything again
(unchanged pages become identical-payload revisits); the third is incremental (the sitemap's conditional GET
is answered 304: a server-not-modified revisit).

Shared by the replay, WACZ, import and verify tests; built once per test module, copied where a test harms it.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from samplesite.server import PRESS_SITE, SampleSite
from tests.helpers import FIXTURES, run_cli, write_sources

__all__ = [
    "SITE",
    "Crawled",
    "crawl_twice",
    "copy_archive",
    "rows",
    "verify_json",
    "flip_byte_in_capture",
    "warc_names",
    "crawl_press_rotated",
]

SITE = FIXTURES / "replay_site"
ARTICLE = "/tin-tuc/mua-lua-bat-dau-som-20260106.html"
ARTICLE_TITLE = "Mùa lúa bắt đầu sớm ở miền Tây"
ARTICLE_TEXT = "Nhiều hợp tác xã đã ký hợp đồng bao tiêu"


@dataclass
class Crawled:
    data: Path
    base_url: str

    @property
    def article_url(self) -> str:
        return self.base_url + ARTICLE


def crawl_twice(workdir: Path) -> Crawled:
    data = workdir / "data"
    workdir.mkdir(parents=True, exist_ok=True)
    with SampleSite(SITE) as site:
        sources = write_sources(
            workdir / "sources.toml",
            {"mau": {"homepage": site.base_url + "/", "delay": 0, "article_urls": [r"/tin-tuc/.+\.html$"]}},
        )
        for extra in ([], ["--set", "NEWSARCHIVE_INCREMENTAL=False"], []):
            result = run_cli("crawl", "--sources", str(sources), "--data", str(data), *extra)
            assert result.returncode == 0, result.stderr[-3000:]
        return Crawled(data, site.base_url)


def copy_archive(crawled: Crawled, target: Path) -> Path:
    shutil.copytree(crawled.data, target, ignore=shutil.ignore_patterns("lock", "*.lock", "replay"))
    return target


def rows(data: Path, sql: str, args: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(data / "catalog.db")
    try:
        out = conn.execute(sql, args).fetchall()
        conn.commit()  # for the tests that damage a catalog on purpose
        return out
    finally:
        conn.close()


def verify_json(data: Path, *extra: str) -> tuple[int, dict]:
    """`newsarchive verify --json` on DATA: (exit status, report)."""
    result = run_cli("verify", "--data", str(data), "--json", *extra)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return result.returncode, json.loads(result.stdout)


def warc_names(data: Path) -> list[str]:
    return [name for (name,) in rows(data, "SELECT name FROM warc_files ORDER BY name")]


def flip_byte_in_capture(data: Path, name: str, *, last: bool = False) -> int:
    """Flip one bit in the middle of a record of DATA/warc/NAME: the first article capture's, or with LAST the
    last capture's. Returns the record's offset."""
    where = "ORDER BY warc_offset DESC" if last else "AND page_kind = 'article' ORDER BY warc_offset"
    [(offset, length)] = rows(
        data, f"SELECT warc_offset, warc_length FROM captures WHERE warc_file = ? {where} LIMIT 1", (name,)
    )
    path = data / "warc" / name
    raw = bytearray(path.read_bytes())
    raw[offset + length // 2] ^= 0x01
    path.write_bytes(bytes(raw))
    return offset


def crawl_press_rotated(work: Path, max_size: int, runs: list[list[str]]) -> Path:
    """The bundled press site crawled once per entry of RUNS (its extra arguments) into WORK/data, WARC files
    rotated at MAX_SIZE bytes: an archive of many small files."""
    data = work / "data"
    with SampleSite(PRESS_SITE) as site:
        sources = write_sources(work / "s.toml", {"press": {"homepage": site.base_url + "/", "delay": 0}})
        for extra in runs:
            result = run_cli(
                "crawl",
                "--sources",
                str(sources),
                "--data",
                str(data),
                "--set",
                f"WARC_MAX_SIZE={max_size}",
                *extra,
            )
            assert result.returncode == 0, result.stderr[-3000:]
    return data
