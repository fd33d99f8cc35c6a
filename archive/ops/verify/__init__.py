"""Fixity and consistency of an archive: `verify_archive` (run) reads each file (walk) and checks its records
against the catalog and the indexes (checks)."""

from __future__ import annotations

__all__: list[str] = []
