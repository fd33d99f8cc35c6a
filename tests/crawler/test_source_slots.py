"""Each source's download slot: the source's `delay` and `concurrency`, raised or replaced by a user's explicit
CONCURRENT_REQUESTS_PER_DOMAIN and DOWNLOAD_DELAY (a setting given on the command line is never ignored)."""

from __future__ import annotations

from scrapy.crawler import Crawler

from crawler.frontier import source_slot
from spiders.press import PressSpider
from tests.helpers import project_settings, write_sources


def _slots(tmp_path, entry: dict, overrides: dict | None = None) -> dict:
    sources = write_sources(tmp_path / "sources.toml", {"a": {"homepage": "http://127.0.0.1:9/", **entry}})
    settings = project_settings(
        {"NEWSARCHIVE_DATA": str(tmp_path / "data"), "NEWSARCHIVE_SOURCES": str(sources), **(overrides or {})}
    )
    crawler = Crawler(PressSpider, settings)
    spider = crawler._create_spider(source="a", sources_file=str(sources))
    return crawler.settings.getdict("DOWNLOAD_SLOTS")[source_slot(spider.sources[0])]


def test_the_source_sets_its_slot(tmp_path):
    assert _slots(tmp_path, {"delay": 0.5}) == {"concurrency": 1, "delay": 0.5}
    assert _slots(tmp_path, {"delay": 0, "concurrency": 4}) == {"concurrency": 4, "delay": 0.0}


def test_an_explicit_per_domain_concurrency_raises_every_source(tmp_path):
    slot = _slots(tmp_path, {"delay": 0}, {"CONCURRENT_REQUESTS_PER_DOMAIN": 16})
    assert slot["concurrency"] == 16
    # never lowers what the source asks for
    assert _slots(tmp_path, {"concurrency": 8}, {"CONCURRENT_REQUESTS_PER_DOMAIN": 2})["concurrency"] == 8


def test_an_explicit_download_delay_replaces_the_sources(tmp_path):
    assert _slots(tmp_path, {"delay": 2.0}, {"DOWNLOAD_DELAY": 0})["delay"] == 0.0
    # the project's own default (settings.py) does not
    assert _slots(tmp_path, {"delay": 2.0})["delay"] == 2.0
