"""`archive.warc.fastscan` reads what `salvage.scan` reads, and says the same of it, on every kind of file.

Each file is read by both; the results (offsets, lengths, headers, status, digests, problems, stretches) must be
equal, and the files a crawl or an ordinary tool writes must be read by the fast path (else a fast path that
gave up everywhere would pass unnoticed).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import random
import re
import zlib
from pathlib import Path

import pytest

from archive.warc.fastscan import Unusual, scan_ordinary, scan_records
from archive.warc.salvage import Scanned
from tests.helpers import SHARED_DATA
from tests.helpers.scans import assert_same

SHARED = SHARED_DATA / "warc"
ORDINARY_SHARED = ("example.warc", "example.warc.gz", "post-test.warc.gz", "example-resource.warc.gz")


def is_fast(path: Path) -> bool:
    try:
        scan_ordinary(path)
    except Unusual:
        return False
    return True


@pytest.mark.skipif(not SHARED.is_dir(), reason="no shared WARC samples on this machine")
@pytest.mark.parametrize("name", sorted(p.name for p in SHARED.iterdir()) if SHARED.is_dir() else [])
def test_shared_samples_read_alike(name):
    """warcio's and pywb's sample files, broken ones included (bad digests, chunks, truncation, ARC)."""
    path = SHARED / name
    assert_same(path)
    if name in ORDINARY_SHARED:
        assert is_fast(path)


# -- files made here, one oddity at a time ------------------------------------------------------------------


def b32(data: bytes, algo: str = "sha1") -> str:
    return f"{algo}:" + base64.b32encode(hashlib.new(algo, data).digest()).decode()


def record(
    rec_type: str = "response",
    uri: str = "http://example.org/a",
    http: bytes | None = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
    payload: bytes = b"<html>hello</html>",
    version: str = "WARC/1.1",
    digests: str = "sha1",
    extra: list[str] = (),
    block_digest: str | None = None,
    payload_digest: str | None = None,
) -> bytes:
    block = (http or b"") + payload
    lines = [
        version,
        f"WARC-Type: {rec_type}",
        f"WARC-Record-ID: <urn:uuid:{hashlib.md5(block + uri.encode()).hexdigest()}>",
        "WARC-Date: 2026-01-01T00:00:00Z",
        f"WARC-Target-URI: {uri}",
    ]
    if digests:
        lines.append(f"WARC-Block-Digest: {block_digest or b32(block, digests)}")
        lines.append(f"WARC-Payload-Digest: {payload_digest or b32(payload, digests)}")
    lines += [*extra, "Content-Type: application/http; msgtype=response", f"Content-Length: {len(block)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + block + b"\r\n\r\n"


def warcinfo() -> bytes:
    return record("warcinfo", uri="", http=None, payload=b"software: test\r\n", digests="")


def write(path: Path, records: list[bytes], how: str) -> Path:
    """how: 'plain', or 'gzip0' / 'gzip6' (one member per record at that level)."""
    if how == "plain":
        path.write_bytes(b"".join(records))
    else:
        level = int(how[-1])
        path.write_bytes(b"".join(gzip.compress(r, compresslevel=level, mtime=0) for r in records))
    return path


CHUNKED = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
ORDINARY = {
    "response": [record()],
    "warc-1.0": [record(version="WARC/1.0")],
    "no digests": [record(digests="")],
    "sha256 digests": [record(digests="sha256")],
    "empty payload": [record(payload=b"")],
    "chunked body": [record(http=CHUNKED, payload=b"5\r\nhello\r\n0\r\n\r\n")],
    "latin-1 header": [record(http=b"HTTP/1.1 200 OK\r\nContent-Disposition: caf\xe9\r\n\r\n")],
    "long headers": [
        record(http=b"HTTP/1.1 200 OK\r\nX-Long: " + b"x" * 8000 + b"\r\n\r\n", extra=["X-W: " + "w" * 40000])
    ],
    "header without value": [record(http=b"HTTP/1.1 404 Not Found\r\nX-Empty:\r\n\r\n")],
    "revisit": [
        record(
            "revisit",
            http=b"HTTP/1.1 304 Not Modified\r\nETag: x\r\n\r\n",
            payload=b"",
            payload_digest=b32(b"original"),
            extra=["WARC-Refers-To: <urn:uuid:0>", "WARC-Profile: server-not-modified"],
        )
    ],
    "request": [record("request", http=b"GET /a HTTP/1.1\r\nHost: example.org\r\n\r\n", payload=b"")],
    "resource": [record("resource", uri="file:///x.txt", http=None, payload=b"text")],
    # other schemes hold no HTTP message (as warcio reads them): Heritrix's dns: lookups, a browser's extension
    "response for dns": [record(uri="dns:example.org", http=None, payload=b"1.2.3.4")],
    "response for dns without digests": [
        record(uri="dns:example.org", http=None, payload=b"1.2.3.4", digests="")
    ],
    "response for chrome-extension holding HTTP": [record(uri="chrome-extension://x/page.js", digests="")],
}
UNUSUAL = {
    "wrong payload digest": [record(payload_digest=b32(b"other"))],
    "wrong block digest": [record(block_digest=b32(b"other"))],
    "digest in base16": [record(payload_digest="sha1:" + hashlib.sha1(b"<html>hello</html>").hexdigest())],
    "unknown digest algorithm": [record(payload_digest="nosuch:AAAA")],
    "continued HTTP header": [record(http=b"HTTP/1.1 200 OK\r\nX-A: one\r\n two\r\n\r\n")],
    "bare line feeds in HTTP": [record(http=b"HTTP/1.1 200 OK\nContent-Type: text/html\n\n")],
    "blank-looking HTTP line": [record(http=b"HTTP/1.1 200 OK\r\nA: b\r\n\t\r\nC: d\r\n\r\n")],
    "no HTTP status": [record(http=b"HTTP/1.1\r\nA: b\r\n\r\n")],
    "repeated WARC header": [record(extra=["WARC-Date: 2027-01-01T00:00:00Z"])],
    "target URI in brackets": [record(uri="<http://example.org/a>")],
    # warcio takes the whole block for the payload of a record of another scheme than http(s): a flaw
    "chrome-extension response digested as HTTP": [record(uri="chrome-extension://x/page.js")],
    "very long HTTP header line": [record(http=b"HTTP/1.1 200 OK\r\nX-Long: " + b"x" * 40000 + b"\r\n\r\n")],
    "no date": [record().replace(b"WARC-Date: 2026-01-01T00:00:00Z\r\n", b"")],
    "content length too long": [re.sub(rb"Content-Length: (\d+)", rb"Content-Length: 9\1", record())],
}


@pytest.mark.parametrize("how", ["gzip0", "gzip6", "plain"])
@pytest.mark.parametrize("case", sorted(ORDINARY))
def test_ordinary_records_take_the_fast_path(tmp_path, case, how):
    path = write(tmp_path / f"f.warc{'.gz' if how != 'plain' else ''}", [warcinfo(), *ORDINARY[case]], how)
    assert is_fast(path)
    assert_same(path)
    assert all(isinstance(i, Scanned) and not i.problem for i in scan_records(path))


@pytest.mark.parametrize("how", ["gzip0", "gzip6", "plain"])
@pytest.mark.parametrize("case", sorted(UNUSUAL))
def test_unusual_records_are_read_by_salvage(tmp_path, case, how):
    path = write(
        tmp_path / f"f.warc{'.gz' if how != 'plain' else ''}", [warcinfo(), *UNUSUAL[case], record()], how
    )
    assert not is_fast(path)
    assert_same(path)


def test_gzip_framing_oddities(tmp_path):
    one, two = record(), record(uri="http://example.org/b")
    cases = {
        "two records in one member": gzip.compress(one + two),
        "a record over two members": gzip.compress(one[:100]) + gzip.compress(one[100:]),
        "garbage after the last member": gzip.compress(one) + b"garbage",
        "a cut member": gzip.compress(one)[:-9],
        "a member with a bad CRC": gzip.compress(one)[:-8] + b"\0\0\0\0" + gzip.compress(one)[-4:],
    }
    for label, data in cases.items():
        path = tmp_path / f"{label.replace(' ', '-')}.warc.gz"
        path.write_bytes(gzip.compress(warcinfo()) + data + gzip.compress(two))
        assert not is_fast(path), label
        assert_same(path)


def test_a_flipped_byte_in_a_stored_member_and_in_a_plain_file(tmp_path):
    records = [warcinfo(), record(payload=bytes(range(256)) * 40), record(uri="http://example.org/b")]
    for how in ("gzip0", "plain"):
        path = write(tmp_path / f"{how}.warc{'.gz' if how != 'plain' else ''}", records, how)
        good = scan_records(path)
        target = good[1].info
        raw = bytearray(path.read_bytes())
        raw[target.offset + target.length // 2] ^= 0x01
        path.write_bytes(bytes(raw))
        if how == "gzip0":  # stored: the byte is flipped in the payload itself, and only the CRC can tell
            zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(bytes(raw[: target.offset]))
        assert not is_fast(path)
        assert_same(path)
        bad = [i for i in scan_records(path) if not isinstance(i, Scanned) or i.problem or i.flaw]
        assert [i.info.offset if isinstance(i, Scanned) else i.offset for i in bad][:1] == [target.offset], (
            how
        )


@pytest.mark.parametrize("how", ["gzip0", "gzip6", "plain"])
def test_sizes_around_warcios_buffers_read_alike(tmp_path, how):
    """warcio reads in 16 KB buffers and some of its results depend on where a line falls (a long HTTP header
    line may be cut): records of many sizes, header lines up to past the fast path's limit."""
    rng = random.Random(7)
    records = [warcinfo()]
    for n in range(60):
        long_line = rng.random() < 0.05
        value = b"v" * (
            rng.randrange(8100, 9000) if long_line else rng.choice([0, 1, rng.randrange(16, 8100)])
        )
        http = b"HTTP/1.1 200 OK\r\nX-A: " + value + b"\r\nContent-Type: text/html\r\n\r\n"
        payload = rng.randbytes(rng.choice([0, 1, rng.randrange(100, 70000)]))
        records.append(record(uri=f"http://example.org/{n}", http=http, payload=payload))
    fast = 0
    for count in range(2, len(records) + 1, 3):  # one file per prefix: lines fall at other places in buffers
        path = write(tmp_path / f"p{count}.warc{'.gz' if how != 'plain' else ''}", records[:count], how)
        assert_same(path)
        fast += is_fast(path)
    assert 3 <= fast < (len(records) + 1) // 3


def _mapped_file_kb() -> int:
    """This process's resident pages of mapped files (RssFile), in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("RssFile:"):
            return int(line.split()[1])
    pytest.skip("no RssFile in /proc/self/status")


@pytest.mark.parametrize("how", ["gzip0", "plain"])
def test_a_file_read_once_is_not_kept_in_memory(tmp_path, monkeypatch, how):
    """fastscan maps the file; the pages it has read are let go as it goes, so reindex's or import's memory
    does not grow by the size of each file (a 1 GB file counted 1 GB of RSS before)."""
    from archive.warc import fastscan

    monkeypatch.setattr(fastscan, "RELEASE_EVERY", 1 << 20)
    rng = random.Random(3)
    records = [record(uri=f"http://example.org/{n}", payload=rng.randbytes(200_000)) for n in range(120)]
    path = write(tmp_path / f"big.warc{'.gz' if how != 'plain' else ''}", [warcinfo(), *records], how)
    size_kb = path.stat().st_size // 1024
    before = _mapped_file_kb()
    most, last = 0, ""
    for info in fastscan.iter_ordinary(path):
        most, last = max(most, _mapped_file_kb() - before), info.target_uri
    assert last == "http://example.org/119"
    assert most < size_kb // 4, (most, size_kb)
    assert is_fast(path)  # digests checked (in a thread, from pages let go meanwhile) all pass


def test_no_record_is_made_of_bytes_at_a_wrong_offset(tmp_path):
    """read_record at an offset where no record starts says so. Inside a compressed page warcio takes many a run
    of bytes for an ARC header line (five words): that must not become a record, which extraction would read as
    a page (a crawl's own file gave one at about one offset in 18)."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from archive.warc.onerecord import read_record
    from archive.warc.reader import RecordDamage, iter_records

    words = random.Random(5).choices(
        ["Hà Nội", "kinh tế", "phát triển", "Chính phủ", "2026", "tỷ đồng"], k=20000
    )
    path = tmp_path / "page.warc.gz"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i in range(2):
            body = " ".join(words[i::2]).encode()
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                f"https://example.vn/a-{i}.html", "response", payload=BytesIO(body), http_headers=http
            )
            writer.write_record(record)
    starts = {item.offset for item in iter_records(path) if not isinstance(item, RecordDamage)}
    offsets = [off for off in range(1, path.stat().st_size - 1, 3) if off not in starts]
    made = [off for off in offsets if not read_record(path, off, 4000).problem]
    assert made == [], made[:5]
