"""ExtractionPipeline as a component: settings, skipped revisits, the HTML not carried onward, stats."""

from __future__ import annotations

import asyncio

import pytest
from scrapy.exceptions import NotConfigured

from crawler.items import ArticlePage
from crawler.pipelines.extraction import ExtractionPipeline
from tests.helpers import FIXTURES, project_crawler

PAGE = FIXTURES / "pages" / "baochinhphu-photocms.html"


class _Spider:
    sources = ()


def _pipeline(**settings) -> ExtractionPipeline:
    crawler = project_crawler({"EXTRACT_WORKERS": 1, **settings})
    crawler.spider = _Spider()
    crawler.stats.open_spider()
    return ExtractionPipeline.from_crawler(crawler)


def _item(body: bytes) -> ArticlePage:
    return ArticlePage(
        url="https://baochinhphu.vn/a-102240309.htm",
        source="baochinhphu",
        body=body,
        content_type="text/html; charset=utf-8",
        encoding="utf-8",
    )


def test_disabled_by_setting():
    with pytest.raises(NotConfigured):
        _pipeline(EXTRACT_ENABLED=False)


def test_workers_setting():
    assert _pipeline(EXTRACT_WORKERS=3).workers == 3


def test_extracts_in_the_pool_and_drops_the_html():
    pipeline = _pipeline()
    pipeline.open_spider()
    try:
        item = asyncio.run(pipeline.process_item(_item(PAGE.read_bytes())))
        bad = asyncio.run(pipeline.process_item(_item(b"\x89PNG\r\n not a page")))
        broken = asyncio.run(pipeline.process_item(_item(b"%PDF-1.4 broken")))
    finally:
        pipeline.close_spider()
    assert item.body == b"" and bad.body == b"" and broken.body == b""
    stats = pipeline.stats.get_stats()
    assert stats["extract/ok"] == 1
    assert stats["extract/images"] == 2
    assert stats["extract/dropped/not_html"] == 1
    assert stats["extract/dropped/broken_pdf"] == 1  # the reason's code, without its detail
    assert pipeline.pool is None  # shut down on close


def test_empty_bodies_are_skipped_without_a_pool():
    pipeline = _pipeline()
    item = asyncio.run(pipeline.process_item(_item(b"")))
    assert item.body == b""
    assert pipeline.stats.get_value("extract/skipped/empty") == 1
    assert pipeline.pool is None
    other = {"not": "an article page"}
    assert asyncio.run(pipeline.process_item(other)) is other
