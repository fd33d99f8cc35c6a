"""A press site on loopback whose server misbehaves the ways real ones do, between normal articles: a reset after the
headers, a body shorter than its Content-Length, a slow drip, headers that never come, gzip that is not gzip, a gzip
bomb, 60 MB pages (with a Content-Length and chunked), redirect loops and chains, an endless calendar, binary bytes
as text/html, an empty 200, 500-500-200, an HTTP/1.0 body ended by close, an invalid status line, an XML entity
bomb as the sitemap, a lying charset and a page robots.txt forbids.

Raw sockets (the standard library's HTTP server cannot send broken answers); every connection is closed after one
answer, and no handler lives longer than MAX_SECONDS, so a test that forgets the server cannot hang on it."""

from __future__ import annotations

import gzip
import random
import socket
import socketserver
import struct
import threading
import time
import zlib
from collections import Counter
from functools import cache

__all__ = ["FaultSite", "ARTICLES", "FAULTS", "article_path"]

MAX_SECONDS = 60
ARTICLES = 12
PARAGRAPH = (
    "Chiều nay, tại Hà Nội, Bộ Công Thương tổ chức hội nghị tổng kết công tác xuất khẩu nông sản năm 2025 và "
    "triển khai nhiệm vụ năm 2026 với sự tham dự của lãnh đạo các địa phương và hiệp hội ngành hàng. "
)

# path -> what the server does there (the test checks each has a capture or a failure row)
FAULTS = {
    "/tin/loi-reset-sau-header-cua-may-chu.html": "reset after the headers",
    "/tin/loi-than-ngan-hon-content-length.html": "a body shorter than its Content-Length",
    "/tin/loi-nho-giot-cham-tung-byte.html": "a slow drip",
    "/tin/loi-khong-bao-gio-tra-loi-header.html": "headers that never come",
    "/tin/loi-gzip-khong-phai-gzip-that.html": "gzip that is not gzip",
    "/tin/loi-bom-gzip-giai-nen-rat-lon.html": "a gzip bomb",
    "/tin/loi-trang-60-mb-co-do-dai.html": "a 60 MB page with a Content-Length",
    "/tin/loi-trang-60-mb-chunked-khong-do-dai.html": "a 60 MB page, chunked",
    "/tin/loi-chuyen-huong-vong-lap-a.html": "a redirect loop",
    "/tin/loi-chuyen-huong-day-chuyen-0.html": "an endless redirect chain",
    "/tin/loi-du-lieu-nhi-phan-gia-html.html": "binary bytes as text/html",
    "/tin/loi-trang-rong-khong-noi-dung.html": "an empty 200",
    "/tin/loi-500-500-roi-moi-200.html": "500, 500, then 200",
    "/tin/loi-http10-ket-thuc-bang-dong.html": "an HTTP/1.0 body ended by close",
    "/tin/loi-dong-trang-thai-khong-hop-le.html": "an invalid status line",
    "/tin/loi-charset-noi-doi-trong-header.html": "a charset that lies",
    "/rieng/trang-cam-boi-robots-txt.html": "forbidden by robots.txt",
    "/sitemap-bomb.xml": "an XML entity bomb as the sitemap",
}


def article_path(i: int) -> str:
    return f"/tin/bai-viet-so-{i}-ve-tinh-hinh-xuat-khau-nong-san.html"


def _article(i: int, title: str = "") -> str:
    title = title or f"Xuất khẩu nông sản: bài số {i}"
    body = "".join(f"<p>{PARAGRAPH} Đoạn {k} của bài {i}.</p>" for k in range(12))
    return (
        f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:type" content="article"></head><body><article><h1>{title}</h1>'
        f'<time datetime="2026-01-0{1 + i % 9}T08:00:00+07:00">0{1 + i % 9}/01/2026</time>{body}</article></body></html>'
    )


def _homepage(articles: int = ARTICLES, with_faults: bool = True) -> bytes:
    paths = [article_path(i) for i in range(articles)]
    faults = [p for p in FAULTS if p != "/sitemap-bomb.xml"] if with_faults else []
    mixed = []
    for i, path in enumerate(paths):  # normal articles interleaved with the faults
        mixed.append(path)
        mixed.extend(faults[i * 2 : i * 2 + 2])
    mixed.extend(faults[len(paths) * 2 :])
    if with_faults:
        mixed.append("/lich/2026-01-01.html")
    links = "".join(f'<li><a href="{p}">{p}</a></li>' for p in mixed)
    return f"<html><head><title>Trang chủ</title></head><body><ul>{links}</ul></body></html>".encode()


@cache
def _gzip_bomb() -> bytes:
    """200 MB of zeros in ~200 KB of gzip."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(1024 * 1024)
    return b"".join(compressor.compress(block) for _ in range(200)) + compressor.flush()


def _entity_bomb() -> bytes:
    lines = ['<?xml version="1.0"?>', "<!DOCTYPE urlset [", '<!ENTITY a0 "ha ha ha ha ha ha ha ha ha ha">']
    lines += [f'<!ENTITY a{k} "{("&a" + str(k - 1) + ";") * 10}">' for k in range(1, 10)]
    lines += ["]>", '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += ["<url><loc>&a9;</loc></url>", "</urlset>"]
    return "\n".join(lines).encode()


class FaultSite(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, host: str = "127.0.0.1", *, articles: int = ARTICLES, faults: bool = True):
        """FAULTS=False: a well-behaved site of ARTICLES articles (for the tests that kill crawls)."""
        super().__init__((host, 0), _Handler)
        self.articles = articles
        self.faults = faults
        self.lock = threading.Lock()
        self.hits: Counter[str] = Counter()  # requests per path
        self.completed: Counter[str] = Counter()  # answers sent in full per path
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FaultSite:
        self._thread = threading.Thread(target=self.serve_forever, name="faultsite", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def __enter__(self) -> FaultSite:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def count(self, path: str) -> int:
        with self.lock:
            self.hits[path] += 1
            return self.hits[path]

    def done(self, path: str) -> None:
        with self.lock:
            self.completed[path] += 1


class _Handler(socketserver.BaseRequestHandler):
    server: FaultSite

    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(MAX_SECONDS)
        self.started = time.monotonic()
        try:
            head = b""
            while b"\r\n\r\n" not in head and len(head) < 65536:
                chunk = sock.recv(4096)
                if not chunk:
                    return
                head += chunk
            path = head.split(b" ", 2)[1].decode("latin-1").split("?", 1)[0]
            self.path = path
            self.serve(sock, path, self.server.count(path))
        except OSError:
            pass  # the client went away (it cut the download, or the crawl was killed)

    def send(
        self, sock, status: str, body: bytes, ctype: str = "text/html; charset=utf-8", **headers
    ) -> None:
        lines = [f"HTTP/1.1 {status}", f"Content-Type: {ctype}", f"Content-Length: {len(body)}"]
        lines += [f"{k.replace('_', '-')}: {v}" for k, v in headers.items()] + ["Connection: close"]
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        self.server.done(self.path)

    def serve(self, sock, path: str, hit: int) -> None:  # noqa: PLR0911, PLR0912 - one branch per fault
        base = self.server.base_url
        if path == "/robots.txt":
            sitemap = f"Sitemap: {base}/sitemap-bomb.xml\n" if self.server.faults else ""
            return self.send(
                sock, "200 OK", f"User-agent: *\nDisallow: /rieng/\n{sitemap}".encode(), "text/plain"
            )
        if path == "/sitemap-bomb.xml":
            return self.send(sock, "200 OK", _entity_bomb(), "application/xml")
        if path == "/":
            return self.send(sock, "200 OK", _homepage(self.server.articles, self.server.faults))
        if not self.server.faults and not path.startswith("/tin/bai-viet-so-"):
            return self.send(sock, "404 Not Found", b"<h1>404</h1>")
        if path.startswith("/tin/bai-viet-so-"):
            i = int(path.split("-")[3])
            return self.send(sock, "200 OK", _article(i).encode())
        if path.startswith(
            "/lich/"
        ):  # an endless calendar: every day links the next, the previous, next month
            day = path.rsplit("/", 1)[-1].removesuffix(".html")
            y, m, d = (int(x) for x in day.split("-"))
            links = [
                f"{y}-{m:02d}-{d % 28 + 1:02d}",
                f"{y}-{m:02d}-{(d - 2) % 28 + 1:02d}",
                f"{y + m // 12}-{m % 12 + 1:02d}-{d:02d}",
            ]
            html = "".join(f'<a href="/lich/{x}.html">{x}</a> ' for x in links)
            return self.send(sock, "200 OK", f"<html><body><h1>Lịch {day}</h1>{html}</body></html>".encode())
        if path == "/tin/loi-reset-sau-header-cua-may-chu.html":
            sock.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 20000\r\n\r\n"
                + b"<p>x</p>" * 300
            )
            time.sleep(0.2)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # RST, not FIN
            return None
        if path == "/tin/loi-than-ngan-hon-content-length.html":
            sock.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 20000\r\n\r\n"
                + _article(90).encode()[:5000]
            )
            return None
        if path == "/tin/loi-nho-giot-cham-tung-byte.html":
            sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n")
            while time.monotonic() - self.started < MAX_SECONDS:
                sock.sendall(b"<p>drip</p>")
                time.sleep(0.3)
            return None
        if path == "/tin/loi-khong-bao-gio-tra-loi-header.html":
            while time.monotonic() - self.started < MAX_SECONDS and sock.recv(1):  # until the client gives up
                pass
            return None
        if path == "/tin/loi-gzip-khong-phai-gzip-that.html":
            return self.send(sock, "200 OK", _article(91).encode(), Content_Encoding="gzip")
        if path == "/tin/loi-bom-gzip-giai-nen-rat-lon.html":
            return self.send(sock, "200 OK", _gzip_bomb(), Content_Encoding="gzip")
        if path == "/tin/loi-trang-60-mb-co-do-dai.html":
            return self._stream(sock, 60 * 1024 * 1024, chunked=False)
        if path == "/tin/loi-trang-60-mb-chunked-khong-do-dai.html":
            return self._stream(sock, 60 * 1024 * 1024, chunked=True)
        if path.startswith("/tin/loi-chuyen-huong-vong-lap-"):
            other = "b" if path.endswith("-a.html") else "a"
            return self.send(sock, "302 Found", b"", Location=f"/tin/loi-chuyen-huong-vong-lap-{other}.html")
        if path.startswith("/tin/loi-chuyen-huong-day-chuyen-"):
            n = int(path.rsplit("-", 1)[-1].removesuffix(".html"))
            return self.send(
                sock, "301 Moved Permanently", b"", Location=f"/tin/loi-chuyen-huong-day-chuyen-{n + 1}.html"
            )
        if path == "/tin/loi-du-lieu-nhi-phan-gia-html.html":
            return self.send(sock, "200 OK", random.Random(7).randbytes(50_000), "text/html")
        if path == "/tin/loi-trang-rong-khong-noi-dung.html":
            return self.send(sock, "200 OK", b"")
        if path == "/tin/loi-500-500-roi-moi-200.html":
            if hit <= 2:
                return self.send(sock, "500 Internal Server Error", b"<h1>500</h1>")
            return self.send(sock, "200 OK", _article(92, "Bài sau hai lần lỗi 500").encode())
        if path == "/tin/loi-http10-ket-thuc-bang-dong.html":
            sock.sendall(
                b"HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + _article(93).encode()
            )
            self.server.done(path)
            return None
        if path == "/tin/loi-dong-trang-thai-khong-hop-le.html":
            sock.sendall(b"HTTP/1.1 hai-tram OK\r\nContent-Type: text/html\r\n\r\n<p>?</p>")
            return None
        if path == "/tin/loi-charset-noi-doi-trong-header.html":
            return self.send(
                sock, "200 OK", _article(94).encode("cp1258", "replace"), "text/html; charset=utf-8"
            )
        return self.send(sock, "404 Not Found", b"<h1>404</h1>")

    def _stream(self, sock, size: int, chunked: bool) -> None:
        block = (_article(95) * 20).encode()[: 256 * 1024]
        framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {size}"
        sock.sendall(
            f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{framing}\r\n\r\n".encode()
        )
        sent = 0
        while sent < size:
            piece = block[: size - sent]
            sock.sendall(f"{len(piece):x}\r\n".encode() + piece + b"\r\n" if chunked else piece)
            sent += len(piece)
        if chunked:
            sock.sendall(b"0\r\n\r\n")
        self.server.done(self.path)


def gzip_ok(body: bytes) -> bool:  # for tests that want to look at what the bomb is
    try:
        gzip.decompress(body[:1000])
    except (OSError, EOFError):
        return False
    return True
