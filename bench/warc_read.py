"""Micro-benchmark: reading every record of a gzip WARC file with each reader the project has, and with
fastwarc (Rust/C++, Apache-2.0; not a dependency: `pip install fastwarc` to include it).

The file is written by our own writer (one gzip member per record, response + request + metadata per page) from
the test fixture pages, so it is what a crawl writes. CPU seconds, best of 3.

    python -m bench.warc_read [--pages 6000]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive.warc.fastscan import scan_records
from archive.warc.reader import iter_records
from archive.warc.records import Exchange, RecordFactory
from archive.warc.writer import WarcFileWriter

__all__ = ["write_sample", "measure"]

PAGES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "pages"


def write_sample(directory: Path, count: int) -> Path:
    pages = [p.read_bytes() for p in sorted(PAGES.glob("*.html"))]
    factory = RecordFactory()
    writer = WarcFileWriter(
        directory,
        prefix="bench",
        max_size=10**12,
        warcinfo=lambda name: factory.warcinfo(name, {"software": "bench"}),
    )
    for i in range(count):
        body = pages[i % len(pages)] + f"<!-- {i} -->".encode()
        headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))]
        exchange = Exchange(
            url=f"http://127.0.0.1/bai-viet/{i}.html", status=200, response_headers=headers, body=body
        )
        response = factory.response(exchange)
        record_id = response.rec_headers.get_header("WARC-Record-ID")
        metadata = factory.metadata(exchange.url, record_id, {"via": "sitemap", "source": "bench"})
        writer.write(response, factory.request(exchange, concurrent_to=record_id), metadata)
    writer.close()
    return next(directory.glob("*.warc.gz"))


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _readers(path: Path) -> dict:
    def warcio_digests() -> int:
        with open(path, "rb") as fh:
            return sum(
                1 for r in ArchiveIterator(fh, check_digests=True) if r.content_stream().read() is not None
            )

    readers = {
        "warcio, digests checked": warcio_digests,
        "archive.warc.reader.iter_records (warcio, payloads kept)": lambda: sum(
            1 for _ in iter_records(path, keep_payload=True)
        ),
        "archive.warc.fastscan.scan_records (zlib, digests checked)": lambda: sum(
            1 for _ in scan_records(path)
        ),
    }
    try:
        from fastwarc.warc import ArchiveIterator as FastIterator
    except ImportError:
        return readers

    def fastwarc_digests() -> int:
        count = 0
        with open(path, "rb") as fh:
            for record in FastIterator(fh, parse_http=True):
                record.verify_block_digest()
                record.verify_payload_digest()
                record.reader.read()
                count += 1
        return count

    readers["fastwarc, digests checked"] = fastwarc_digests
    return readers


def measure(path: Path, rounds: int = 3) -> list[tuple[str, int, float]]:
    out = []
    for name, read in _readers(path).items():
        best, count = float("inf"), 0
        for _ in range(rounds):
            start = _cpu()
            count = read()
            best = min(best, _cpu() - start)
        out.append((name, count, best))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=6000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="warc-read-") as tmp:
        path = write_sample(Path(tmp), args.pages)
        size = path.stat().st_size
        print(f"{path.name}: {size / 1e6:.1f} MB, {args.pages} pages")
        for name, count, seconds in measure(path):
            print(f"  {name:62s} {count:6d} records  {seconds:5.2f} s CPU  {size / seconds / 1e6:6.0f} MB/s")


if __name__ == "__main__":
    main()
