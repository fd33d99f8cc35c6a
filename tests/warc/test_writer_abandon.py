"""WarcFileWriter.abandon after a write failed (a full disk): the open file is cut back to its complete records
and left `.open` for the next run's recovery; a file without even its warcinfo is removed."""

from __future__ import annotations

from io import BytesIO

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.warc.reader import valid_prefix_length
from archive.warc.records import Exchange, RecordFactory
from archive.warc.writer import WarcFileWriter


class FailingWrites:
    """Let the first N bytes through, then fail every write with EFBIG, as RLIMIT_FSIZE does."""

    def __init__(self, writer: WarcFileWriter, allowed: int):
        self.allowed = allowed
        fh = writer._file._fh
        real = fh.write

        def write(data):
            if writer._file.size + len(data) > self.allowed:
                raise OSError(27, "File too large")
            return real(data)

        writer._file._fh = type("F", (), {"write": staticmethod(write), "flush": fh.flush, "close": fh.close,
                                          "name": fh.name, "fileno": fh.fileno})()  # fmt: skip


def test_a_failed_write_leaves_a_valid_prefix(tmp_path):
    records = RecordFactory()
    writer = WarcFileWriter(tmp_path, warcinfo=lambda name: records.warcinfo(name, {"software": "test"}))
    body = b"<html>" + b"x" * 50_000 + b"</html>"
    exchange = Exchange("http://127.0.0.1/a", 200, [("Content-Type", "text/html")], body)
    writer.write(records.response(exchange))
    good = writer._complete
    FailingWrites(writer, good + 300)
    with pytest.raises(OSError):
        writer.write(records.response(exchange), records.metadata("http://127.0.0.1/a", None, {"a": 1}))
    writer.abandon()
    [open_file] = list(tmp_path.glob("*.open"))
    assert open_file.stat().st_size == good == valid_prefix_length(open_file)
    types = [r.rec_type for r in ArchiveIterator(BytesIO(open_file.read_bytes()), check_digests=True)]
    assert types == ["warcinfo", "response"]


def test_a_file_without_its_warcinfo_is_removed(tmp_path):
    records = RecordFactory()
    writer = WarcFileWriter(tmp_path, warcinfo=lambda name: records.warcinfo(name, {"software": "test"}))
    writer.write(records.metadata("http://127.0.0.1/", None, {"a": 1}))
    writer._complete = 0  # as when the warcinfo itself failed
    writer.abandon()
    assert not list(tmp_path.glob("*"))
