"""The time zone of the times a site writes without one, and where that zone came from.

The source's own `timezone` (sources.toml, an IANA name) decides. Without it, a language or a country domain
spoken or used in one zone only is a fair guess (Vietnamese, `.vn`: Asia/Ho_Chi_Minh); anything else stays
naive, because a wrong guess is worse than none. The origin ("source", "language", "host") goes with the dates
so that an archivist can tell a stated zone from a guessed one."""

from __future__ import annotations

from datetime import tzinfo
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["SiteZone", "site_zone", "zone_named"]

# Languages written in one time zone only (the fallback when a source names none), and country domains likewise.
LANGUAGE_ZONES = {
    "vi": "Asia/Ho_Chi_Minh",
    "th": "Asia/Bangkok",
    "lo": "Asia/Vientiane",
    "km": "Asia/Phnom_Penh",
    "my": "Asia/Yangon",
    "ja": "Asia/Tokyo",
    "ko": "Asia/Seoul",
}
HOST_ZONES = {
    "vn": "Asia/Ho_Chi_Minh",
    "th": "Asia/Bangkok",
    "la": "Asia/Vientiane",
    "kh": "Asia/Phnom_Penh",
    "mm": "Asia/Yangon",
    "jp": "Asia/Tokyo",
    "kr": "Asia/Seoul",
    "cn": "Asia/Shanghai",
    "sg": "Asia/Singapore",
}


class SiteZone(NamedTuple):
    zone: tzinfo | None
    origin: str | None  # "source", "language" or "host"; None when no zone is known
    name: str = ""


@lru_cache(maxsize=64)
def zone_named(name: str) -> ZoneInfo | None:
    """The IANA zone of that name, or None when there is no such zone."""
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return None


def site_zone(timezone: str = "", language: str | None = "", host: str = "") -> SiteZone:
    """The zone for naive times of a source: its `timezone`, else its language's, else its country domain's."""
    if timezone:
        found = zone_named(timezone)
        if found is not None:
            return SiteZone(found, "source", timezone.strip())
    primary = (language or "").strip().lower().replace("_", "-").split("-")[0]
    if primary in LANGUAGE_ZONES:
        return SiteZone(zone_named(LANGUAGE_ZONES[primary]), "language", LANGUAGE_ZONES[primary])
    tld = (host or "").lower().rstrip(".").rsplit(".", 1)[-1]
    if tld in HOST_ZONES and "." in (host or ""):
        return SiteZone(zone_named(HOST_ZONES[tld]), "host", HOST_ZONES[tld])
    return SiteZone(None, None)
