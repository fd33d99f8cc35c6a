"""The download handler of a worker of a shared crawl: Scrapy's HTTP/1.1 handler, sending each request only in
its slot's turn across all workers (crawler.frontier_redis.politeness.PolitenessGate)."""

from __future__ import annotations

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler

from crawler.frontier_redis.politeness import PolitenessGate
from crawler.frontier_redis.worker import FrontierWorker

__all__ = ["PoliteDownloadHandler"]


class PoliteDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP handler, sending each request only in its slot's turn across all workers."""

    def __init__(self, crawler):
        super().__init__(crawler)
        self._gate: PolitenessGate | None = None

    def gate(self) -> PolitenessGate | None:
        if self._gate is None:
            worker = self.crawler.get_extension(FrontierWorker)
            self._gate = worker.gate if worker is not None else None
        return self._gate

    async def download_request(self, request: Request):
        gate = self.gate()
        if gate is None:
            return await super().download_request(request)
        taken = await gate.take(request)
        try:
            return await super().download_request(request)
        finally:
            gate.release(taken)
