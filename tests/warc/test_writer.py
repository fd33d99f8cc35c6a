"""Rotating WARC files: names, `.open` while writing, one gzip member per record, fixity on close."""

from __future__ import annotations

import hashlib
import random
import re
import zlib
from datetime import UTC, datetime

from archive.warc.onerecord import read_record
from archive.warc.reader import RecordDamage, iter_records, valid_prefix_length
from archive.warc.records import Exchange, RecordFactory
from archive.warc.writer import WarcFileWriter, warc_file_name

NAME = re.compile(r"^test-\d{17}-\d{5}-[A-Za-z0-9.-]+\.warc\.gz$")


def make_writer(tmp_path, max_size=10_000, closed=None):
    factory = RecordFactory()
    writer = WarcFileWriter(
        tmp_path,
        prefix="test",
        max_size=max_size,
        warcinfo=lambda name: factory.warcinfo(name, {"software": "test"}),
        on_close=(closed.append if closed is not None else lambda c: None),
        host="host.example",
    )
    return factory, writer


def pair(factory, i, size=3000):
    ex = Exchange(
        url=f"http://127.0.0.1/a{i}",
        status=200,
        response_headers=[("Content-Type", "text/plain")],
        body=random.Random(i).randbytes(size),  # incompressible, so files fill up and rotate
        date=datetime(2026, 1, 1, tzinfo=UTC),
    )
    response = factory.response(ex)
    return response, factory.request(ex, response.rec_headers.get_header("WARC-Record-ID"))


def test_file_name_follows_the_design():
    when = datetime(2026, 5, 9, 13, 30, 1, 234567, tzinfo=UTC)
    assert (
        warc_file_name("newsarchive", when, 7, "crawler 1")
        == "newsarchive-20260509133001234-00007-crawler-1.warc.gz"
    )


def test_rotation_open_suffix_and_fixity(tmp_path):
    closed = []
    factory, writer = make_writer(tmp_path, max_size=8_000, closed=closed)
    locations = []
    for i in range(10):
        locations.extend(writer.write(*pair(factory, i)))
        current = writer.current_name
        assert (tmp_path / (current + ".open")).exists() and not (tmp_path / current).exists()
    writer.close()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) >= 3 and all(NAME.match(f) for f in files)
    assert not list(tmp_path.glob("*.open"))
    assert [c.name for c in closed] == sorted(c.name for c in closed) == files
    serials = [int(f.split("-")[2]) for f in files]
    assert serials == list(range(len(files)))
    for c in closed:
        data = (tmp_path / c.name).read_bytes()
        assert c.size == len(data) and c.sha256 == hashlib.sha256(data).hexdigest()
        records = [r for r in iter_records(tmp_path / c.name)]
        assert records[0].rec_type == "warcinfo" and records[0].headers["warc-filename"] == c.name
        assert c.records == len(records)
    # a request/response pair never straddles two files
    for response, request in zip(locations[::2], locations[1::2], strict=True):
        assert response.file == request.file


def test_each_record_is_one_gzip_member_at_its_location(tmp_path):
    factory, writer = make_writer(tmp_path, max_size=10**9)
    response, request = pair(factory, 1)
    loc_response, loc_request = writer.write(response, request)
    writer.close()
    path = tmp_path / loc_response.file
    raw = path.read_bytes()
    for loc in (loc_response, loc_request):
        member = raw[loc.offset : loc.offset + loc.length]
        decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
        decomp.decompress(member)
        assert decomp.eof and not decomp.unused_data
    got = read_record(path, loc_response.offset, loc_response.length)
    assert not got.problem and got.info.target_uri == "http://127.0.0.1/a1"
    assert read_record(path, loc_response.offset, loc_response.length + 5).problem
    assert read_record(path, loc_response.offset + 1, loc_response.length).problem


def test_a_torn_last_record_leaves_a_readable_prefix(tmp_path):
    factory, writer = make_writer(tmp_path, max_size=10**9)
    for i in range(3):
        writer.write(*pair(factory, i))
    name = writer.current_name
    writer._file.close(sync=False)  # simulate a crash: the file stays `.open`
    path = tmp_path / (name + ".open")
    whole = path.stat().st_size
    with open(path, "ab") as fh:
        fh.write(
            zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16).compress(b"WARC/1.1\r\n" * 500)[:300]
        )
    assert valid_prefix_length(path) == whole
    items = list(iter_records(path))
    good = [i for i in items if not isinstance(i, RecordDamage)]
    assert len(good) == 7  # warcinfo + 3 pairs


def test_html_records_are_deflated_by_zlib_ng_as_plain_gzip_members(tmp_path):
    """The writer deflates with zlib-ng (half zlib's CPU at the same level, sixth session's benchmark): the
    members are ordinary gzip, which Python's own zlib, gzip and warcio inflate, and as small as zlib's."""
    from zlib_ng import zlib_ng

    from archive.warc import writer as writer_module

    assert writer_module.deflate is zlib_ng
    factory, writer = make_writer(tmp_path, max_size=10**9)
    words = random.Random(5).choices(
        ["tin", "tức", "<p>", "chính", "phủ", "</p>", "Hà Nội", "2026"], k=40_000
    )
    body = " ".join(words).encode()
    ex = Exchange(
        url="http://127.0.0.1/page",
        status=200,
        response_headers=[("Content-Type", "text/html; charset=utf-8")],
        body=body,
        date=datetime(2026, 1, 1, tzinfo=UTC),
    )
    (loc,) = writer.write(factory.response(ex))
    writer.close()
    member = (tmp_path / loc.file).read_bytes()[loc.offset : loc.offset + loc.length]
    decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
    plain = decomp.decompress(member)
    assert decomp.eof and not decomp.unused_data and plain.endswith(body + b"\r\n\r\n")
    stdlib = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    assert len(member) <= 1.05 * len(stdlib.compress(plain) + stdlib.flush())
    got = read_record(tmp_path / loc.file, loc.offset, loc.length)
    assert got.info.payload == body
