"""Dates: the catalog's timestamps, dates as feeds, sitemaps, pages and URLs write them, a site's date style
(inferred from a whole feed) and its time zone (from the source, else a language or domain guess).

Public names: `parse_date`, `iso_utc`, `in_window`, `utc_iso`, `utc_now_iso`, `parse_iso`, `read_slashed`,
`read_named`, `drop_weekday`, `warc_date_utc` (parsing); `normalize_date`, `url_date`, `url_mentions`, `has_date`
(text); `infer_order` (style); `site_zone`, `zone_named`, `SiteZone` (zones)."""

from __future__ import annotations

from archive.dates.parsing import (
    drop_weekday,
    in_window,
    iso_utc,
    parse_date,
    parse_iso,
    read_named,
    read_slashed,
    utc_iso,
    utc_now_iso,
    warc_date_utc,
)
from archive.dates.style import DateStyle, infer_order
from archive.dates.text import has_date, normalize_date, url_date, url_mentions
from archive.dates.zones import SiteZone, site_zone, zone_named

__all__ = [
    "DateStyle",
    "SiteZone",
    "drop_weekday",
    "has_date",
    "in_window",
    "infer_order",
    "iso_utc",
    "normalize_date",
    "parse_date",
    "parse_iso",
    "read_named",
    "read_slashed",
    "site_zone",
    "url_date",
    "url_mentions",
    "utc_iso",
    "utc_now_iso",
    "warc_date_utc",
    "zone_named",
]
