"""A site's way of writing dates, read from all of a feed's or sitemap's dates together.

One `05/09/2026` cannot say whether it is 5 September or 9 May; a feed of forty items nearly always can: a first
field over 12 anywhere means day first, a second field over 12 means month first, a 12-hour clock (`1:30:00 PM`)
means the US order unless other items say otherwise, and dates a URL carries (`/2026/09/05/`, an id made of
`YYMMDD...`) vote for the reading they agree with. The order found applies to every item of that file."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from archive.dates.parsing import drop_weekday, read_slashed
from archive.dates.text import url_mentions

__all__ = ["DateStyle", "infer_order", "shape"]

_SLASHED = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})\b(.*)$")
_US_CLOCK = re.compile(r"\d\s*[AaPp]\.?[Mm]\.?\s*(?:$|[+-]|GMT|UTC|[A-Z]{2,4}$)")


class DateStyle(dict):
    """The order ("dmy" or "mdy") of each way a file writes slashed dates, by `shape()`."""

    def order(self, text: str | None) -> str | None:
        return self.get(shape(text or "")) if self else None


def shape(text: str) -> str:
    """How a slashed date is written, ignoring the values: separator and clock (`/ 12h`, `- 24h`); "" if none.
    A day name before it (`Thứ 5, 05/09/2026`) is no part of the shape."""
    text = drop_weekday(text)
    match = _SLASHED.match(text)
    if not match:
        return ""
    clock = "12h" if _US_CLOCK.search(match.group(4)) else "24h"
    return f"{text.strip()[len(match.group(1))]} {clock}"


def infer_order(samples: Iterable[tuple[str, str]]) -> DateStyle:
    """The date order of each shape of slashed date among (date as written, item URL) pairs: the evidence of
    all dates of one shape together (a feed that writes two shapes, as some CMSs do for different fields, is
    read shape by shape)."""
    votes: dict[str, list[int]] = {}  # shape -> [dmy, mdy, url_dmy, url_mdy, ambiguous]
    for text, url in samples:
        match = _SLASHED.match(drop_weekday(text or ""))
        if not match:
            continue
        a, b, c, _ = match.groups()
        tally = votes.setdefault(shape(text), [0, 0, 0, 0, 0])
        first, second = int(a), int(b)
        if first > 12 and second <= 12:
            tally[0] += 1
        elif second > 12 and first <= 12:
            tally[1] += 1
        elif first <= 12 and first != second:
            tally[4] += 1
            if url:
                as_dmy, as_mdy = _day(a, b, c, "dmy"), _day(a, b, c, "mdy")
                in_dmy = as_dmy is not None and url_mentions(url, as_dmy)
                in_mdy = as_mdy is not None and url_mentions(url, as_mdy)
                if in_dmy != in_mdy:
                    tally[2] += in_dmy
                    tally[3] += in_mdy
    style = DateStyle()
    for key, (dmy, mdy, url_dmy, url_mdy, ambiguous) in votes.items():
        if dmy != mdy:
            style[key] = "dmy" if dmy > mdy else "mdy"
        elif url_dmy != url_mdy:
            style[key] = "dmy" if url_dmy > url_mdy else "mdy"
        elif ambiguous:
            style[key] = "mdy" if key.endswith("12h") else "dmy"  # a 12-hour clock is the US way of writing
    return style


def _day(a: str, b: str, c: str, order: str) -> date | None:
    try:
        return read_slashed(a, b, c, order=order).date()
    except ValueError:
        return None
