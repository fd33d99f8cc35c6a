"""What every worker of a shared crawl knows of each URL: the incremental rules' state, kept in Redis for a
while.

One string key per URL (`newsarchive:known:` + a 16-byte BLAKE2b digest of the URL) holds, as a compact JSON
array, its answered span (first and last fetch), the edit marker discovery gave with its latest capture, the
date discovery said it was published, and its latest 200 response (record id, date, payload digest, ETag,
Last-Modified, WARC file and offset): what crawler.middlewares.incremental asks of the catalog (is it
archived? is a re-check due? conditional GET headers) and what the recorder needs for an identical-payload
revisit. It outlives crawls, so the next shared crawl is incremental too, but only for
NEWSARCHIVE_FRONTIER_KNOWN_FOR after the URL's last fetch (each fetch starts the time again; Redis drops the
key then, so its memory stays bounded by the URLs fetched within that time).

When Redis has no entry for a URL (never fetched, or its entry expired), the worker's own catalog answers
(what this worker, or an earlier one-process crawl into its data directory, archived); when that does not
know the URL either, it is fetched as a new one. An expired entry can so only make a worker fetch more (an
unconditional GET of a page archived before, written as a full response), never skip a page it should fetch,
and nothing archived is touched: the WARC files and catalogs keep every capture.

Settings: NEWSARCHIVE_FRONTIER_KNOWN_FOR."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from datetime import UTC, datetime

from archive.dates import parse_iso
from crawler.frontier_redis.connection import REDIS_ERRORS, FrontierKeys
from crawler.middlewares.incremental import CatalogLookup, Known

__all__ = [
    "SharedLookup",
    "entry_after",
    "original_from",
    "pack_entry",
    "retention_of",
    "unpack_entry",
    "url_key",
]

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


def retention_of(setting) -> float:
    """NEWSARCHIVE_FRONTIER_KNOWN_FOR (`14d`, `36h`, `90s`; 0 or empty: for ever) in seconds."""
    from crawler.middlewares.incremental import parse_durations

    text = str(setting if setting is not None else "").strip()
    if text in ("", "0"):
        return 0.0
    return sum(d.total_seconds() for d in parse_durations(text))


def url_key(url: str) -> bytes:
    """The Redis key of URL's entry: the prefix and 16 bytes of BLAKE2b (a collision is as likely as none)."""
    return (
        FrontierKeys.known_prefix().encode() + hashlib.blake2b(url.encode("utf-8"), digest_size=16).digest()
    )


# -- the compact encoding: [1, first, last, marker, published, previous]; previous is None or
#    [record id, payload digest, WARC file, offset, length, WARC date, ETag, Last-Modified]. The URL is the
#    key's. A date in UTC is an integer (seconds, or microseconds when it has a fraction) when it reads back
#    identical, else its text; `first` and the WARC date are null when they equal `last` (the usual case);
#    the marker is 1 when it equals `published` (a sitemap's lastmod and publication date often do); a
#    record id <urn:uuid:...> is its 32 hex digits; a sha1: digest loses its label.
_FORMAT = 1
_UUID = re.compile(r"<urn:uuid:([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})>")
_HEX = re.compile(r"[0-9a-f]{32}")
_ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROS = 10**12  # a packed date below this is in seconds (the text had no fraction), else in microseconds


def _pack_date(value):
    """An ISO date in UTC as an integer: seconds (no fraction) or microseconds; anything else as it is."""
    found = _ISO.fullmatch(value) if isinstance(value, str) else None
    if found:
        when = datetime.strptime(value[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
        delta = when - _EPOCH
        seconds = delta.days * 86400 + delta.seconds
        packed = seconds * 1_000_000 + int(found.group(1)[1:]) if found.group(1) else seconds
        if 0 <= seconds < _MICROS and _unpack_date(packed) == value:
            return packed
    return value


def _unpack_date(value):
    if isinstance(value, int) and not isinstance(value, bool):
        if value < _MICROS:
            return datetime.fromtimestamp(value, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        seconds, micros = divmod(value, 1_000_000)
        when = datetime.fromtimestamp(seconds, UTC).replace(microsecond=micros)
        return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def _pack_digest(value):
    """sha1:BASE32 (what the recorder writes) without its label; any other digest keeps its label."""
    return value[5:] if isinstance(value, str) and value.startswith("sha1:") else value


def _unpack_digest(value):
    return f"sha1:{value}" if isinstance(value, str) and ":" not in value else value


def _pack_record_id(value):
    found = _UUID.fullmatch(value) if isinstance(value, str) else None
    return "".join(found.groups()) if found else value


def _unpack_record_id(value):
    if isinstance(value, str) and _HEX.fullmatch(value):
        return f"<urn:uuid:{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}>"
    return value


def pack_entry(entry: dict) -> bytes:
    """ENTRY (entry_after's dict) as the bytes stored in Redis."""
    last = entry.get("last")
    previous = entry.get("previous")
    packed_previous = None
    if previous:
        date = previous.get("warc_date")
        packed_previous = [
            _pack_record_id(previous.get("warc_record_id")),
            _pack_digest(previous.get("payload_digest")),
            previous.get("warc_file"),
            previous.get("warc_offset"),
            previous.get("warc_length"),
            None if date == last else _pack_date(date),
            previous.get("etag"),
            previous.get("last_modified"),
        ]
        # no ETag, no Last-Modified (most pages): nothing stored for them
        while packed_previous and packed_previous[-1] is None:
            packed_previous.pop()
    first, marker, published = entry.get("first"), entry.get("marker"), entry.get("published")
    packed = [
        _FORMAT,
        None if first == last else _pack_date(first),
        _pack_date(last),
        1 if marker is not None and marker == published else marker,
        _pack_date(published),
        packed_previous,
    ]
    return json.dumps(packed, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def unpack_entry(raw: bytes, url: str) -> dict | None:
    """The entry pack_entry stored for URL (None for a format this code does not read)."""
    packed = json.loads(raw)
    if not isinstance(packed, list) or not packed or packed[0] != _FORMAT:
        return None
    _, first, last, marker, published, previous = (packed + [None] * 6)[:6]
    last = _unpack_date(last)
    entry = {"first": _unpack_date(first) if first is not None else last, "last": last, "marker": marker}
    if published is not None:
        entry["published"] = _unpack_date(published)
    if marker == 1:
        entry["marker"] = entry.get("published")
    if previous:
        previous = previous + [None] * (8 - len(previous))
        entry["previous"] = {
            "url": url,
            "warc_record_id": _unpack_record_id(previous[0]),
            "payload_digest": _unpack_digest(previous[1]),
            "warc_file": previous[2],
            "warc_offset": previous[3],
            "warc_length": previous[4],
            "warc_date": _unpack_date(previous[5]) if previous[5] is not None else last,
            "etag": previous[6],
            "last_modified": previous[7],
        }
    return entry


class SharedLookup:
    """CatalogLookup's `known(url)` answered from Redis first, then from this worker's catalog. Entries are
    kept for RETENTION seconds after a URL's last fetch (0: for ever)."""

    def __init__(self, server, local: CatalogLookup | None, on_error, retention: float = 0):
        self.server = server
        self.local = local
        self.on_error = on_error  # called with the exception when Redis fails (the worker stops)
        self.retention = int(retention) if retention and retention > 0 else 0
        self.legacy = FrontierKeys.known()  # the hash earlier versions kept (never expiring), read if present
        try:
            self._legacy = bool(server.exists(self.legacy))
        except REDIS_ERRORS as exc:
            self._legacy = False
            on_error(exc)

    def entry(self, url: str) -> dict | None:
        try:
            raw = self.server.get(url_key(url))
            if raw is None and self._legacy:
                old = self.server.hget(self.legacy, url)
                return json.loads(old) if old else None
        except REDIS_ERRORS as exc:
            self.on_error(exc)
            return None
        return unpack_entry(raw, url) if raw else None

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
        """Fold a capture this worker just recorded into the URL's entry (and keep it RETENTION from now)."""
        url = capture.get("url")
        try:
            updated = entry_after(self.entry(url), capture)
            if updated is not None:
                self.server.set(url_key(url), pack_entry(updated), ex=self.retention or None)
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
