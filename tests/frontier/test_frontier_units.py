"""The shared crawl's Redis parts one by one, against a real redis-server: leases, who seeds, dead workers'
requests, the idle test, politeness turns, and the incremental entry of a URL."""

from __future__ import annotations

import asyncio
import time
from types import SimpleNamespace

import pytest
from scrapy import Request, Spider

from crawler.frontier_redis.connection import FrontierError, FrontierKeys, check_url, connect, worker_name
from crawler.frontier_redis.crawlstate import CrawlState
from crawler.frontier_redis.known import entry_after, original_from
from crawler.frontier_redis.politeness import PolitenessGate
from crawler.frontier_redis.queue import LeasedQueue, requeue_all
from crawler.meta import FRONTIER_LEASE


class _Spider(Spider):
    name = "press"

    def parse(self, response):
        return None


def _queue(server, keys, worker="w1"):
    return LeasedQueue(server, _Spider(), keys.queue, keys.inflight(worker), keys.seq, keys.stats)


def test_a_popped_request_is_leased_until_acked(redis_server):
    server, keys = redis_server.client(), FrontierKeys.for_sources(["a"])
    queue = _queue(server, keys)
    spider = queue.spider
    for n, priority in ((1, 0), (2, 10), (3, 0)):
        queue.push(Request(f"http://127.0.0.1/{n}", callback=spider.parse, priority=priority))
    first = queue.pop()
    assert first.url.endswith("/2") and first.meta[FRONTIER_LEASE] > 0  # priority first, as scrapy-redis
    assert len(queue) == 2 and queue.held() == 1
    assert queue.ack(first.meta[FRONTIER_LEASE]) and not queue.ack(first.meta[FRONTIER_LEASE])
    assert server.hget(keys.stats, "done") == b"1"  # counted once
    second = queue.pop()
    retry = second.replace(dont_filter=True)  # a retry or redirect carries the meta, lease included
    queue.hand_over(retry, second.meta[FRONTIER_LEASE])
    assert queue.held() == 0 and len(queue) == 2
    # the handed-over request gets a lease of its own when it is taken again
    leases = {queue.pop().meta[FRONTIER_LEASE] for _ in range(2)}
    assert second.meta[FRONTIER_LEASE] not in leases and queue.held() == 2
    assert requeue_all(server, keys.queue, keys.inflight("w1"), keys.stats) == 2
    assert len(queue) == 2 and queue.held() == 0


def test_one_worker_seeds_and_a_silent_one_gives_its_requests_back(redis_server):
    server, keys = redis_server.client(), FrontierKeys.for_sources(["a"])
    source = SimpleNamespace(name="a", homepage="http://127.0.0.1:1/")
    one, two = CrawlState(server, keys, "one", lease=0.5), CrawlState(server, keys, "two", lease=0.5)
    one.register()
    two.register()
    assert one.claim_seed([source], "{}") and not two.claim_seed([source], "{}")
    assert one.idle()
    queue = _queue(server, keys, "two")
    queue.push(Request("http://127.0.0.1/x", callback=queue.spider.parse))
    assert queue.pop() is not None and not one.idle()  # held by two
    time.sleep(0.7)  # two stops beating
    assert one.heartbeat({"fetched": 1}) == [("two", 1)]
    assert len(queue) == 1 and queue.held() == 0
    assert not one.idle()  # queued again
    queue.pop()  # taken by "two"'s name, never acked: but two is gone from the workers
    server.delete(keys.inflight("two"))
    assert one.idle()
    one.leave(finished=True)
    assert not server.exists(keys.queue, keys.seeded, keys.seen)  # the last one out clears the crawl
    assert server.hget(keys.stats, "requeued") == b"1"  # kept for `status`
    assert one.claim_seed([source], "{}")  # a new crawl starts from the entry points again


def test_politeness_turns_hold_across_workers(redis_server):
    server = redis_server.client()

    def gate(name):
        crawler = SimpleNamespace(
            engine=SimpleNamespace(downloader=SimpleNamespace(slots={})),
            settings=SimpleNamespace(getfloat=lambda key: 0.2),
        )
        return PolitenessGate(server, crawler, name, hold=30, on_error=pytest.fail)

    gates = [gate("w1"), gate("w2"), gate("w3")]
    granted = []

    async def fetch(g):
        taken = await g.take(Request("http://127.0.0.1/", meta={"download_slot": "source:t"}))
        granted.append(time.monotonic())
        g.release(taken)

    async def main():
        await asyncio.gather(*(fetch(g) for g in gates for _ in range(3)))

    asyncio.run(main())
    granted.sort()
    gaps = [b - a for a, b in zip(granted, granted[1:], strict=False)]
    assert len(granted) == 9 and min(gaps) >= 0.19, gaps


def test_the_entry_of_a_url_follows_its_captures():
    page = {
        "url": "http://x/a",
        "status": 200,
        "record_type": "response",
        "fetched_at": "2026-05-01T00:00:00Z",
        "warc_record_id": "<urn:uuid:1>",
        "payload_digest": "sha1:AAA",
        "etag": '"e"',
        "last_modified": None,
        "warc_file": "f.warc.gz",
        "warc_offset": 0,
        "warc_length": 10,
        "discovery_lastmod": "2026-04-30",
        "discovery": '{"published": "2026-04-30T10:00:00Z"}',
    }
    entry = entry_after(None, page)
    assert entry["first"] == entry["last"] == page["fetched_at"] and entry["marker"] == "2026-04-30"
    assert entry["published"] == "2026-04-30T10:00:00Z" and entry["previous"]["etag"] == '"e"'
    assert original_from(entry, "sha1:AAA")["warc_record_id"] == "<urn:uuid:1>"
    assert original_from(entry, "sha1:BBB") is None
    refused = {**page, "status": 503, "fetched_at": "2026-05-02T00:00:00Z"}
    assert entry_after(entry, refused) is None  # tried again next time: not held
    revisit = {**page, "record_type": "revisit", "status": 200, "fetched_at": "2026-05-03T00:00:00Z"}
    later = entry_after(entry, revisit)
    assert later["last"] == revisit["fetched_at"] and later["previous"] == entry["previous"]


def test_urls_and_names():
    assert check_url("redis://10.0.0.5:6379/0")
    for bad in ("http://x/", "redis:///0", "redis://h:1/db"):
        with pytest.raises(FrontierError):
            check_url(bad)
    with pytest.raises(FrontierError, match="redis://127.0.0.1:9/0"):
        connect("redis://127.0.0.1:9/0", timeout=1)
    assert worker_name("a b/c") == "a-b-c" and worker_name("")
    assert len(FrontierKeys.for_sources([f"source{n}" for n in range(40)]).crawl) < 120
