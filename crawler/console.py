"""The crawl's console and log file, for the `newsarchive` commands that run Scrapy.

The console shows warnings and errors (INFO too with --verbose) and the progress of the crawl; the log file
DATA/logs/crawl-TIMESTAMP.log keeps everything at LOG_LEVEL (Scrapy's start-up, settings, middlewares, the
final stats). On a terminal the progress is one line rewritten in place, which log lines print above."""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

__all__ = ["ConsoleHandler", "setup_logging", "PROGRESS_LOGGER"]

PROGRESS_LOGGER = "newsarchive.progress"  # shown on the console whatever its level
_CLEAR = "\r\x1b[K"


class ConsoleHandler(logging.StreamHandler):
    """A stderr handler that keeps a status line at the bottom of a terminal: a log line clears it, prints,
    and draws it again."""

    def __init__(self, stream: TextIO | None = None):
        super().__init__(stream or sys.stderr)
        self.status = ""

    def show(self, text: str) -> None:
        self.status = text
        self.acquire()
        try:
            self.stream.write(f"{_CLEAR}{text}")
            self.stream.flush()
        finally:
            self.release()

    def clear(self) -> None:
        if self.status:
            self.status = ""
            self.stream.write(_CLEAR)
            self.stream.flush()

    def emit(self, record: logging.LogRecord) -> None:
        if self.status:
            self.stream.write(_CLEAR)
        super().emit(record)
        if self.status:
            self.stream.write(self.status)
            self.stream.flush()


class _ConsoleFormatter(logging.Formatter):
    """Progress lines as they are; other records with their level."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.exc_info and record.levelno >= logging.ERROR:
            message += "\n" + self.formatException(record.exc_info)
        return message if record.name == PROGRESS_LOGGER else f"{record.levelname}: {message}"


class _ConsoleFilter(logging.Filter):
    def __init__(self, level: int):
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= self.level or record.name == PROGRESS_LOGGER


def setup_logging(settings, data_dir: Path, *, verbose: bool = False) -> Path:
    """Console at WARNING (INFO with VERBOSE) plus progress; everything at LOG_LEVEL in a file under
    DATA/logs/. Sets LOG_INSTALL_ROOT_HANDLER off so that Scrapy adds no handler of its own. Returns the
    log file's path."""
    logs = data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = logs / f"crawl-{stamp}.log"
    formatter = logging.Formatter(settings.get("LOG_FORMAT"), settings.get("LOG_DATEFORMAT"))
    file_handler = logging.FileHandler(path, encoding="utf-8")
    file_handler.setFormatter(formatter)
    file_level = logging.getLevelName(str(settings.get("LOG_LEVEL") or "INFO").upper())
    file_handler.setLevel(file_level)
    console = ConsoleHandler()
    console.setFormatter(_ConsoleFormatter())
    console.addFilter(_ConsoleFilter(logging.INFO if verbose else logging.WARNING))
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, ConsoleHandler | logging.FileHandler)]:
        root.removeHandler(handler)  # a second run in one process (tests) starts clean
    root.addHandler(file_handler)
    root.addHandler(console)
    root.setLevel(min(file_level, logging.INFO))
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")
    settings.set("NEWSARCHIVE_LOG_FILE", str(path), priority="cmdline")
    return path
