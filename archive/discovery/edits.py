"""Edit markers: what a sitemap (`lastmod`) or a feed (`updated`, `modified`, JSON Feed's `date_modified`) says
about when a page last changed. One value per listing, comparable between runs: a page whose marker differs from
the one recorded with its latest capture was edited since, whatever its age."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from archive.dates import iso_utc, parse_date

__all__ = ["EDIT_FIELDS", "edit_marker"]

# the discovery fields (as the spider records them) that say a page changed, most specific first
EDIT_FIELDS = ("lastmod", "feed:updated", "feed:modified", "feed:dc:modified", "feed:date_modified")


def edit_marker(fields: Mapping[str, Any] | None) -> str | None:
    """The listing's edit marker: the moment in UTC (`2026-05-20T03:00:00Z`) when it can be read, else the
    value as written (still comparable with itself); None when discovery gave none."""
    for key in EDIT_FIELDS:
        raw = (fields or {}).get(key)
        if isinstance(raw, str) and raw.strip():
            return iso_utc(parse_date(raw)) or " ".join(raw.split())[:100]
    return None
