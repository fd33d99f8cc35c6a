"""Resumable crawls: Scrapy's JOBDIR under DATA/state/jobs/, kept after an interrupted run, cleared after a
clean finish so that the next scheduled run starts fresh.

After SIGTERM or SIGINT Scrapy closes its queues cleanly and leaves a `paused` mark here; the next run with the
same sources continues that queue. After SIGKILL the queue files were never closed and cannot be trusted, so the
next run drops them and starts over from the entry points: the catalog (crawler.middlewares.incremental) then keeps it
from fetching again what the killed run archived.

Settings: NEWSARCHIVE_RESUME (default on), JOBDIR (when set by hand, used as is and never cleared).
"""

from __future__ import annotations

import hashlib
import logging
import shutil
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured

__all__ = ["prepare_jobdir", "JobState", "PAUSED"]

log = logging.getLogger(__name__)

PAUSED = "paused"
UNTRUSTED = ("disk_full", "catalog_damaged")  # the WARC recorder's reasons for stopping a crawl


def prepare_jobdir(settings, source_names: list[str]) -> Path | None:
    """Choose the job directory for these sources and set JOBDIR (before the scheduler is built)."""
    if not settings.getbool("NEWSARCHIVE_RESUME") or settings.get("JOBDIR"):
        return None
    key = "-".join(sorted(source_names)) or "all"
    if len(key) > 60:
        key = key[:40] + "-" + hashlib.sha1(key.encode()).hexdigest()[:12]
    jobdir = Path(settings.get("NEWSARCHIVE_DATA")) / "state" / "jobs" / key
    paused = jobdir / PAUSED
    if paused.exists():
        paused.unlink()
        log.info("resuming the interrupted crawl kept in %s", jobdir)
    elif jobdir.exists():
        shutil.rmtree(jobdir, ignore_errors=True)
        log.warning(
            "the last crawl of %s was killed; starting again (the catalog skips what it archived)", key
        )
    jobdir.mkdir(parents=True, exist_ok=True)
    settings.set("JOBDIR", str(jobdir), priority="spider")
    settings.set("NEWSARCHIVE_JOBDIR_OWNED", True, priority="spider")
    return jobdir


class JobState:
    """Extension: after the engine stops, clear the job directory of a finished crawl, or mark it paused."""

    def __init__(self, jobdir: Path):
        self.jobdir = jobdir
        self.reason: str | None = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.get("JOBDIR") or not settings.getbool("NEWSARCHIVE_JOBDIR_OWNED"):
            raise NotConfigured
        state = cls(Path(settings.get("JOBDIR")))
        crawler.signals.connect(state.spider_closed, signal=signals.spider_closed)
        # engine_stopped comes after the scheduler and SpiderState have written their files.
        crawler.signals.connect(state.engine_stopped, signal=signals.engine_stopped)
        return state

    def spider_closed(self, spider, reason: str) -> None:
        self.reason = reason

    def engine_stopped(self) -> None:
        # after the disk filled (or the catalog was found damaged) responses were fetched but not archived,
        # yet their requests count as seen: that queue cannot be trusted, as after a kill
        if self.reason in ("finished", *UNTRUSTED):
            shutil.rmtree(self.jobdir, ignore_errors=True)
        elif self.jobdir.exists():
            (self.jobdir / PAUSED).write_text(f"{self.reason}\n", encoding="utf-8")
            log.info(
                "crawl stopped (%s); the next run with the same sources resumes from %s",
                self.reason,
                self.jobdir,
            )
