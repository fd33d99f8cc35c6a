"""Dates and times: the catalog's timestamps (ISO 8601, UTC, `Z`), and dates as feeds, sitemaps, pages and URLs
write them.

Real feeds mix RFC 822 (`Sun, 06 Sep 2009 16:20:00 +0000`), ISO 8601 (`2026-05-09T09:18:00+0700`, `2008-12-23`),
ASP.NET's US format (`9/5/2026 1:30:00 PM`), the Vietnamese day-first format (`05/09/2026 09:18`) and Unix
timestamps. A date that cannot be read gives None; the item it belongs to is kept all the same.
`parse_date` gives datetimes (discovery); `normalize_date` gives ISO strings and also reads dates written in
running text ("ngày 9 tháng 3 năm 2024", "09:18 05/09/2026") (page metadata).
"""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, date, datetime, timedelta, timezone
from urllib.parse import urlsplit

__all__ = [
    "VIETNAM",
    "has_date",
    "in_window",
    "iso_utc",
    "normalize_date",
    "parse_date",
    "parse_iso",
    "url_date",
    "utc_iso",
    "utc_now_iso",
    "warc_date_utc",
]

_OFFSET = re.compile(r"(?:\s*(?:GMT|UTC)?\s*)([+-])(\d{1,2}):?(\d{2})?$", re.I)
_ZONE_NAMES = {"UTC": 0, "GMT": 0, "Z": 0, "UT": 0, "ICT": 7 * 60, "ICT+7": 7 * 60}
_SLASHED = re.compile(
    r"^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})"
    r"(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([AaPp]\.?[Mm]\.?)?)?$"
)


def parse_date(text: str | None, default_tz: timezone = UTC) -> datetime | None:
    """A timezone-aware datetime for `text`, or None. Naive values are taken to be in `default_tz`."""
    if text is None:
        return None
    text = " ".join(str(text).split())
    if not text:
        return None
    for parse in (_unix, _iso, _rfc822, _slashed):
        try:
            value = parse(text)
        except (ValueError, TypeError, OverflowError, IndexError):
            value = None
        if value is not None:
            return value if value.tzinfo else value.replace(tzinfo=default_tz)
    return None


def iso_utc(value: datetime | None) -> str | None:
    """The catalog's form: ISO 8601 in UTC with a Z."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def in_window(value: datetime | None, since: date | None, until: date | None) -> bool:
    """True unless `value` is known and falls outside [since, until] (whole days, in the value's own zone)."""
    if value is None:
        return True
    day = value.date()
    if since is not None and day < since:
        return False
    return not (until is not None and day > until)


def _unix(text: str) -> datetime | None:
    if re.fullmatch(r"\d{9,10}(?:\.\d+)?", text):
        return datetime.fromtimestamp(float(text), UTC)
    if re.fullmatch(r"\d{13}", text):  # milliseconds, as JavaScript writes them
        return datetime.fromtimestamp(int(text) / 1000, UTC)
    return None


def _iso(text: str) -> datetime | None:
    if not re.match(r"^\d{4}-\d{1,2}(?:-\d{1,2})?", text):
        return None
    candidate = text.replace(" ", "T", 1) if re.match(r"^\d{4}-\d{2}-\d{2} \d", text) else text
    candidate = re.sub(r"\s+(?=[+-]\d{2}:?\d{2}$)", "", candidate)  # `2019-05-18T10:58:46 +0300`
    candidate = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", candidate)  # `+0700` -> `+07:00`
    candidate = re.sub(r"\s*(?:UTC|GMT)$", "Z", candidate, flags=re.I)
    if re.fullmatch(r"\d{4}-\d{2}", candidate):
        candidate += "-01"
    try:
        return datetime.fromisoformat(candidate.replace("z", "Z"))
    except ValueError:
        pass
    # Single-digit months or days (`2026-5-9 9:18`) that fromisoformat refuses.
    m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?(.*)$", text)
    if not m:
        return None
    year, month, day, hour, minute, second, rest = m.groups()
    value = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    return value.replace(tzinfo=_zone(rest)) if rest.strip() else value


def _rfc822(text: str) -> datetime | None:
    if not re.search(r"[A-Za-z]{3}", text):
        return None
    cleaned = re.sub(r"^[A-Za-z]+,?\s*(?=\d)", "", text)  # day names, even misspelled ones
    value = email.utils.parsedate_to_datetime(cleaned)
    if value is None:
        return None
    # parsedate_to_datetime reads `-0000` and unknown zones as naive; a named zone we know wins.
    tail = text.rsplit(" ", 1)[-1].upper()
    if value.tzinfo is None and tail in _ZONE_NAMES:
        value = value.replace(tzinfo=timezone(timedelta(minutes=_ZONE_NAMES[tail])))
    return value


def _slashed(text: str) -> datetime | None:
    offset = None
    m = _OFFSET.search(text)
    if m and ":" in text[: m.start()]:  # an offset after a time, not the date's own dashes
        offset = _zone(m.group(0))
        text = text[: m.start()].strip()
    m = _SLASHED.match(text)
    if not m:
        return None
    a, b, c, hour, minute, second, ampm = m.groups()
    if len(a) == 4:  # 2026/05/09
        year, month, day = int(a), int(b), int(c)
    else:
        year = int(c) if len(c) == 4 else 2000 + int(c)
        first, second_part = int(a), int(b)
        if first > 12:
            day, month = first, second_part
        elif second_part > 12:
            month, day = first, second_part
        elif ampm:  # `9/5/2026 1:30:00 PM` is .NET's en-US format: month first
            month, day = first, second_part
        else:  # `05/09/2026 09:18`: day first, as Vietnamese (and most non-US) sites write it
            day, month = first, second_part
    h = int(hour or 0)
    if ampm:
        pm = ampm[0].lower() == "p"
        h = h % 12 + (12 if pm else 0)
    value = datetime(year, month, day, h, int(minute or 0), int(second or 0))
    return value.replace(tzinfo=offset) if offset else value


def _zone(text: str) -> timezone:
    text = text.strip().upper()
    if text in _ZONE_NAMES:
        return timezone(timedelta(minutes=_ZONE_NAMES[text]))
    m = _OFFSET.search(text)
    if not m:
        raise ValueError(f"no zone in {text!r}")
    sign, hours, minutes = m.groups()
    delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
    return timezone(-delta if sign == "-" else delta)


def utc_iso(when: datetime, timespec: str = "seconds") -> str:
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat(timespec=timespec).replace("+00:00", "Z")


def utc_now_iso(timespec: str = "seconds") -> str:
    return utc_iso(datetime.now(UTC), timespec)


_WARC_DATE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2,3})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"
)


def warc_date_utc(value: str) -> str:
    """A record's WARC-Date in the catalog's form (ISO 8601, UTC, Z). Other tools write offsets (`-0800`) and
    ClueWeb09 a day of the year where the day of the month belongs (`2009-03-65`: the 65th day, 6 March);
    a value that is no date at all is returned as it is. Fractions of a second are kept as written."""
    m = _WARC_DATE.match(value.strip())
    if not m:
        return value
    year, month, day, hh, mm, ss, fraction, zone = m.groups()
    try:
        when = datetime(int(year), int(month), 1, int(hh), int(mm), int(ss or 0), tzinfo=UTC)
        day_of_month = int(day) <= 31
        when = (
            when.replace(day=int(day))
            if day_of_month
            else datetime(int(year), 1, 1, when.hour, when.minute, when.second, tzinfo=UTC)
            + timedelta(days=int(day) - 1)
        )
    except ValueError:
        return value
    if zone and zone != "Z":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        when -= sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    text = when.strftime("%Y-%m-%dT%H:%M:%S")
    return f"{text}{fraction or ''}Z"


def parse_iso(text: str) -> datetime:
    """Parse what utc_iso writes (and other ISO 8601 forms); naive values are taken as UTC."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# --- dates in running text and URLs ---

VIETNAM = timezone(timedelta(hours=7))
# "Thứ Bảy, ngày 9 tháng 3 năm 2024, 18:42": the date spelled out, as older Vietnamese CMSes print it
_SPELLED = re.compile(r"ngày\s*(?P<d>\d{1,2})\s*tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>(?:19|20)\d{2})", re.I)
_GMT = re.compile(r"(?:GMT|UTC)\s*([+-]\d{1,2})")
_CLOCK = re.compile(r"(?<!\d)([01]?\d|2[0-3])\s*[:hg]\s*([0-5]\d)(?!\d)")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|[-_.]|$)")
_URL_STAMP = re.compile(r"[-_/]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:\d{0,9})(?:[-_./]|$)")
_DMY = re.compile(
    r"(?<!\d)(0?[1-9]|[12]\d|3[01])[/.-](0?[1-9]|1[0-2])[/.-]((?:19|20)\d{2})"
    r"(?:\D{1,6}?(\d{1,2})[:hg](\d{2})(?::(\d{2}))?)?(?:\s*\(?(?:GMT|UTC)\s*([+-]\d{1,2})\)?)?"
)
_YMD = re.compile(
    r"((?:19|20)\d{2})[/.-](0?[1-9]|1[0-2])[/.-](0?[1-9]|[12]\d|3[01])(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?"
)
_HMS_FIRST = re.compile(
    r"(\d{1,2})[:hg](\d{2})(?::(\d{2}))?\D{1,12}?(0?[1-9]|[12]\d|3[01])[/.-](0?[1-9]|1[0-2])[/.-]((?:19|20)\d{2})"
)


def normalize_date(value: str | None, default_tz: timezone | None = None) -> str | None:
    """An ISO 8601 string (with offset when known) for the common date forms of web pages and feeds."""
    if not value or not isinstance(value, str):
        return None
    text = " ".join(value.split())
    when = _parse_date(text)
    if when is None:
        return None
    if isinstance(when, datetime):
        if not 1990 <= when.year <= datetime.now(UTC).year + 1:
            return None
        if when.tzinfo is None and default_tz is not None:
            when = when.replace(tzinfo=default_tz)
        return when.isoformat(timespec="seconds")
    if not 1990 <= when.year <= datetime.now(UTC).year + 1:
        return None
    return when.isoformat()


def _parse_date(text: str) -> datetime | date | None:
    iso = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", text.replace("Z", "+00:00").replace("z", "+00:00"))
    iso = re.sub(r"\.\d+(?=[+-]\d{2}:\d{2}$|$)", "", iso)
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
            return date.fromisoformat(iso)
        return datetime.fromisoformat(iso)
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        pass
    match = _YMD.search(text)
    if match:
        y, m, d, hh, mm, ss = match.groups()
        return _build(y, m, d, hh, mm, ss, None)
    match = _DMY.search(text)
    if match:
        d, m, y, hh, mm, ss, gmt = match.groups()
        return _build(y, m, d, hh, mm, ss, gmt)
    match = _HMS_FIRST.search(text)
    if match:
        hh, mm, ss, d, m, y = match.groups()
        return _build(y, m, d, hh, mm, ss, None)
    match = _SPELLED.search(text)
    if match:
        clock = _CLOCK.search(text)
        hh, mm = clock.groups() if clock else (None, None)
        gmt = _GMT.search(text)
        return _build(match["y"], match["m"], match["d"], hh, mm, None, gmt.group(1) if gmt else None)
    return None


def _build(y, m, d, hh, mm, ss, gmt) -> datetime | date | None:
    try:
        if hh is None:
            return date(int(y), int(m), int(d))
        tz = timezone(timedelta(hours=int(gmt))) if gmt else None
        return datetime(int(y), int(m), int(d), int(hh), int(mm), int(ss or 0), tzinfo=tz)
    except ValueError:
        return None


def url_date(url: str) -> str | None:
    path = urlsplit(url).path
    match = _URL_DATE.search(path) or _URL_STAMP.search(path)
    if not match:
        return None
    y, m, d = (int(g) for g in match.groups())
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def has_date(text: str) -> bool:
    return bool(_DMY.search(text) or _YMD.search(text) or _SPELLED.search(text))
