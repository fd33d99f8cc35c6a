"""Incremental and resume components on their own: the downloader middleware against a real catalog file,
and the job directory kept, resumed or dropped."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest

from archive.catalog.db import Catalog
from crawler.extensions.resume import PAUSED, JobState, prepare_jobdir
from crawler.middlewares.incremental import IncrementalMiddleware
from tests.helpers import project_crawler, project_settings

URL = "https://baochinhphu.vn/tin/chinh-phu-hop-100001.htm"


def catalog_with(path: Path, fetched_at: str) -> None:
    catalog = Catalog(path / "catalog.db")
    catalog.add_capture(
        {
            "crawl_id": 1,
            "source": "baochinhphu",
            "url": URL,
            "fetched_at": fetched_at,
            "status": 200,
            "record_type": "response",
            "warc_file": "a.warc.gz",
            "warc_offset": 0,
            "warc_length": 100,
            "warc_record_id": "<urn:uuid:original>",
            "payload_digest": "sha1:ORIGINAL",
            "etag": '"v1"',
            "last_modified": "Fri, 01 May 2026 08:00:00 GMT",
        }
    )
    catalog.close()


def middleware(tmp_path: Path, now: str) -> IncrementalMiddleware:
    crawler = project_crawler({"NEWSARCHIVE_DATA": str(tmp_path), "NEWSARCHIVE_NOW": now})
    return IncrementalMiddleware.from_crawler(crawler)


def test_new_urls_and_entry_points_pass(tmp_path):
    mw = middleware(tmp_path, "2026-05-01T12:00:00Z")
    assert mw.process_request(Request(URL)) is None  # no catalog yet
    catalog_with(tmp_path, "2026-05-01T08:10:00Z")
    mw = middleware(tmp_path, "2026-05-01T12:00:00Z")
    assert mw.process_request(Request(URL, meta={"recheck": "always"})) is None
    assert mw.process_request(Request("https://baochinhphu.vn/other-2.htm")) is None


def test_held_page_is_skipped_until_a_recheck_is_due(tmp_path):
    catalog_with(tmp_path, "2026-05-01T08:10:00Z")
    published = {"discovery": {"published": "2026-05-01T08:00:00Z"}}
    with pytest.raises(IgnoreRequest):
        middleware(tmp_path, "2026-05-01T08:50:00Z").process_request(Request(URL, meta=dict(published)))
    request = Request(URL, meta=dict(published))
    assert middleware(tmp_path, "2026-05-01T09:30:00Z").process_request(request) is None  # the 1 h check
    assert request.headers[b"If-None-Match"] == b'"v1"'
    assert request.headers[b"If-Modified-Since"] == b"Fri, 01 May 2026 08:00:00 GMT"
    assert request.meta["previous_capture"] == {
        "url": URL,
        "warc_record_id": "<urn:uuid:original>",
        "warc_date": "2026-05-01T08:10:00Z",
        "payload_digest": "sha1:ORIGINAL",
        "warc_file": "a.warc.gz",
        "warc_offset": 0,
        "warc_length": 100,
    }
    # Missed checkpoints (no crawl ran for months) give one catch-up re-check ...
    assert (
        middleware(tmp_path, "2027-01-01T00:00:00Z").process_request(Request(URL, meta=dict(published)))
        is None
    )
    # ... and a page last fetched after its 7-day checkpoint is never fetched again.
    old = tmp_path / "old"
    old.mkdir()
    catalog_with(old, "2026-05-08T09:00:00Z")
    with pytest.raises(IgnoreRequest):
        middleware(old, "2027-01-01T00:00:00Z").process_request(Request(URL, meta=dict(published)))


def test_sitemap_lastmod_after_the_last_fetch_means_edited(tmp_path):
    catalog_with(tmp_path, "2026-05-01T08:10:00Z")
    meta = {"discovery": {"published": "2026-05-01T08:00:00Z", "lastmod": "2026-05-20T10:00:00+07:00"}}
    request = Request(URL, meta=meta)
    assert middleware(tmp_path, "2026-06-01T00:00:00Z").process_request(request) is None
    assert "previous_capture" in request.meta


def test_redirect_does_not_carry_the_original_validators(tmp_path):
    request = Request(
        "https://baochinhphu.vn/moved-100001.htm",
        headers={"If-None-Match": '"v1"'},
        meta={"previous_capture": {"url": URL}},
    )
    assert middleware(tmp_path, "2026-05-01T12:00:00Z").process_request(request) is None
    assert "previous_capture" not in request.meta and b"If-None-Match" not in request.headers


def test_jobdir_is_resumed_after_a_clean_stop_and_dropped_after_a_kill(tmp_path):
    def settings():
        return project_settings({"NEWSARCHIVE_DATA": str(tmp_path)})

    first = settings()
    jobdir = prepare_jobdir(first, ["nhandan", "baochinhphu"])
    assert jobdir == tmp_path / "state" / "jobs" / "baochinhphu-nhandan"
    assert first.get("JOBDIR") == str(jobdir)
    (jobdir / "requests.queue").mkdir()
    (jobdir / PAUSED).write_text("shutdown\n")  # what JobState leaves after SIGTERM
    prepare_jobdir(settings(), ["baochinhphu", "nhandan"])
    assert (jobdir / "requests.queue").exists() and not (jobdir / PAUSED).exists()  # resumed
    prepare_jobdir(settings(), ["baochinhphu", "nhandan"])  # no mark: the last run was killed
    assert jobdir.exists() and not (jobdir / "requests.queue").exists()
    long = prepare_jobdir(settings(), [f"source{i}" for i in range(30)])
    assert len(long.name) < 60


def test_job_state_clears_after_finish_and_marks_after_shutdown(tmp_path):
    for reason, kept in (("finished", False), ("shutdown", True), ("closespider_pagecount", True)):
        jobdir = tmp_path / reason
        jobdir.mkdir()
        state = JobState(jobdir)
        state.spider_closed(None, reason)
        state.engine_stopped()
        assert jobdir.exists() is kept
        assert (jobdir / PAUSED).exists() is kept


def test_sitemaps_and_feeds_get_conditional_gets(tmp_path):
    catalog_with(tmp_path, "2026-05-01T08:10:00Z")
    request = Request(URL, meta={"recheck": "always", "page_kind": "sitemap"})
    assert middleware(tmp_path, "2026-05-01T12:00:00Z").process_request(request) is None
    assert request.headers[b"If-None-Match"] == b'"v1"' and 304 in request.meta["handle_httpstatus_list"]
    assert request.meta["previous_capture"]["warc_file"] == "a.warc.gz"  # where the spider rereads it
    homepage = Request(URL, meta={"recheck": "always", "page_kind": "listing"})
    assert middleware(tmp_path, "2026-05-01T12:00:00Z").process_request(homepage) is None
    assert b"If-None-Match" not in homepage.headers  # pages whose links we follow: always in full
    again = Request(URL, meta={"recheck": "always", "page_kind": "feed", "unconditional": True})
    assert middleware(tmp_path, "2026-05-01T12:00:00Z").process_request(again) is None
    assert b"If-None-Match" not in again.headers


def test_stored_body_rereads_an_archived_response(tmp_path):
    import gzip

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from crawler.middlewares.incremental import stored_body

    (tmp_path / "warc").mkdir()
    path = tmp_path / "warc" / "a.warc.gz"
    body = gzip.compress(b"<urlset><url><loc>https://x/a-1</loc></url></urlset>")
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        http = StatusAndHeaders(
            "200 OK", [("Content-Type", "application/xml"), ("Content-Encoding", "gzip")], protocol="HTTP/1.1"
        )
        import io

        writer.write_record(
            writer.create_warc_record(URL, "response", payload=io.BytesIO(body), http_headers=http)
        )
    previous = {"warc_file": "a.warc.gz", "warc_offset": 0, "warc_length": path.stat().st_size}
    assert stored_body(tmp_path, previous) == (
        b"<urlset><url><loc>https://x/a-1</loc></url></urlset>",
        "application/xml",
    )
    assert stored_body(tmp_path, {**previous, "warc_length": 10}) is None
    assert stored_body(tmp_path, {}) is None


def test_spider_middleware_drops_archived_pages_before_they_are_queued(tmp_path):
    from crawler.middlewares.incremental import IncrementalFilter

    catalog_with(tmp_path, "2026-05-01T08:10:00Z")
    crawler = project_crawler({"NEWSARCHIVE_DATA": str(tmp_path), "NEWSARCHIVE_NOW": "2026-05-01T08:50:00Z"})
    spider_mw = IncrementalFilter.from_crawler(crawler)
    published = {"discovery": {"published": "2026-05-01T08:00:00Z"}}
    out = list(
        spider_mw.process_spider_output(
            None,
            [
                Request(URL, meta=dict(published)),
                Request("https://baochinhphu.vn/moi-100002.htm"),
                {"item": 1},
            ],
        )
    )
    assert [getattr(o, "url", o) for o in out] == ["https://baochinhphu.vn/moi-100002.htm", {"item": 1}]
    assert out[0].meta["incremental_checked"]  # the downloader middleware will not look it up again
    assert crawler.stats.get_value("incremental/skipped") == 1


def test_recent_set_remembers_the_last_keys_only():
    from crawler.frontier import RecentSet

    recent = RecentSet(3)
    assert [recent.seen(k) for k in "abcab"] == [False, False, False, True, True]
    assert recent.seen("d") is False  # "c" was the least recently seen: it goes
    assert len(recent) == 3
    assert recent.seen("c") is False and recent.seen("a") is False and recent.seen("b") is False


def test_a_changed_edit_marker_refetches_an_old_page_whatever_its_dates(tmp_path):
    """Issue 13: the sitemap's lastmod (or a feed item's updated) differs from the one recorded with the latest
    capture: fetch again, even when the page is past its last re-check and the new lastmod is not after that
    capture (a lagging CDN, a site clock behind, a naive time read in another zone)."""
    catalog = Catalog(tmp_path / "catalog.db")
    catalog.add_capture(
        {
            "crawl_id": 1,
            "source": "s",
            "url": URL,
            "fetched_at": "2026-05-10T08:10:00Z",
            "status": 200,
            "record_type": "response",
            "warc_file": "a.warc.gz",
            "warc_offset": 0,
            "warc_length": 100,
            "warc_record_id": "<urn:uuid:original>",
            "payload_digest": "sha1:ORIGINAL",
            "discovery": '{"lastmod": "2026-05-01T08:00:00+07:00"}',
            "discovery_lastmod": "2026-05-01T01:00:00Z",
        }
    )
    catalog.close()
    now = "2026-07-01T00:00:00Z"  # two months on: no re-check is due by age
    published = "2026-05-01T01:00:00Z"
    same = {"discovery": {"published": published, "lastmod": "2026-05-01T08:00:00+07:00"}}
    with pytest.raises(IgnoreRequest):
        middleware(tmp_path, now).process_request(Request(URL, meta=same))
    edited = {
        "discovery": {"published": published, "lastmod": "2026-05-09T10:00:00+07:00"}
    }  # before the capture
    request = Request(URL, meta=edited)
    assert middleware(tmp_path, now).process_request(request) is None
    assert request.meta["recheck_reason"] == "edited" and "previous_capture" in request.meta
    feed = {"discovery": {"published": published, "feed:updated": "2026-06-20T10:00:00+07:00"}}
    assert middleware(tmp_path, now).process_request(Request(URL, meta=feed)) is None


def test_edit_marker_is_one_comparable_value():
    from archive.discovery.edits import edit_marker

    assert edit_marker({"lastmod": "2026-05-01T08:00:00+07:00"}) == "2026-05-01T01:00:00Z"
    assert edit_marker({"feed:updated": "Fri, 01 May 2026 01:00:00 GMT"}) == "2026-05-01T01:00:00Z"
    assert edit_marker({"lastmod": "not a date"}) == "not a date"
    assert edit_marker({"published": "2026-05-01T01:00:00Z"}) is None
    assert edit_marker(None) is None
