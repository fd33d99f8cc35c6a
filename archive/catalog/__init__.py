"""The SQLite catalog: schema and migrations, captures built from WARC records, articles with their images,
versions and duplicate links, full-text search, canonical URLs, and the summaries `status` and the demo print.

Public names: `Catalog` (db), `migrate` (schema), `capture_row`, `index_file` (captures),
`ArticleStore` (articles), `canonical_url` (canonical), `search_articles` (search), `archive_status` (status),
`crawl_summary` (summary)."""

from __future__ import annotations

from archive.catalog.articles import ArticleStore
from archive.catalog.canonical import canonical_url
from archive.catalog.captures import capture_row, index_file
from archive.catalog.db import Catalog
from archive.catalog.schema import migrate
from archive.catalog.search import search_articles
from archive.catalog.status import archive_status
from archive.catalog.summary import crawl_summary

__all__ = [
    "ArticleStore",
    "Catalog",
    "archive_status",
    "canonical_url",
    "capture_row",
    "crawl_summary",
    "index_file",
    "migrate",
    "search_articles",
]
