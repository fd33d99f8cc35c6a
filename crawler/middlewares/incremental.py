"""Incremental runs: what the catalog already holds is not fetched again, except what is due a re-check.

Entry points (robots.txt, sitemaps, feeds, the homepage, listings when following links) carry
meta[RECHECK] = "always" and are fetched every run; page requisites carry "never" and are fetched once. Any other
page the catalog holds is re-checked on a schedule that thins out with its age, counted from its publication date
(from the sitemap or feed, else the catalog's article, else when it was first fetched): by default 1 h, 6 h, 1 day,
3 days and 7 days after it, then never. Whatever its age, a page is fetched again when discovery's edit marker (a
sitemap's `lastmod`, a feed item's `updated`) differs from the one recorded with its latest capture
(`captures.discovery_lastmod`), or, with none recorded, is later than that capture: late edits are what archivists
most want. A re-check is a conditional GET with the stored ETag and Last-Modified, and carries
meta[PREVIOUS_CAPTURE] so that the recorder writes a server-not-modified revisit for a 304.

Every lookup is one indexed query on the catalog (captures(url, fetched_at), articles(canonical_url)).

Settings: NEWSARCHIVE_INCREMENTAL, NEWSARCHIVE_RECHECK_AFTER, NEWSARCHIVE_NOW (a fixed clock, for tests and
as-of runs).
"""

from __future__ import annotations

import logging
import re
import sqlite3
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from archive.catalog.lookups import (
    answered_span,
    latest_marker,
    latest_response,
    published_of,
    sitemap_unchanged,
)
from archive.dates import parse_iso
from archive.discovery import parse_date
from archive.discovery.edits import EDIT_FIELDS, edit_marker
from archive.warc.payload import decode_body
from crawler.meta import DISCOVERY, INCREMENTAL_CHECKED, PAGE_KIND, PREVIOUS_CAPTURE, RECHECK, UNCONDITIONAL

__all__ = [
    "IncrementalMiddleware",
    "IncrementalFilter",
    "RecheckSchedule",
    "Known",
    "CatalogLookup",
    "parse_durations",
    "stored_body",
    "CONDITIONAL_KINDS",
]

log = logging.getLogger(__name__)

CONDITIONAL_KINDS = ("sitemap", "feed")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_durations(text: str) -> tuple[timedelta, ...]:
    """`1h,6h,1d,3d,7d` -> timedeltas, sorted. Raises ValueError naming the bad part."""
    out = []
    for part in (p.strip() for p in str(text).split(",")):
        if not part:
            continue
        m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([smhdw]?)", part.lower())
        if not m:
            raise ValueError(f"{part!r} is not a duration like 90s, 30m, 6h, 3d or 1w")
        out.append(timedelta(seconds=float(m.group(1)) * _UNITS[m.group(2) or "s"]))
    return tuple(sorted(out))


@dataclass(frozen=True)
class RecheckSchedule:
    """Re-check at each checkpoint after publication that has passed since the last fetch."""

    checkpoints: tuple[timedelta, ...]

    def due(
        self, published: datetime | None, first_seen: datetime, last_fetched: datetime, now: datetime
    ) -> bool:
        start = published if published is not None and published <= first_seen else first_seen
        return any(last_fetched < start + c <= now for c in self.checkpoints)


@dataclass(frozen=True)
class Known:
    """What the catalog knows of a URL."""

    first_seen: datetime
    last_fetched: datetime
    published: datetime | None
    previous: dict | None  # url, warc_record_id, warc_date, payload_digest of the latest 200 response
    etag: str | None
    last_modified: str | None
    edit_marker: str | None = None  # discovery's lastmod/updated recorded with the latest capture


class CatalogLookup:
    """Indexed, read-only lookups on DATA/catalog.db (the recorder keeps writing through its own connection)."""

    def __init__(self, path: Path):
        self.path = path
        self._conn: sqlite3.Connection | None = None

    def _connection(self) -> sqlite3.Connection | None:
        if self._conn is None and self.path.exists():
            self._conn = sqlite3.connect(
                f"file:{self.path}?mode=ro", uri=True, timeout=30, check_same_thread=False
            )
        return self._conn

    def sitemap_unchanged(self, url: str, lastmod: datetime) -> bool:
        conn = self._connection()
        if conn is None:
            return False
        try:
            return sitemap_unchanged(conn, url, lastmod)
        except sqlite3.Error as exc:  # an older schema: read it
            log.debug("sitemap lookup of %s failed: %s", url, exc)
            return False

    def known(self, url: str) -> Known | None:
        conn = self._connection()
        if conn is None:
            return None
        try:
            span = answered_span(conn, url)
            if span is None:
                return None
            latest = latest_response(conn, url)
            published = published_of(conn, url)
            marker = latest_marker(conn, url)
        except sqlite3.Error as exc:  # a catalog being migrated, or an older schema: fetch as if new
            log.debug("catalog lookup of %s failed: %s", url, exc)
            return None
        previous = None
        if latest is not None:
            previous = {k: v for k, v in latest.items() if k not in ("etag", "last_modified")}
        return Known(
            first_seen=parse_iso(span[0]),
            last_fetched=parse_iso(span[1]),
            published=_maybe_iso(published),
            previous=previous,
            etag=latest["etag"] if latest else None,
            last_modified=latest["last_modified"] if latest else None,
            edit_marker=marker,
        )

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class UnchangedSitemap(IgnoreRequest):
    """A child sitemap not read again: what it listed is in the catalog (the spider counts it as listing)."""


class IncrementalMiddleware:
    """Downloader middleware: skip what the catalog holds, turn due re-checks into conditional GETs.

    It sits first in the chain, so a skipped request costs no robots.txt lookup and no slot time, and it sees
    requests restored from a resumed job too."""

    def __init__(
        self,
        stats,
        lookup: CatalogLookup,
        schedule: RecheckSchedule,
        now: datetime | None,
        skip_unchanged_sitemaps: bool = True,
    ):
        self.stats = stats
        self.skip_unchanged_sitemaps = skip_unchanged_sitemaps
        self.lookup = lookup
        self.schedule = schedule
        self.fixed_now = now

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("NEWSARCHIVE_INCREMENTAL"):
            raise NotConfigured
        schedule = RecheckSchedule(parse_durations(settings.get("NEWSARCHIVE_RECHECK_AFTER")))
        now = settings.get("NEWSARCHIVE_NOW") or None
        lookup = CatalogLookup(Path(settings.get("NEWSARCHIVE_DATA")) / "catalog.db")
        from scrapy import signals

        middleware = cls(
            crawler.stats,
            lookup,
            schedule,
            parse_iso(now) if now else None,
            settings.getbool("NEWSARCHIVE_SKIP_UNCHANGED_SITEMAPS"),
        )
        crawler.signals.connect(lambda spider: lookup.close(), signal=signals.spider_closed, weak=False)
        return middleware

    def _skip_if_unchanged(self, request: Request) -> None:
        """A child sitemap its index says has not changed since it was last read whole is not read again
        (an index of years of daily sitemaps would otherwise cost thousands of requests every run)."""
        lastmod = _edited_at((request.meta.get(DISCOVERY) or {}).get("lastmod"))
        if lastmod is None:
            return
        if self.lookup.sitemap_unchanged(request.url, lastmod):
            self.stats.inc_value("incremental/sitemaps_unchanged")
            raise UnchangedSitemap(f"unchanged since it was last read (lastmod {lastmod.isoformat()})")

    def _conditional(self, request: Request) -> None:
        """Sitemaps and feeds are read every run, but a 304 spares the transfer (the spider rereads the
        archived copy)."""
        request.meta[INCREMENTAL_CHECKED] = True
        known = self.lookup.known(request.url)
        if known is None or not known.previous or not (known.etag or known.last_modified):
            return
        request.meta[PREVIOUS_CAPTURE] = known.previous
        request.meta["handle_httpstatus_list"] = [*request.meta.get("handle_httpstatus_list", []), 304]
        if known.etag:
            request.headers[b"If-None-Match"] = known.etag.encode("latin-1", "replace")
        if known.last_modified:
            request.headers[b"If-Modified-Since"] = known.last_modified.encode("latin-1", "replace")
        self.stats.inc_value("incremental/conditional_entry")

    def process_request(self, request: Request, spider=None) -> None:
        meta = request.meta
        previous = meta.get(PREVIOUS_CAPTURE)
        if previous:
            if previous.get("url") != request.url:  # a redirect carried the original's meta along
                meta.pop("previous_capture", None)
                request.headers.pop(b"If-None-Match", None)
                request.headers.pop(b"If-Modified-Since", None)
            return None
        if meta.get(INCREMENTAL_CHECKED):
            return None
        if meta.get(RECHECK) == "always":
            if meta.get(PAGE_KIND) == "sitemap" and self.skip_unchanged_sitemaps:
                self._skip_if_unchanged(request)
            if meta.get(PAGE_KIND) in CONDITIONAL_KINDS and not meta.get(UNCONDITIONAL):
                self._conditional(request)
            return None
        meta[INCREMENTAL_CHECKED] = True
        known = self.lookup.known(request.url)
        if known is None:
            self.stats.inc_value("incremental/new")
            return None
        if meta.get(RECHECK) == "never":  # page requisites: archived once is enough
            self.stats.inc_value("incremental/skipped")
            raise IgnoreRequest("already archived, never re-checked")
        now = self.fixed_now or datetime.now(UTC)
        discovery = meta.get(DISCOVERY) or {}
        published = _maybe_iso(discovery.get("published")) or known.published
        changed = _edited_since(discovery, known)
        if changed:
            self.stats.inc_value("incremental/edited")
            meta["recheck_reason"] = "edited"
        elif not self.schedule.due(published, known.first_seen, known.last_fetched, now):
            self.stats.inc_value("incremental/skipped")
            raise IgnoreRequest("already archived, no re-check due")
        self.stats.inc_value("incremental/rechecked")
        if known.previous:
            meta[PREVIOUS_CAPTURE] = known.previous
            if known.etag:
                request.headers[b"If-None-Match"] = known.etag.encode("latin-1", "replace")
            if known.last_modified:
                request.headers[b"If-Modified-Since"] = known.last_modified.encode("latin-1", "replace")
        return None


def _edited_since(discovery: dict, known: Known) -> bool:
    """Discovery says the page changed since its latest capture: its edit marker differs from the one recorded
    then, or (none recorded: found by links, or a catalog from before) is later than that capture."""
    marker = edit_marker(discovery)
    if marker is None:
        return False
    if known.edit_marker is not None:
        return marker != known.edit_marker
    edited = [_edited_at(discovery.get(key)) for key in EDIT_FIELDS if discovery.get(key)]
    return any(when is not None and when > known.last_fetched for when in edited)


def _edited_at(raw: str | None) -> datetime | None:
    """A lastmod as a moment; a bare date means 'some time that day', so its end."""
    when = parse_date(raw)
    if when is not None and raw and re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", raw):
        when += timedelta(days=1)
    return when


def _maybe_iso(value) -> datetime | None:
    if not value:
        return None
    try:
        return parse_iso(str(value))
    except ValueError:
        return None


def stored_body(data_dir: str | Path, previous: dict) -> tuple[bytes, str] | None:
    """(body, content type) of an archived response, decoded from its Content-Encoding; None if unreadable."""
    from archive.warc.onerecord import read_record

    name, offset, length = previous.get("warc_file"), previous.get("warc_offset"), previous.get("warc_length")
    if not name or offset is None or not length:
        return None
    found = read_record(Path(data_dir) / "warc" / name, int(offset), int(length))
    info = found.info
    if found.problem or info.payload is None or info.status != 200:
        return None
    try:
        body = decode_body(info.payload, info.http_header("content-encoding"))
    except (ValueError, zlib.error, ImportError):
        return None
    return body, info.http_header("content-type")


class IncrementalFilter(BaseSpiderMiddleware):
    """Spider middleware: the same decision as IncrementalMiddleware, taken when the spider yields a request,
    so that a 50,000-URL sitemap does not fill the queue (and the JOBDIR on disk) with pages already archived.
    Requests that reach the downloader another way (resumed queues, engine.crawl) are still checked there."""

    def __init__(self, crawler, decider: IncrementalMiddleware):
        super().__init__(crawler)
        self.decider = decider

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, IncrementalMiddleware.from_crawler(crawler))  # NotConfigured when disabled

    def get_processed_request(self, request: Request, response) -> Request | None:
        try:
            self.decider.process_request(request)
        except IgnoreRequest:
            return None
        return request
