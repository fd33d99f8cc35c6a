"""What every worker of a shared crawl knows of each URL: the incremental rules' state, kept in Redis.

One hash (`newsarchive:known`) maps each URL to its answered span (first and last fetch), the edit marker
discovery gave with its latest capture, the date discovery said it was published, and its latest 200
response (record id, date, payload digest, ETag, Last-Modified, WARC file and offset): what
crawler.middlewares.incremental asks of the catalog (is it archived? is a re-check due? conditional GET
headers) and what the recorder needs for an identical-payload revisit. It outlives crawls, so the next
shared crawl is incremental too; a worker whose own catalog knows a URL that Redis does not (an earlier
one-process crawl into the same directory) still uses its catalog."""

from __future__ import annotations

import json
import logging

from archive.dates import parse_iso
from crawler.frontier_redis.connection import REDIS_ERRORS
from crawler.middlewares.incremental import CatalogLookup, Known

__all__ = ["SharedLookup", "entry_after", "original_from"]

log = logging.getLogger(__name__)

_PREVIOUS = ("url", "warc_record_id", "payload_digest", "warc_file", "warc_offset", "warc_length")


def _answered(status: int | None) -> bool:
    """As archive.catalog.lookups.answered_span: a page, a redirect, or gone for good (404, 410)."""
    return status is not None and (status < 400 or status in (404, 410))


def entry_after(entry: dict | None, capture: dict) -> dict | None:
    """The URL's entry once CAPTURE (a catalog capture row) is recorded; None when nothing changes."""
    entry = dict(entry or {})
    status, fetched_at = capture.get("status"), capture.get("fetched_at")
    if not _answered(status):
        return None
    entry["first"] = min(entry.get("first") or fetched_at, fetched_at)
    if fetched_at >= (entry.get("last") or ""):
        entry["last"] = fetched_at
        entry["marker"] = capture.get("discovery_lastmod")
    discovery = json.loads(capture.get("discovery") or "{}")
    if discovery.get("published") and not entry.get("published"):
        entry["published"] = discovery["published"]
    if status == 200 and capture.get("record_type") == "response":
        previous = {key: capture.get(key) for key in _PREVIOUS}
        previous["warc_date"] = fetched_at
        previous["etag"], previous["last_modified"] = capture.get("etag"), capture.get("last_modified")
        if fetched_at >= ((entry.get("previous") or {}).get("warc_date") or ""):
            entry["previous"] = previous
    return entry


def original_from(entry: dict | None, digest: str) -> dict | None:
    """The latest 200 response in ENTRY when its payload digest is DIGEST (latest_response's shape)."""
    previous = (entry or {}).get("previous")
    if not previous or previous.get("payload_digest") != digest:
        return None
    return {k: v for k, v in previous.items() if k not in ("etag", "last_modified")}


class SharedLookup:
    """CatalogLookup's `known(url)` answered from Redis first, then from this worker's catalog."""

    def __init__(self, server, key: str, local: CatalogLookup | None, on_error):
        self.server = server
        self.key = key
        self.local = local
        self.on_error = on_error  # called with the exception when Redis fails (the worker stops)

    def entry(self, url: str) -> dict | None:
        try:
            raw = self.server.hget(self.key, url)
        except REDIS_ERRORS as exc:
            self.on_error(exc)
            return None
        return json.loads(raw) if raw else None

    def known(self, url: str) -> Known | None:
        entry = self.entry(url)
        if entry is None:
            return self.local.known(url) if self.local is not None else None
        previous = entry.get("previous")
        return Known(
            first_seen=parse_iso(entry["first"]),
            last_fetched=parse_iso(entry["last"]),
            published=_maybe_iso(entry.get("published")),
            previous={k: v for k, v in previous.items() if k not in ("etag", "last_modified")}
            if previous
            else None,
            etag=(previous or {}).get("etag"),
            last_modified=(previous or {}).get("last_modified"),
            edit_marker=entry.get("marker"),
        )

    def sitemap_unchanged(self, url: str, lastmod) -> bool:
        """A shared crawl reads every child sitemap: skipping one needs a finished crawl that read it whole,
        which no single worker's shard can vouch for."""
        return False

    def record(self, capture: dict) -> None:
        """Fold a capture this worker just recorded into the URL's entry."""
        url = capture.get("url")
        try:
            updated = entry_after(self.entry(url), capture)
            if updated is not None:
                self.server.hset(self.key, url, json.dumps(updated, separators=(",", ":")))
        except REDIS_ERRORS as exc:
            self.on_error(exc)

    def original(self, url: str, digest: str) -> dict | None:
        return original_from(self.entry(url), digest)

    def close(self) -> None:
        if self.local is not None:
            self.local.close()


def _maybe_iso(value):
    try:
        return parse_iso(value) if value else None
    except ValueError:
        return None
