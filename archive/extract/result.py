"""The extraction JSON every extractor returns (DESIGN.md: url, title, author, published, modified, language,
sitename, text, images; plus what the catalog stores beside them), with nothing found yet."""

from __future__ import annotations

from typing import Any

__all__ = ["blank_result"]


def blank_result(url: str, reason: str | None = None, **fields: Any) -> dict[str, Any]:
    """A result with every key present and empty; FIELDS add or set an extractor's own keys."""
    return {
        "url": url,
        "title": None,
        "author": None,
        "published": None,
        "modified": None,
        "language": None,
        "sitename": None,
        "text": "",
        "images": [],
        "canonical_url": None,
        "og_url": None,
        "categories": [],
        "tags": [],
        "published_from": None,
        "published_zone": None,
        "date_conflict": None,
        "reason": reason,
        **fields,
    }
