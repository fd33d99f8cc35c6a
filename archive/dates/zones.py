"""The time zone of the times a site writes without one, and where that zone came from.

The source's own `timezone` (sources.toml, an IANA name) decides. Without it, a language or a country domain
spoken or used in one zone only is a fair guess (Vietnamese, `.vn`: Asia/Ho_Chi_Minh); anything else stays
naive, because a wrong guess is worse than none. So countries whose overseas or island regions keep another
clock are left out even where the mainland dominates (`.fr`: Réunion's prefecture is reunion.gouv.fr; `.es`:
the Canaries; `.pt`: the Azores), and so are languages written in several zones (German in Namibia, Swedish in
Finland, Hungarian in Romania): the language is asked before the domain. The origin ("source", "language", "host") goes with the dates
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
    "zh": "Asia/Shanghai",  # China, Taiwan, Hong Kong, Macau, Singapore and Malaysia all keep UTC+8
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
    "tw": "Asia/Taipei",
    "hk": "Asia/Hong_Kong",
    "mo": "Asia/Macau",
    "my": "Asia/Kuala_Lumpur",
    "ph": "Asia/Manila",
    "bd": "Asia/Dhaka",
    "in": "Asia/Kolkata",
    "pk": "Asia/Karachi",
    "lk": "Asia/Colombo",
    "np": "Asia/Kathmandu",
    "tr": "Europe/Istanbul",
    "de": "Europe/Berlin",
    "at": "Europe/Vienna",
    "ch": "Europe/Zurich",
    "li": "Europe/Vaduz",
    "it": "Europe/Rome",
    "nl": "Europe/Amsterdam",
    "be": "Europe/Brussels",
    "lu": "Europe/Luxembourg",
    "dk": "Europe/Copenhagen",
    "no": "Europe/Oslo",
    "se": "Europe/Stockholm",
    "pl": "Europe/Warsaw",
    "cz": "Europe/Prague",
    "sk": "Europe/Bratislava",
    "hu": "Europe/Budapest",
    "si": "Europe/Ljubljana",
    "hr": "Europe/Zagreb",
    "rs": "Europe/Belgrade",
    "ba": "Europe/Sarajevo",
    "mk": "Europe/Skopje",
    "mt": "Europe/Malta",
    "fi": "Europe/Helsinki",
    "ee": "Europe/Tallinn",
    "lv": "Europe/Riga",
    "lt": "Europe/Vilnius",
    "gr": "Europe/Athens",
    "cy": "Asia/Nicosia",
    "bg": "Europe/Sofia",
    "ro": "Europe/Bucharest",
    "md": "Europe/Chisinau",
    "uk": "Europe/London",
    "ie": "Europe/Dublin",
    "is": "Atlantic/Reykjavik",
    "cu": "America/Havana",
    "jm": "America/Jamaica",
    "pe": "America/Lima",
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
