"""What `--frontier` changes in the crawl's settings: the scheduler, the worker extension, the download
handlers that take turns across workers, the WARC prefix that names the worker; and no JOBDIR (the queue
lives in Redis)."""

from __future__ import annotations

from crawler.frontier_redis.connection import worker_name

__all__ = ["apply_frontier_settings"]

SCHEDULER = "crawler.frontier_redis.scheduler.FrontierScheduler"
WORKER = "crawler.frontier_redis.worker.FrontierWorker"
HANDLER = "crawler.frontier_redis.handler.PoliteDownloadHandler"


def apply_frontier_settings(settings, priority: str = "cmdline") -> None:
    """Turn SETTINGS (not yet frozen, NEWSARCHIVE_FRONTIER set) into those of one worker of a shared crawl;
    applying it twice changes nothing."""
    name = worker_name(settings.get("NEWSARCHIVE_FRONTIER_WORKER") or "")
    settings.set("NEWSARCHIVE_FRONTIER_WORKER", name, priority=priority)
    settings.set("SCHEDULER", SCHEDULER, priority=priority)
    # the whole dict at this priority: `CrawlerProcess.crawl(crawler)` updates a crawler's settings with the
    # process's, which replaces a dict setting whose own priority is not above theirs
    extensions = settings.getdict("EXTENSIONS")
    extensions[WORKER] = 90
    settings.set("EXTENSIONS", extensions, priority=priority)
    handlers = settings.getdict("DOWNLOAD_HANDLERS")
    handlers.update({"http": HANDLER, "https": HANDLER})
    settings.set("DOWNLOAD_HANDLERS", handlers, priority=priority)
    settings.set("NEWSARCHIVE_RESUME", False, priority=priority)  # the queue is Redis's, not a JOBDIR
    prefix = settings.get("WARC_PREFIX") or "newsarchive"
    if not prefix.endswith(f"-{name}"):  # Scrapy may apply a spider's settings more than once
        settings.set("WARC_PREFIX", f"{prefix}-{name}", priority=priority)
