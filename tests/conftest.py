"""Shared fixtures: a sample site on loopback, a data directory, the CLI in a subprocess."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from samplesite.server import SampleSite

CRAWL_FIXTURES = {"crawled_archive", "archive_data"}


def pytest_collection_modifyitems(config, items):
    """Tests under tests/crawl/ and tests that use a crawled archive run real crawls: they are `slow`
    (`pytest -m "not slow"` for a quick run; `make test` runs everything)."""
    crawl_dir = Path(__file__).parent / "crawl"
    online = os.environ.get("NEWSARCHIVE_ONLINE") == "1"
    skip = pytest.mark.skip(reason="needs the internet (set NEWSARCHIVE_ONLINE=1)")
    for item in items:
        if crawl_dir in Path(str(item.fspath)).parents or CRAWL_FIXTURES & set(
            getattr(item, "fixturenames", ())
        ):
            item.add_marker(pytest.mark.slow)
        if "online" in item.keywords and not online:
            item.add_marker(skip)


@pytest.fixture
def site_factory():
    """Start SampleSite servers on loopback for a directory; all are stopped after the test."""
    started: list[SampleSite] = []

    def start(root: Path, host: str = "127.0.0.1") -> SampleSite:
        site = SampleSite(root, host=host).start()
        started.append(site)
        return site

    yield start
    for site in started:
        site.stop()


@pytest.fixture
def redis_server():
    """A real redis-server on a free loopback port, saving nothing; skipped (saying why) where there is none."""
    from tests.helpers.redis import RedisServer, redis_missing

    missing = redis_missing()
    if missing:
        pytest.skip(missing)
    server = RedisServer().start()
    yield server
    server.kill()


@pytest.fixture(scope="session")
def crawled_archive(tmp_path_factory):
    """tests.archive_fixture.crawl_twice, once per test session (the verify tests share it)."""
    from tests.helpers.archive import crawl_twice

    return crawl_twice(tmp_path_factory.mktemp("archive"))


@pytest.fixture
def archive_data(crawled_archive, tmp_path):
    """A copy of the session's crawled archive that a test may damage."""
    from tests.helpers.archive import copy_archive

    return copy_archive(crawled_archive, tmp_path / "data")
