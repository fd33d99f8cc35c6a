"""A full disk, as RLIMIT_FSIZE on the crawl process makes it (EFBIG, as ENOSPC would): the crawl stops with one
message that says what happened and what to do, no traceback; the WARC file keeps a valid prefix and the catalog
points only at complete records; the next run, with space, recovers and `verify` passes."""

from __future__ import annotations

import random
import resource
import sqlite3
import subprocess
import sys

from archive.warc.reader import valid_prefix_length
from tests.helpers import ROOT, run_cli, write_sources

ARTICLES = 60
LIMIT = 1_000_000  # bytes per file: the WARC file reaches it about half way through the site


def build_site(root):
    rng = random.Random(3)
    (root / "tin").mkdir(parents=True)
    paths = [f"/tin/bai-viet-so-{i}-ve-chuyen-doi-so-cap-xa.html" for i in range(ARTICLES)]
    links = "".join(f'<li><a href="{p}">Bài {i}</a></li>' for i, p in enumerate(paths))
    (root / "index.html").write_text(f"<html><body><ul>{links}</ul></body></html>", encoding="utf-8")
    text = (
        "Các xã đẩy mạnh chuyển đổi số để phục vụ người dân tốt hơn trong giải quyết thủ tục hành chính. " * 8
    )
    for i, path in enumerate(paths):
        noise = rng.randbytes(30_000).hex()  # incompressible: the WARC grows faster than the catalog
        (root / path.lstrip("/")).write_text(
            f"<html><head><title>Bài {i}</title></head><body><article><h1>Bài {i}</h1><p>{text}</p>"
            f"</article><!-- {noise} --></body></html>",
            encoding="utf-8",
        )
    return [p for p in paths]


def _limit_file_size():
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def test_a_full_disk_stops_the_crawl_with_one_message_and_the_next_run_recovers(tmp_path, site_factory):
    paths = build_site(tmp_path / "site")
    site = site_factory(tmp_path / "site")
    sources = write_sources(
        tmp_path / "sources.toml", {"full": {"homepage": site.base_url + "/", "delay": 0}}
    )
    data = tmp_path / "data"
    first = run_cli("crawl", "--sources", str(sources), "--data", str(data), "--max-pages", "3")
    assert first.returncode == 0, first.stderr[-3000:]  # an archive that exists, as on any full disk
    args = [sys.executable, "-m", "crawler", "crawl", "--sources", str(sources), "--data", str(data)]
    full = subprocess.run(
        args, cwd=ROOT, capture_output=True, text=True, timeout=300, preexec_fn=_limit_file_size, check=False
    )
    assert full.returncode == 1, full.stderr[-3000:]
    assert "Traceback" not in full.stderr, full.stderr[-5000:]
    last = full.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: stopped: writing") and "the disk is full" in last, last
    assert "newsarchive-" in last and "File too large" in last  # the WARC file fills first here
    assert "run the same command again" in last

    warc = data / "warc"
    for path in warc.glob("*.open"):  # cut back to its complete records
        assert valid_prefix_length(path) == path.stat().st_size
    conn = sqlite3.connect(data / "catalog.db")
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    for name, end in conn.execute(
        "SELECT warc_file, max(warc_offset + warc_length) FROM captures GROUP BY 1"
    ):
        stored = warc / name if (warc / name).exists() else warc / (name + ".open")
        assert end <= stored.stat().st_size, name
    partial = conn.execute("SELECT count(*) FROM captures WHERE page_kind = 'article'").fetchone()[0]
    conn.close()
    assert partial < ARTICLES

    again = run_cli("crawl", "--sources", str(sources), "--data", str(data))
    assert again.returncode == 0, again.stderr[-3000:]
    assert not list(warc.glob("*.open"))
    verify = run_cli("verify", "--data", str(data))
    assert verify.returncode == 0, verify.stdout[-3000:] + verify.stderr[-3000:]
    conn = sqlite3.connect(data / "catalog.db")
    articles = {url for (url,) in conn.execute("SELECT url FROM articles")}
    conn.close()
    assert {site.base_url + p for p in paths} <= articles
