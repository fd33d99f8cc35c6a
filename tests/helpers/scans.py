"""Comparing two readers' views of a WARC file, item by item: the fast scan against salvage's (verify, import),
and fastscan.read_records against warcio's iter_records (the index pass of reindex and merge)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive.warc.cdxj import LineCollector
from archive.warc.fastscan import read_records, scan_records
from archive.warc.onerecord import read_record
from archive.warc.reader import RecordDamage, iter_records, record_info
from archive.warc.recordlist import HEADERS, RecordList, StoredList
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


def kept_payloads(items) -> list[tuple]:
    return [(i.info.offset, i.info.payload) for i in items if isinstance(i, Scanned)]


def assert_same(path: Path) -> None:
    assert comparable(scan_records(path), arc_ids=False) == comparable(scan(path), arc_ids=False)
    assert slimmed(scan_records(path, KEEP)) == slimmed(scan(path))
    # import keeps metadata payloads (how a capture was found), as salvage.scan does
    assert kept_payloads(scan_records(path, keep_payload=("metadata",))) == kept_payloads(scan(path))
    assert_indexed_alike(path)
    assert_records_read_alike(path)


def indexed(items) -> list[tuple]:
    out = []
    for i in items:
        if isinstance(i, RecordDamage):
            out.append(("damage", i.offset, i.problem))
        else:
            fields = (i.offset, i.length, i.rec_type, i.record_id, i.target_uri, i.date, i.headers, i.status)
            out.append(("record", *fields, i.http_headers, i.payload_digest, i.payload_length, i.payload))
    return out


def assert_indexed_alike(path: Path) -> None:
    """read_records (fastscan, warcio from where it stops) gives what iter_records gives, and its collectors
    make the same CDXJ lines and the same record list."""
    fast_lines, fast_list = LineCollector(path.name), RecordList()
    fast = indexed(read_records(path, ("metadata",), (fast_lines, fast_list)))
    slow_lines, slow_list = LineCollector(path.name), RecordList()

    def seen(record, offset: int, length: int) -> None:
        slow_lines.add(record, offset, length)
        slow_list.add(record, offset, length)

    slow = indexed(iter_records(path, keep_payload=("metadata",), on_record=seen, declared_digests=True))
    assert fast == slow
    assert (fast_lines.complete, fast_lines.lines) == (slow_lines.complete, slow_lines.lines)
    packed = fast_list.packed()
    if slow_list.complete and packed is not None:  # both made one: the same
        assert packed == slow_list.packed()
    whole = not any(row[0] == "damage" for row in fast)  # reindex keeps a list only for a file read whole
    if packed is not None and whole:  # and any list it makes says what verify's walk would say
        size = path.stat().st_size
        items = StoredList("x", fast_list.count, packed).items(HEADERS, "x", size, fast_list.count)
        assert items is not None
        assert comparable(items) == comparable(scan_records(path, HEADERS, digests=False))


def _warcio_one(path: Path, offset: int, length: int):
    """What read_record gave before it parsed with fastscan: warcio over the framed bytes."""
    with open(path, "rb") as fh:
        fh.seek(offset)
        data = fh.read(length)
    record = next(iter(ArchiveIterator(BytesIO(data), check_digests=False, ensure_http_headers=False)))
    if record.format == "arc":  # ARC records as WARC records, as read_record reads them
        iterator = ArchiveIterator(
            BytesIO(data), check_digests=False, ensure_http_headers=False, arc2warc=True
        )
        record = next(iter(iterator))
    return record_info(record, keep_payload=True)


def assert_records_read_alike(path: Path) -> None:
    """read_record (one record at its offset: extraction, replay titles, the incremental check) reads each
    record of the file as warcio reads it."""
    for item in iter_records(path):
        if isinstance(item, RecordDamage) or item.length <= 0:
            continue
        got = read_record(path, item.offset, item.length)
        if got.problem:
            continue  # framing refused (a record over several members): not read, as before
        want = _warcio_one(path, item.offset, item.length)
        fields = (
            "rec_type",
            "record_id",
            "target_uri",
            "date",
            "headers",
            "status",
            "http_headers",
            "payload",
        )
        if ".arc" in path.name:
            fields = tuple(f for f in fields if f not in ("record_id", "headers"))  # arc2warc makes up an id
        assert [getattr(got.info, f) for f in fields] == [getattr(want, f) for f in fields], item.offset
