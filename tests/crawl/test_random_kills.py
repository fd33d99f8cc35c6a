"""SIGKILL at random moments, ten times on one data directory, then a run to the end: `verify` passes, every
article is catalogued, no `.open` file is left, and no article was sent in full more than twice (what a killed
run archived is recovered, not fetched again). The seed is printed; NEWSARCHIVE_KILL_SEED replays a sequence."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

from tests.helpers import ROOT, run_cli, write_sources
from tests.helpers.archive import rows
from tests.helpers.faultserver import FaultSite, article_path

ARTICLES = 60
KILLS = 10


def test_ten_random_kills_lose_nothing_and_fetch_nothing_three_times(tmp_path):
    seed = int(os.environ.get("NEWSARCHIVE_KILL_SEED") or time.time_ns() % 1_000_000)
    print(f"kill seed {seed}")
    rng = random.Random(seed)
    data = tmp_path / "data"
    with FaultSite(articles=ARTICLES, faults=False) as site:
        sources = write_sources(
            tmp_path / "s.toml", {"tin": {"homepage": site.base_url + "/", "delay": 0.25}}
        )
        args = [sys.executable, "-m", "crawler", "crawl", "--sources", str(sources), "--data", str(data)]
        killed = 0
        for _ in range(KILLS):
            proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                proc.wait(timeout=rng.uniform(0.5, 5.0))  # the interpreter and Scrapy take ~1.5 s to start
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                proc.wait(timeout=30)
                killed += 1
            time.sleep(0.2)
        final = run_cli("crawl", "--sources", str(sources), "--data", str(data), timeout=300)
        sent = {i: site.completed[article_path(i)] for i in range(ARTICLES)}
        base = site.base_url
    assert killed >= 8, f"seed {seed}: only {killed} runs were killed"
    assert final.returncode == 0, final.stderr[-3000:]
    verify = run_cli("verify", "--data", str(data))
    assert verify.returncode == 0, f"seed {seed}: " + verify.stdout[-3000:] + verify.stderr[-3000:]
    assert not list((data / "warc").glob("*.open"))
    articles = {url for (url,) in rows(data, "SELECT url FROM articles")}
    assert {base + article_path(i) for i in range(ARTICLES)} <= articles, f"seed {seed}"
    assert max(sent.values()) <= 2, f"seed {seed}: {sent}"
