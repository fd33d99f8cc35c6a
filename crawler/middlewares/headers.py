"""Downloader middlewares of newsarchive."""

from __future__ import annotations

from scrapy.http import Request

__all__ = ["ArchiveRequestHeaders"]


class ArchiveRequestHeaders:
    """Ask only for encodings every WARC reader can decode (WARC_ACCEPT_ENCODING, default `gzip, deflate`).

    Runs after Scrapy's HttpCompressionMiddleware has put its default in place, and replaces it."""

    def __init__(self, accept_encoding: str):
        self.accept_encoding = accept_encoding.encode("ascii")

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("WARC_ACCEPT_ENCODING"))

    def process_request(self, request: Request, spider=None):
        request.headers[b"Accept-Encoding"] = self.accept_encoding
        return None
