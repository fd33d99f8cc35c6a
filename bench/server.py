"""A fast static HTTP/1.1 server for the benchmark site, run as its own process so it costs the crawler nothing
but the CPU it really uses (which the bench measures and prints).

asyncio protocol (no streams), keep-alive, pre-compressed `.gz` files sent when the client accepts gzip (as a
real front-end cache does), small text files with `{{base}}` resolved once and kept in memory. The crawl's
own sample-site server (samplesite/server.py) is thread-per-connection and does real work per request, which
would make the server the bottleneck at hundreds of pages per second.

With `--conditional` each answer carries an ETag (a CRC of its body) and a GET whose If-None-Match names it
is answered 304, as a real site answers a crawler's re-check; with `--log FILE` every request is appended to FILE
as "STATUS METHOD PATH" (written out when the server stops), so a bench stage can count what reached the site.

    python -m bench.server SITE_DIR [--host 127.0.0.1] [--port 0] [--conditional] [--log FILE]
                                          prints "ready http://HOST:PORT" when up
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import zlib
from email.utils import formatdate
from pathlib import Path

__all__ = ["serve"]

_TYPES = {
    ".html": b"text/html; charset=utf-8",
    ".xml": b"application/xml",
    ".txt": b"text/plain; charset=utf-8",
}
_TEMPLATED = (".xml", ".txt")


class Site:
    def __init__(
        self,
        root: Path,
        base: str,
        gzip: bool = True,
        sitemaps: bool = True,
        conditional: bool = False,
        log=None,
    ):
        self.root = root.resolve()
        self.conditional = conditional  # ETag on every answer, 304 for a matching If-None-Match
        self.log = log  # a text file every request is written to, or None
        self.gzip = gzip
        self.latency = 0.0  # seconds before each answer
        self.sitemaps = sitemaps  # False: no sitemap and no Sitemap line, so crawlers follow links
        # Photos and thumbnails the pages reference (page requisites): incompressible bytes of a size fixed
        # by the path, thumbnails 8-24 KB, photos 60-180 KB, made once, never read from disk.
        self._noise = random.Random(7).randbytes(200_000)
        self.base = base.encode()
        self._small: dict[str, bytes] = {}
        self.requests = 0

    def image(self, path: str) -> bytes:
        digest = zlib.crc32(path.encode())
        size = 8_000 + digest % 16_000 if "/thumb/" in path else 60_000 + digest % 120_000
        start = digest % (len(self._noise) - size)
        return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + self._noise[start : start + size] + b"\xff\xd9"

    def lookup(self, path: str, gzip_ok: bool) -> tuple[bytes, bytes, bool] | None:
        """(body, content type, gzipped) for a URL path, or None."""
        path = path.split("?", 1)[0].split("#", 1)[0]
        if ".." in path:
            return None
        if path.startswith("/images/") and path.endswith(".jpg"):
            return self.image(path), b"image/jpeg", False
        rel = path.lstrip("/")
        if not self.sitemaps and rel.startswith("sitemap"):
            return None
        ext = os.path.splitext(rel)[1]
        if ext not in _TYPES:
            rel = (rel.rstrip("/") + "/index.html").lstrip("/")
            ext = ".html"
        full = self.root / rel
        if ext in _TEMPLATED:
            body = self._small.get(rel)
            if body is None:
                try:
                    body = full.read_bytes().replace(b"{{base}}", self.base)
                except OSError:
                    return None
                if not self.sitemaps and rel == "robots.txt":
                    body = b"".join(
                        line for line in body.splitlines(True) if not line.startswith(b"Sitemap:")
                    )
                self._small[rel] = body
            return body, _TYPES[ext], False
        if gzip_ok and self.gzip:
            try:
                with open(str(full) + ".gz", "rb") as fh:
                    return fh.read(), _TYPES[ext], True
            except OSError:
                pass
        try:
            with open(full, "rb") as fh:
                return fh.read(), _TYPES[ext], False
        except OSError:
            return None


class _Protocol(asyncio.Protocol):
    def __init__(self, site: Site):
        self.site = site
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buffer) > 65536:
                    self.transport.close()
                return
            head, self.buffer = self.buffer[:end], self.buffer[end + 4 :]
            if not self._respond(head):
                return

    def _respond(self, head: bytes) -> bool:
        lines = head.split(b"\r\n")
        try:
            method, target, version = lines[0].split(b" ", 2)
        except ValueError:
            self.transport.close()
            return False
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip().lower()
        keep_alive = (
            headers.get(b"connection") != b"close"
            if version == b"HTTP/1.1"
            else headers.get(b"connection") == b"keep-alive"
        )
        found = self.site.lookup(target.decode("latin-1"), b"gzip" in headers.get(b"accept-encoding", b""))
        self.site.requests += 1
        etag = b""
        if found is None:
            status, body, ctype, gz = b"404 Not Found", b"not found\n", b"text/plain", False
        else:
            status, (body, ctype, gz) = b"200 OK", found
            if self.site.conditional:
                etag = b'"%08x"' % zlib.crc32(body)
                if etag in (tag.strip() for tag in headers.get(b"if-none-match", b"").split(b",")):
                    status, body = b"304 Not Modified", b""
        if self.site.log is not None:
            self.site.log.write(f"{status[:3].decode()} {method.decode()} {target.decode('latin-1')}\n")
        out = [
            b"HTTP/1.1 " + status,
            b"Date: " + formatdate(usegmt=True).encode(),
            b"Server: newsarchive-bench",
            b"Content-Type: " + ctype,
            b"Content-Length: " + str(len(body)).encode(),
            b"Vary: Accept-Encoding",
            b"Cache-Control: max-age=60",
        ]
        if etag:
            out.append(b"ETag: " + etag)
        if gz:
            out.append(b"Content-Encoding: gzip")
        out.append(b"Connection: keep-alive" if keep_alive else b"Connection: close")
        payload = b"\r\n".join(out) + b"\r\n\r\n" + (b"" if method == b"HEAD" else body)
        if self.site.latency:  # a distant site: the answer comes LATENCY seconds later, nothing else waits
            asyncio.get_running_loop().call_later(self.site.latency, self._send, payload, keep_alive)
            return keep_alive
        self._send(payload, keep_alive)
        return keep_alive

    def _send(self, payload: bytes, keep_alive: bool) -> None:
        if self.transport.is_closing():
            return
        self.transport.write(payload)
        if not keep_alive:
            self.transport.close()


async def serve(
    root: Path,
    host: str,
    port: int,
    gzip: bool = True,
    sitemaps: bool = True,
    latency: float = 0.0,
    conditional: bool = False,
    log: Path | None = None,
) -> None:
    loop = asyncio.get_running_loop()
    log_file = open(log, "a", encoding="utf-8", buffering=1 << 16) if log else None
    site = Site(root, "", gzip, sitemaps, conditional, log_file)
    site.latency = latency
    server = await loop.create_server(lambda: _Protocol(site), host, port, backlog=1024, reuse_address=True)
    bound = server.sockets[0].getsockname()[1]
    site.base = f"http://{host}:{bound}".encode()
    print(f"ready http://{host}:{bound}", flush=True)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with server:
        await stop.wait()
    if log_file is not None:
        log_file.close()
    print(f"served {site.requests} requests", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("root", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument(
        "--identity", action="store_true", help="never send gzip (a site that does not compress)"
    )
    parser.add_argument(
        "--no-sitemaps", action="store_true", help="no sitemaps and no Sitemap line: crawlers follow links"
    )
    parser.add_argument(
        "--latency", type=float, default=0.0, help="seconds before each answer (a distant site)"
    )
    parser.add_argument(
        "--conditional", action="store_true", help="send ETags and answer a matching If-None-Match with 304"
    )
    parser.add_argument("--log", type=Path, help="append every request to this file as STATUS METHOD PATH")
    args = parser.parse_args()
    asyncio.run(
        serve(
            args.root,
            args.host,
            args.port,
            gzip=not args.identity,
            sitemaps=not args.no_sitemaps,
            latency=args.latency,
            conditional=args.conditional,
            log=args.log,
        )
    )


if __name__ == "__main__":
    main()
