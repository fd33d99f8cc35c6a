"""Failed fetches: the WARC `metadata` record the crawl writes for each (so that the WARC files describe their
failures too, and `reindex` rebuilds the `failures` table from them), and the catalog row made from it.

A failure record is a `metadata` record whose target is the URL that failed, with `application/warc-fields`
naming the crawl, the source, how the URL was found, and `failure` (the reason code) and `failure-detail`.
When a response was kept although cut short, the record refers to it (`WARC-Refers-To`)."""

from __future__ import annotations

from collections.abc import Mapping

from archive.warc.reader import RecordInfo
from archive.warc.records import parse_warc_fields

__all__ = ["FAILURE_COLUMNS", "REASONS", "failure_fields", "failure_row", "is_failure_record"]

# The reason codes, and what each means (docs/crawling.md lists them for users)
REASONS = {
    "timeout": "no answer, or the answer took longer than the download timeout",
    "connection_refused": "the server refused the connection",
    "connection_reset": "the connection was reset or closed before a response was complete",
    "dns": "the host name could not be resolved",
    "truncated": "the body was shorter than its Content-Length (kept, WARC-Truncated: disconnect)",
    "slow": "the body was still arriving near the timeout (kept as far as it came, WARC-Truncated: time)",
    "size_limit": "the response was larger than DOWNLOAD_MAXSIZE (a prefix kept, WARC-Truncated: length), "
    "or its decompressed body was",
    "invalid_response": "not HTTP (an invalid status line or headers), or a body its Content-Encoding cannot decode",
    "redirect_limit": "more redirects than REDIRECT_MAX_TIMES",
    "redirect_loop": "a redirect back to a URL already in the chain (a -> b -> a): the page cannot be had",
    "robots": "robots.txt does not allow the URL",
    "error": "any other error (the detail names it)",
}

FAILURE_COLUMNS = (
    "crawl_id",
    "source",
    "url",
    "failed_at",
    "reason",
    "detail",
    "via",
    "discovered_from",
    "page_kind",
    "refers_to",
    "warc_file",
    "warc_offset",
    "warc_record_id",
)

_MARK = b"failure: "


def failure_fields(
    *,
    crawl_id: int | None,
    source: str | None,
    via: str | None,
    discovered_from: str | None,
    page_kind: str | None,
    reason: str,
    detail: str,
) -> dict[str, object]:
    """The fields of a failure's metadata record, as the recorder writes them and `failure_row` reads them."""
    return {
        "crawl-id": crawl_id,
        "source": source,
        "via": via,
        "discovered-from": discovered_from,
        "page-kind": page_kind,
        "failure": reason,
        "failure-detail": detail,
    }


def is_failure_record(info: RecordInfo) -> bool:
    return info.rec_type == "metadata" and info.payload is not None and _MARK in info.payload


def failure_row(info: RecordInfo, warc_file: str, fields: Mapping[str, object] | None = None) -> dict | None:
    """The `failures` row of a failure metadata record (read back, or just written with its FIELDS)."""
    if fields is None:
        if not is_failure_record(info):
            return None
        fields = parse_warc_fields(info.payload or b"")
    reason = _first(fields.get("failure"))
    if not reason:
        return None
    crawl = _first(fields.get("crawl-id"))
    date = info.date
    return {
        "crawl_id": int(crawl) if crawl.isdigit() else None,
        "source": _first(fields.get("source")) or None,
        "url": info.target_uri,
        "failed_at": date if date.endswith("Z") or not date else date + "Z",
        "reason": reason,
        "detail": _first(fields.get("failure-detail")) or None,
        "via": _first(fields.get("via")) or None,
        "discovered_from": _first(fields.get("discovered-from")) or None,
        "page_kind": _first(fields.get("page-kind")) or None,
        "refers_to": info.header("warc-refers-to") or None,
        "warc_file": warc_file,
        "warc_offset": info.offset,
        "warc_record_id": info.record_id,
    }


def _first(value) -> str:
    if isinstance(value, list):
        return str(value[0]) if value else ""
    return "" if value is None else str(value)
