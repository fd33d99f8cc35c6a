"""How a revisit names its original, and how replay tools find it: the one rule `verify` checks revisits by and
`import` links them by.

A revisit names its original by record id (WARC-Refers-To) when its writer knew it. Without one, replay tools
(pywb, ReplayWeb.page) look the original up in their index: a capture with the revisit's payload digest at the
URL WARC-Refers-To-Target-URI names, else at the revisit's own URL (pywb also joins a revisit to a capture of
its own URL with that digest), the one closest to WARC-Refers-To-Date (else to the revisit's own date). URLs
are compared by the key the index files them under (`cdxj.urlkey`, the SURT, which has no scheme): an https
revisit of an original fetched over http resolves, as it does in replay.
"""

from __future__ import annotations

from collections.abc import Iterable

from archive.dates import parse_iso, warc_date_utc
from archive.warc.cdxj import urlkey

__all__ = ["closest_original", "original_urls"]


def original_urls(url: str, refers_to_uri: str = "") -> list[str]:
    """The URLs the original of a revisit of URL is looked for at, in order."""
    return list(dict.fromkeys(u for u in (refers_to_uri, url) if u))


def closest_original(candidates: Iterable[tuple[str, str, str]], urls: list[str], when: str) -> str | None:
    """Of CANDIDATES (record id, URL, date as the catalog holds it), each already of the revisit's payload
    digest, the record id of the one at the first of URLS that has any, closest in time to WHEN (a WARC date:
    WARC-Refers-To-Date, else the revisit's own); None when none is at any of URLS."""
    candidates = list(candidates)
    target = _moment(warc_date_utc(when)) if when else None
    keys = {c[1]: urlkey(c[1]) for c in candidates}
    for url in urls:
        key = urlkey(url)
        found = [c for c in candidates if keys[c[1]] == key]
        if found:
            if target is None:
                return found[0][0]
            return min(found, key=lambda c: _distance(_moment(c[2]), target))[0]
    return None


def _moment(text: str):
    try:
        return parse_iso(text)
    except (TypeError, ValueError):
        return None


def _distance(moment, target) -> float:
    return abs((moment - target).total_seconds()) if moment is not None else float("inf")
