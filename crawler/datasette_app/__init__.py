"""The Datasette app of the catalog, shipped as package data: `metadata.yml` (titles, descriptions, facets,
canned queries), `plugins/` (replay links, search helpers, the article and diff pages) and `templates/`.
`newsarchive browse` serves it; `APP_DIR` is where it lives, installed or not."""

from __future__ import annotations

from pathlib import Path

__all__ = ["APP_DIR"]

APP_DIR = Path(__file__).resolve().parent
