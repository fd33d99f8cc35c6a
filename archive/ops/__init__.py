"""Whole-archive operations, each a command's library half: `reindex`, `import_files`, `export_*`,
`verify_archive`, and the `DataLock` that keeps one of them (or a crawl) per data directory at a time.

Submodules: reindex, importing (+ importreport), export, lock, verify/."""

from __future__ import annotations

__all__: list[str] = []
