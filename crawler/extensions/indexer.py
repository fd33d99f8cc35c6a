"""Keeps the CDXJ indexes current: indexes each WARC file as soon as the recorder closes it."""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured

from archive.warc.cdxj import index_path, known_damage, warc_files, write_index, write_lines
from archive.warc.writer import ClosedFile
from crawler.extensions.recorder import warc_file_closed

__all__ = ["CdxjIndexer"]

log = logging.getLogger(__name__)


class CdxjIndexer:
    """Writes `DATA/indexes/<file>.cdxj` on `warc_file_closed`, from the lines the recorder made as it wrote
    the file's records, or by reading the file (cdxj-indexer) when it did not (files recovered after a crash).
    Runs in the reactor thread on purpose: it must finish before the process exits after the last file closes."""

    def __init__(self, stats, data_dir: str | None = None):
        self.stats = stats
        self.data_dir = data_dir

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("CDXJ_ENABLED") or not crawler.settings.getbool("WARC_ENABLED"):
            raise NotConfigured
        extension = cls(crawler.stats, crawler.settings.get("NEWSARCHIVE_DATA"))
        # connected after the recorder's (lower order number): it has recovered files left open by then
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.file_closed, signal=warc_file_closed)
        return extension

    def spider_opened(self, spider) -> None:
        """Index closed files that have no index yet: recovered after a crash, or from before indexing."""
        if not self.data_dir:
            return
        damage = known_damage(self.data_dir)
        for name in warc_files(self.data_dir):
            if not index_path(self.data_dir, name).exists():
                self._index(Path(self.data_dir), name, damage.get(name, ()))

    def file_closed(self, closed: ClosedFile, data_dir: Path, index_lines: list[str] | None = None) -> None:
        self._index(data_dir, closed.name, lines=index_lines)

    def _index(self, data_dir: Path, name: str, skip_offsets=(), lines: list[str] | None = None) -> None:
        if lines is not None:  # made by the recorder as it wrote the records: no need to read the file
            result = write_lines(data_dir, name, lines, skip_offsets=skip_offsets)
            self.stats.inc_value("cdxj/files_from_records")
        else:
            result = write_index(data_dir, name, skip_offsets=skip_offsets)
        self.stats.inc_value("cdxj/files")
        self.stats.inc_value("cdxj/lines", result.lines)
        if result.problem:
            self.stats.inc_value("cdxj/problems")
            log.warning("CDXJ index of %s is incomplete: %s", name, result.problem)
