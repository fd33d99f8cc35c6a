"""WARC files: building records, writing them to rotating files, reading them back (ours strictly, other tools'
with salvage, all of them fast), record lists and CDXJ indexes.

Public names: `RecordFactory`, `Exchange`, `payload_digest` (records); `WarcFileWriter`, `ClosedFile`,
`OPEN_SUFFIX` (writer); `iter_records`, `RecordInfo` (reader); `read_record` (onerecord); `scan` (salvage);
`scan_records` (fastscan); `RecordList` (recordlist); `write_index`, `read_index` (cdxj)."""

from __future__ import annotations

from archive.warc.cdxj import read_index, write_index
from archive.warc.fastscan import scan_records
from archive.warc.onerecord import read_record
from archive.warc.reader import RecordInfo, iter_records
from archive.warc.recordlist import RecordList
from archive.warc.records import Exchange, RecordFactory, payload_digest
from archive.warc.salvage import scan
from archive.warc.writer import OPEN_SUFFIX, ClosedFile, WarcFileWriter

__all__ = [
    "OPEN_SUFFIX",
    "ClosedFile",
    "Exchange",
    "RecordFactory",
    "RecordInfo",
    "RecordList",
    "WarcFileWriter",
    "iter_records",
    "payload_digest",
    "read_index",
    "read_record",
    "scan",
    "scan_records",
    "write_index",
]
