"""Each source keeps its own `delay` in a crawl of several sources, whatever AutoThrottle learns."""

from __future__ import annotations

from tests.helpers import SITES, run_cli, timed, write_sources


def test_two_sources_two_delays(tmp_path, site_factory):
    fast = site_factory(SITES / "press-all", host="127.0.0.1")
    slow = site_factory(SITES / "press-all", host="127.0.0.2")
    fast_hits, slow_hits = timed(fast), timed(slow)
    sources = write_sources(
        tmp_path / "sources.toml",
        {
            "fast": {"homepage": fast.base_url + "/", "delay": 0},
            "slow": {"homepage": slow.base_url + "/", "delay": 0.6},
        },
    )
    result = run_cli("crawl", "--sources", str(sources), "--data", str(tmp_path / "data"))
    assert result.returncode == 0, result.stderr[-3000:]
    slow_times = [t for t, path in slow_hits if path != "/robots.txt"]
    fast_times = [t for t, path in fast_hits if path != "/robots.txt"]
    assert len(slow_times) >= 5 and len(fast_times) >= 5
    slow_gaps = [b - a for a, b in zip(slow_times, slow_times[1:], strict=False)]
    fast_gaps = [b - a for a, b in zip(fast_times, fast_times[1:], strict=False)]
    assert min(slow_gaps) >= 0.55, slow_gaps  # the source's delay, even after fast answers
    assert min(fast_gaps) < 0.3, fast_gaps  # the other source is not held to it
