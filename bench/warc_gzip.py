"""Micro-benchmark: the cost of WARC record compression at each gzip level, on the benchmark's own pages.

Each record is one gzip member (the design's rule); the payload is what a gzip-serving site sends (the page
already gzip-compressed, as in the crawl), identity-encoded HTML (a site that does not compress), or a photo
(incompressible bytes, as page requisites are). This measures a fixed level for every record; the writer
itself stores already-compressed payloads at level 0 whatever the level given.

    python -m bench.warc_gzip SITE_DIR [--pages 200] [--levels 1,3,6,9]
"""

from __future__ import annotations

import argparse
import io
import time
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

__all__ = ["measure"]


def _records(writer: WARCWriter, pages: list[tuple[bytes, bool | str]]):
    for body, gz in pages:
        ctype = gz if isinstance(gz, str) else "text/html; charset=utf-8"
        headers = [("Content-Type", ctype), ("Content-Length", str(len(body)))]
        if gz is True:
            headers.append(("Content-Encoding", "gzip"))
        http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
        yield writer.create_warc_record(
            "http://127.0.0.1/x.html",
            "response",
            payload=io.BytesIO(body),
            http_headers=http,
            length=len(body),
        )


def measure(pages: list[tuple[bytes, bool]], level: int) -> tuple[float, int]:
    """(CPU seconds per record, output bytes per record) for one gzip level."""
    import warcio.warcwriter as ww

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True, warc_version="WARC/1.1")
    original = ww.GzippingWrapper.__init__

    def init(self, out, level=level):  # warcio hard-codes level 9; this is what a level change costs
        original(self, out)
        import zlib

        self.compressor = zlib.compressobj(level, zlib.DEFLATED, zlib.MAX_WBITS + 16)

    ww.GzippingWrapper.__init__ = init
    try:
        records = list(_records(writer, pages))  # digests computed here, outside the timing
        start = time.process_time()
        for record in records:
            writer.write_record(record)
        cpu = time.process_time() - start
    finally:
        ww.GzippingWrapper.__init__ = original
    return cpu / len(pages), out.tell() // len(pages)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("site", type=Path)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--levels", default="0,1,3,6,9")
    args = parser.parse_args()
    files = sorted(args.site.glob("*/*-*.html"))[: args.pages]
    raw = [(p.read_bytes(), False) for p in files]
    gz = [(Path(str(p) + ".gz").read_bytes(), True) for p in files]
    print(
        f"{len(files)} pages; identity {sum(len(b) for b, _ in raw) // len(raw)} B/page, gzip {sum(len(b) for b, _ in gz) // len(gz)} B/page"
    )
    print(f"{'payload':<10}{'level':>6}{'ms/record':>11}{'bytes/record':>14}")
    import random

    noise = random.Random(7).randbytes(200_000)  # photos: incompressible, 60-180 KB
    photos = [(noise[: 60_000 + (i * 7919) % 120_000], "image/jpeg") for i in range(len(files))]
    for name, pages in (("gzip", gz), ("identity", raw), ("jpeg", photos)):
        for level in (int(x) for x in args.levels.split(",")):
            cpu, size = measure(pages, level)
            print(f"{name:<10}{level:>6}{cpu * 1000:>11.2f}{size:>14}")


if __name__ == "__main__":
    main()
