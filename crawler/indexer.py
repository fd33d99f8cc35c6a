"""Keeps the CDXJ indexes current: indexes each WARC file as soon as the recorder closes it."""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy.exceptions import NotConfigured

from archive.cdxj import write_index
from archive.warcwriter import ClosedFile

from .recorder import warc_file_closed

__all__ = ["CdxjIndexer"]

log = logging.getLogger(__name__)


class CdxjIndexer:
    """Writes `DATA/indexes/<file>.cdxj` on `warc_file_closed`. Indexing runs in the reactor thread on
    purpose: it must finish before the process exits after the last file closes."""

    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("CDXJ_ENABLED") or not crawler.settings.getbool("WARC_ENABLED"):
            raise NotConfigured
        extension = cls(crawler.stats)
        crawler.signals.connect(extension.file_closed, signal=warc_file_closed)
        return extension

    def file_closed(self, closed: ClosedFile, data_dir: Path) -> None:
        result = write_index(data_dir, closed.name)
        self.stats.inc_value("cdxj/files")
        self.stats.inc_value("cdxj/lines", result.lines)
        if result.problem:
            self.stats.inc_value("cdxj/problems")
            log.warning("CDXJ index of %s is incomplete: %s", closed.name, result.problem)
