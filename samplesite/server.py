"""A small, real HTTP/1.1 server for sample press sites, used by `newsarchive demo`, the tests and the bench.

It serves a directory on loopback. An optional `_site.json` in that directory adds what real press sites do:

    {
      "redirects": {"/old-path": ["/new-path", 301]},
      "status": {"/broken": 500},                 # an error page with that status
      "gzip": ["*.html", "/feed.rss"],            # sent with Content-Encoding: gzip when the client accepts it
      "chunked": ["/chunked.html"],               # sent with Transfer-Encoding: chunked
      "content_types": {"/legacy.html": "text/html; charset=windows-1258"},
      "throttle": {"/busy": [429, 1, 1]},         # [status, Retry-After seconds, how many times] before 200
      "latency": 0.2                              # seconds each answer waits (a distant site; or server.latency)
    }

Text files may contain `{{base}}`, replaced by the server's base URL (for absolute links in sitemaps and
feeds). Every request line is kept in `server.log` (a list), so tests can see what reached the server.
The body last sent for each path is kept in `server.sent`. ETag and Last-Modified are sent for files, and conditional GETs are answered with 304.

    python -m samplesite.server DIR [--port N]
"""

from __future__ import annotations

import argparse
import email.utils
import fnmatch
import gzip
import hashlib
import json
import mimetypes
import socketserver
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = ["SampleSite", "serve", "PRESS_SITE"]

PRESS_SITE = Path(__file__).parent / "press"
_TEXT_TYPES = ("text/", "application/xml", "application/rss", "application/atom", "application/json")


class SampleSite(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, root: str | Path, host: str = "127.0.0.1", port: int = 0):
        super().__init__((host, port), _Handler)
        self.root = Path(root).resolve()
        self.log: list[str] = []
        self.sent: dict[
            str, bytes
        ] = {}  # path -> the last body sent for it, as it went on the wire (unchunked)
        self._lock = threading.Lock()
        self._throttled: dict[str, int] = {}
        self.config = self._load_config()
        self.latency = float(self.config.get("latency", 0))  # seconds before each answer
        self._thread: threading.Thread | None = None

    def server_bind(self) -> None:
        # HTTPServer.server_bind asks socket.getfqdn() for the address's name: for 127.0.0.2 and up that is a
        # DNS query off the machine. The name is only used in CGI environments, so the address stands in.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def _load_config(self) -> dict:
        path = self.root / "_site.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> SampleSite:
        self._thread = threading.Thread(target=self.serve_forever, name="samplesite", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def __enter__(self) -> SampleSite:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def record(self, line: str) -> None:
        with self._lock:
            self.log.append(line)

    def throttle_left(self, path: str, times: int) -> bool:
        with self._lock:
            used = self._throttled.get(path, 0)
            if used < times:
                self._throttled[path] = used + 1
                return True
            return False


def _matches(path: str, patterns) -> bool:
    return any(fnmatch.fnmatch(path, p) or fnmatch.fnmatch(path.rsplit("/", 1)[-1], p) for p in patterns)


class _Handler(BaseHTTPRequestHandler):
    server: SampleSite
    protocol_version = "HTTP/1.1"
    server_version = "SampleSite/1.0"

    def log_message(self, format, *args):  # noqa: A002 - keep the console quiet; the log is kept in memory
        pass

    def do_HEAD(self):
        self._serve(head=True)

    def do_GET(self):
        self._serve(head=False)

    def _serve(self, head: bool) -> None:
        self.server.record(f"{self.command} {self.path}")
        if self.server.latency:
            time.sleep(self.server.latency)  # each request has its own thread: a latency, not a queue
        cfg = self.server.config
        path = unquote(urlsplit(self.path).path) or "/"
        if path in cfg.get("redirects", {}):
            target, status = cfg["redirects"][path]
            return self._send(status, b"", "text/html", {"Location": target}, head)
        if path in cfg.get("throttle", {}):
            status, retry_after, times = cfg["throttle"][path]
            if self.server.throttle_left(path, times):
                return self._send(status, b"slow down", "text/plain", {"Retry-After": str(retry_after)}, head)
        if path in cfg.get("status", {}):
            status = cfg["status"][path]
            body = f"<html><body><h1>Error {status}</h1></body></html>".encode()
            return self._send(status, body, "text/html; charset=utf-8", {}, head)
        file = self._resolve(path)
        if file is None:
            body = b"<html><head><title>Not found</title></head><body><h1>404 Not Found</h1></body></html>"
            return self._send(404, body, "text/html; charset=utf-8", {}, head)
        content_type = cfg.get("content_types", {}).get(path) or _guess_type(file)
        body = file.read_bytes()
        if content_type.startswith(_TEXT_TYPES) and b"{{base}}" in body:
            body = body.replace(b"{{base}}", self.server.base_url.encode())
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        modified = email.utils.formatdate(file.stat().st_mtime, usegmt=True)
        extra = {"ETag": etag, "Last-Modified": modified}
        if self.headers.get("If-None-Match") == etag or (
            not self.headers.get("If-None-Match") and self.headers.get("If-Modified-Since") == modified
        ):
            return self._send(304, b"", None, extra, head=True)
        if _matches(path, cfg.get("gzip", [])) and "gzip" in (self.headers.get("Accept-Encoding") or ""):
            body = gzip.compress(body, mtime=0)
            extra["Content-Encoding"] = "gzip"
            extra["Vary"] = "Accept-Encoding"
        chunked = _matches(path, cfg.get("chunked", []))
        self._send(200, body, content_type, extra, head, chunked=chunked)

    def _resolve(self, path: str) -> Path | None:
        root = self.server.root
        rel = path.lstrip("/")
        candidates = [root / rel / "index.html", root / f"{rel}.html"] if rel else [root / "index.html"]
        if rel:
            candidates.insert(0, root / rel)
        for candidate in candidates:
            try:
                resolved = candidate.resolve()
            except OSError:
                continue
            if resolved.is_file() and resolved.is_relative_to(root) and not resolved.name.startswith("_"):
                return resolved
        return None

    def _send(self, status, body, content_type, headers, head, chunked=False) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in headers.items():
            self.send_header(name, value)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        elif status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if head or status == 304:
            return
        with self.server._lock:
            self.server.sent[urlsplit(self.path).path] = body
        if chunked:
            for start in range(0, len(body), 1000):
                piece = body[start : start + 1000]
                self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.wfile.write(body)


def _guess_type(file: Path) -> str:
    name = file.name
    if name.endswith((".rss", ".xml")):
        return (
            "application/xml; charset=utf-8"
            if not name.endswith(".rss")
            else "application/rss+xml; charset=utf-8"
        )
    if name == "robots.txt":
        return "text/plain; charset=utf-8"
    guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if guessed.startswith("text/") or guessed in ("application/json", "application/javascript"):
        guessed += "; charset=utf-8"
    return guessed


def serve(root: str | Path = PRESS_SITE, host: str = "127.0.0.1", port: int = 0) -> SampleSite:
    """Start serving `root` in a background thread; `.stop()` (or a `with` block) ends it."""
    return SampleSite(root, host, port).start()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Serve a sample press site on loopback.")
    parser.add_argument("root", nargs="?", default=str(PRESS_SITE))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    if not args.host.startswith("127.") and args.host not in ("localhost", "::1"):
        parser.error("sample sites are served on loopback only (127.0.0.0/8)")
    site = SampleSite(args.root, args.host, args.port)
    print(site.base_url, flush=True)
    try:
        site.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
