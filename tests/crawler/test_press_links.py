"""Link following in the press spider, unit by unit: repeats skipped before a Request is built, and no parsed
tree left on a response that waits in the scraper while its article is extracted."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Request
from scrapy.statscollectors import MemoryStatsCollector

from spiders.press import PressSpider
from tests.helpers import project_settings, write_sources

HOME = "http://127.0.0.1:9/"


def _spider(tmp_path) -> PressSpider:
    sources = write_sources(tmp_path / "sources.toml", {"a": {"homepage": HOME, "delay": 0}})
    settings = project_settings()
    settings.set("NEWSARCHIVE_DATA", str(tmp_path / "data"))
    settings.set("NEWSARCHIVE_SOURCES", str(sources))
    crawler = Crawler(PressSpider, settings)
    spider = crawler._create_spider(source="a", sources_file=str(sources))
    crawler.stats = MemoryStatsCollector(crawler)  # as a crawl has them (set when it starts)
    return spider


def _page(url: str, hrefs: list[str]) -> HtmlResponse:
    body = "".join(f'<a href="{h}">{h}</a>' for h in hrefs)
    return HtmlResponse(
        url, body=f"<html><body>{body}</body></html>".encode(), encoding="utf-8", request=Request(url)
    )


def test_links_met_again_are_skipped_before_a_request_is_built(tmp_path):
    spider = _spider(tmp_path)
    source = spider.sources[0]
    first = _page(
        HOME + "chuyen-muc/thoi-su/", ["/bai-viet/a-1.html", "/bai-viet/b-2.html", "/bai-viet/a-1.html"]
    )
    second = _page(HOME + "chuyen-muc/the-gioi/", ["/bai-viet/a-1.html", "/bai-viet/c-3.html"])
    assert [r.url for r in spider._links(first, source)] == [
        HOME + "bai-viet/a-1.html",
        HOME + "bai-viet/b-2.html",
    ]
    assert [r.url for r in spider._links(second, source)] == [HOME + "bai-viet/c-3.html"]
    assert spider.crawler.stats.get_value("discovery/links_seen_before") == 1


def test_no_parsed_tree_is_left_on_the_response(tmp_path):
    """The response stays in Scrapy's scraper until its article is extracted; the lxml tree parsel caches on
    it for link extraction (a few MB for a real page) must not stay with it (it held ~130 MB in the bench)."""
    spider = _spider(tmp_path)
    page = _page(HOME + "bai-viet/a-1.html", [f"/bai-viet/x-{i}.html" for i in range(50)])
    assert len(list(spider._links(page, spider.sources[0]))) == 50
    assert page._cached_selector is None
    assert page.selector is page._cached_selector  # where parsel keeps its tree: what this test watches
    assert page._cached_selector is not None
