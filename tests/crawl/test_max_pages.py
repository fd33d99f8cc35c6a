"""`crawl --max-pages N` archives at most N downloads (robots.txt, redirects and page requisites count):
closing the spider at N responses let the requests already scheduled run on (5 gave 20 captures)."""

from __future__ import annotations

from tests.helpers import run_cli
from tests.helpers.archive import rows
from tests.helpers.sites import fixture_site


def test_max_pages_limits_what_is_archived(tmp_path):
    with fixture_site(tmp_path) as sources:
        for limit in (3, 5):
            data = tmp_path / f"data-{limit}"
            result = run_cli(
                "crawl",
                "--sources",
                str(sources),
                "--data",
                str(data),
                "--max-pages",
                str(limit),
                "--set",
                "CONCURRENT_REQUESTS_PER_DOMAIN=8",
            )
            assert result.returncode == 0, result.stderr[-3000:]
            [(captures,)] = rows(data, "SELECT count(*) FROM captures")
            assert 1 <= captures <= limit, (limit, captures)
            [(stats,)] = rows(data, "SELECT stats FROM crawls")
            assert '"pagelimit/refused"' in stats or captures < limit
