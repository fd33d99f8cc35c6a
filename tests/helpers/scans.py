"""Comparing two readers' views of a WARC file: the fast scan against salvage's, item by item."""

from __future__ import annotations

from pathlib import Path

from archive.warc.fastscan import scan_records
from archive.warc.salvage import Scanned, scan

KEEP = ("warc-payload-digest", "warc-refers-to")


def comparable(items, arc_ids: bool = True) -> list[tuple]:
    out = []
    for item in items:
        if isinstance(item, Scanned):
            i = item.info
            headers = dict(i.headers)
            if item.is_arc and not arc_ids:
                headers.pop("warc-record-id", None)  # arc2warc makes a new one at each reading
            fields = (i.offset, i.length, i.rec_type, i.record_id, i.target_uri, i.date, headers, i.status)
            out.append(
                (
                    "record",
                    item.is_arc,
                    item.problem,
                    *fields,
                    i.http_headers,
                    i.payload_digest,
                    i.payload_length,
                    item.flaw,
                )
            )
        else:
            out.append(("stretch", item.offset, item.problem))
    return out


def slimmed(items) -> list[tuple]:
    out = []
    for row in comparable(items, arc_ids=False):
        if row[0] == "record":
            row = (*row[:9], {k: v for k, v in row[9].items() if k in KEEP}, row[10], [], *row[12:])
        out.append(row)
    return out


def assert_same(path: Path) -> None:
    assert comparable(scan_records(path), arc_ids=False) == comparable(scan(path), arc_ids=False)
    assert slimmed(scan_records(path, KEEP)) == slimmed(scan(path))
