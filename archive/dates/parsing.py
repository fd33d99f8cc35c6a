"""Dates as machines write them (feeds, sitemaps, meta tags, JSON-LD), and the catalog's timestamps (ISO 8601, UTC,
`Z`).

Real feeds mix RFC 822 (`Sun, 06 Sep 2009 16:20:00 +0000`), ISO 8601 (`2026-05-09T09:18:00+0700`, `2008-12-23`),
ASP.NET's US format (`9/5/2026 1:30:00 PM`), the day-first format most of the world writes (`05/09/2026 09:18`),
month names with a 12-hour clock (`Jul 19, 2026, 2:30:00 PM`), a day name first (`Thứ 5, 28/05/2026 17:00:00`),
zones as `GMT+7`, `+0700`, `+07` or `Z`, and Unix timestamps. A date that cannot be read gives None. Which of day and
month comes first in a slashed date is the caller's to say when it knows (`order`, inferred from a whole feed by
archive.dates.style); alone, a first field over 12 or a second over 12 decides, else AM/PM means US order.
"""

from __future__ import annotations

import email.utils
import re
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from archive.dates.zones import zone_named

__all__ = [
    "drop_weekday",
    "in_window",
    "iso_utc",
    "parse_date",
    "parse_iso",
    "read_named",
    "read_slashed",
    "utc_iso",
    "utc_now_iso",
]

_OFFSET = re.compile(r"(?:\s*\(?(?:GMT|UTC)?\s*)([+-])(\d{1,2}):?(\d{2})?\)?$", re.I)
# Zone abbreviations that name one offset wherever they are written (minutes east of UTC), and those whose offset
# changed over the years (an IANA zone then says which held on the date). Ambiguous ones stay out, so that the
# site's zone decides: IST (India, Ireland, Israel), BST (British summer, Bangladesh), the US names of RFC 822
# (us_zone_in_site_zone), and ET/PT (no standard or daylight said).
_ZONE_NAMES: dict[str, int | str] = {
    "UTC": 0, "GMT": 0, "Z": 0, "UT": 0, "WET": 0, "WEST": 60, "CET": 60, "CEST": 2 * 60, "EET": 2 * 60,
    "EEST": 3 * 60, "MSK": "Europe/Moscow", "ICT": 7 * 60, "ICT+7": 7 * 60, "WIB": 7 * 60, "WITA": 8 * 60,
    "WIT": 9 * 60, "HKT": 8 * 60, "SGT": 8 * 60, "JST": 9 * 60, "KST": 9 * 60, "PHT": 8 * 60, "MYT": 8 * 60,
    "PKT": 5 * 60, "NPT": 5 * 60 + 45, "AWST": 8 * 60, "ACST": 9 * 60 + 30, "AEST": 10 * 60, "AEDT": 11 * 60,
    "NZST": 12 * 60, "NZDT": 13 * 60, "MET": 60, "MEST": 2 * 60,
}  # fmt: skip
_SLASHED = re.compile(
    r"^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})"
    r"(?:(?:[ T,]+|\s+[|–-]\s+)(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([AaPp]\.?[Mm]\.?|SA|CH)?)?$"
)

# A day name before the date, as Vietnamese outlets write it (`Thứ 5`, `Thứ Năm`, `Chủ nhật`, `CN`, with or without
# diacritics) and in English, full or abbreviated. `Thứ 5` needs a separator or a slashed date after it, so that
# `Thu 2 May 2026` stays Thursday the 2nd.
_WEEKDAY = re.compile(
    r"^(?:th[uứ]\s*(?:[2-7](?=\s*[,|–-]|\s+\d{1,2}[/.-]\d)|hai|ba|t[uư]|n[aă]m|s[aá]u|b[aảẩ]y)"
    r"|ch[uủ]\s*nh[aậ]t|cn"
    r"|mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?"
    r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
    r"\.?(?!\w)\s*[,|–-]?\s*",
    re.I,
)
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_TWELVE_HOUR = re.compile(r"(?<!\d)(\d{1,2})(:\d{2}(?::\d{2})?(?:\.\d+)?)\s*([AaPp])\.?[Mm]\.?(?![A-Za-z])")
# An offset after the time, however it is written (`+0700`, `+07`, `+7`, `GMT+7`, `UTC+07:00`, `(GMT+7)`).
_TRAILING_OFFSET = re.compile(r"(?<=\d)\s*\(?\s*(?:GMT|UTC)?\s*([+-])(\d{1,2}):?(\d{2})?\s*\)?$", re.I)


def drop_weekday(text: str) -> str:
    """`text` without the day name it begins with: the weekday says nothing the date does not, and the readers of
    dates expect the date first. The one rule for feeds, sitemaps and pages."""
    text = unicodedata.normalize("NFC", text.strip())  # pages may spell `ứ` as `u` and a combining mark
    return _WEEKDAY.sub("", text, count=1)


# Thứ 2 (Thứ Hai) is Monday, the second day of the week counted from Sunday; Thứ 7 (Thứ Bảy) is Saturday.
_VI_DAYS = {
    word: day
    for day, words in enumerate(("2 hai", "3 ba", "4 tu", "5 nam", "6 sau", "7 bay"))
    for word in words.split()
}
_EN_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _weekday(text: str) -> int | None:
    """The day of the week (Monday is 0) that `text` begins with, or None."""
    m = _WEEKDAY.match(unicodedata.normalize("NFC", text.strip()))
    if not m:
        return None
    folded = unicodedata.normalize("NFD", m.group(0).lower())
    words = re.findall(r"[a-z0-9]+", "".join(c for c in folded if not unicodedata.combining(c)))
    if words[0] in ("chu", "cn"):
        return 6
    if words[0] == "thu" and len(words) > 1:  # Thứ 5, Thứ Năm; `Thu` alone is English
        return _VI_DAYS.get(words[1])
    return _EN_DAYS.index(words[0][:3])


def _named_day_reading(text: str, value: datetime, weekday: int | None) -> datetime:
    """The reading of a slashed date that falls on the day the text names: `Thứ 4, 03/06/2026 8:15 AM` is
    Wednesday 3 June, although AM/PM alone would say 6 March. Unchanged when no other reading agrees."""
    if weekday is None or value.weekday() == weekday:
        return value
    for order in ("dmy", "mdy"):
        try:
            other = _slashed(text, order)
        except ValueError:
            continue
        if other is not None and other.weekday() == weekday:
            return other
    return value


def parse_date(
    text: str | None, default_tz: tzinfo | None = UTC, order: str | None = None
) -> datetime | None:
    """A datetime for `text`, or None. Naive values are taken to be in `default_tz` (kept naive when it is None).
    `order` ("dmy" or "mdy") says how to read an ambiguous slashed date such as `05/09/2026`; a day name before
    it (`Thứ 4, 03/06/2026`) outranks `order` when only the other reading falls on that day."""
    if text is None:
        return None
    text = " ".join(str(text).split())
    weekday = _weekday(text)
    text = drop_weekday(text)
    if not text:
        return None
    for parse in (_unix, _iso, _rfc822, _slashed):
        try:
            value = parse(text, order) if parse is _slashed else parse(text)
        except (ValueError, TypeError, OverflowError, IndexError):
            value = None
        if value is not None:
            if parse is _slashed:
                value = _named_day_reading(text, value, weekday)
            value = us_zone_in_site_zone(text, value, default_tz)
            if value.year > datetime.now(UTC).year + 1:
                return None  # "03-12-31" read as 2031 (it meant 2003): no news item is dated years ahead
            if value.tzinfo is None and default_tz is not None:
                value = value.replace(tzinfo=default_tz)
            return value
    return None


# The zone names RFC 822 gives (US ones), which sites elsewhere write for their own zones: "PST" is Philippine
# Standard Time on Philippine sites, "CST" China's (and Cuba's) on Java servers there, "EST" Australian Eastern
_US_ZONES = re.compile(r"(?<![A-Za-z])(?:[ECMP][SD]T)(?![A-Za-z])")


def us_zone_in_site_zone(text: str, value: datetime, site: tzinfo | None) -> datetime:
    """A time written with one of RFC 822's US zone names, read in the site's zone where those names mean local
    zones: a site in Asia or Oceania (its offset that day +05:00 or more: Philippine "PST", Malaysian "MST",
    Australian "EST", China's "CST"), or "CST" on a site not at -06:00 that day (Cuba's -05:00). A guess from the
    site beats a sure half a day off; sites in the Americas and Europe keep RFC 822's reading."""
    if site is None or value.tzinfo is None:
        return value
    named = _US_ZONES.search(text)
    if named is None:
        return value
    local = value.replace(tzinfo=None)
    offset = local.replace(tzinfo=site).utcoffset()
    if offset is None:
        return value
    if offset >= timedelta(hours=5) or (named.group() == "CST" and offset != timedelta(hours=-6)):
        return local.replace(tzinfo=site)
    return value


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


def read_named(text: str) -> datetime | None:
    """A date whose month is a name, as RFC 822 and people write it (`Sun, 19 Jul 2026 2:30 PM +07`,
    `July 19, 2026 | 14:30`), or None. email.utils reads the core but drops AM/PM and takes `+07` for minutes."""
    try:
        return _rfc822(text)
    except (ValueError, TypeError, OverflowError, IndexError):
        return None


def _rfc822(text: str) -> datetime | None:
    if not re.search(r"[A-Za-z]{3}", text):
        return None
    # day names, even misspelled ones (`Thur`), but not the month of `July 19, 2026`
    cleaned = re.sub(rf"^(?!(?:{_MONTHS}))[A-Za-z]+,?\s*(?=\d)", "", text, flags=re.I)
    cleaned = re.sub(r"\s*[|–-]\s+(?=\d{1,2}:\d)", " ", cleaned)  # `July 19, 2026 - 14:30`
    cleaned = _clock24(cleaned)
    if ":" in cleaned:  # an offset after a time, not a date's dashes; email.utils reads 4 digits only
        cleaned = _TRAILING_OFFSET.sub(
            lambda m: f" {m.group(1)}{int(m.group(2)):02d}{m.group(3) or '00'}", cleaned
        )
    value = email.utils.parsedate_to_datetime(cleaned)
    if value is None:
        return None
    # parsedate_to_datetime reads `-0000` and unknown zones as naive; a named zone we know wins.
    if value.tzinfo is None:
        value = value.replace(tzinfo=_zone_word(text))
    return value


def _zone_word(text: str) -> tzinfo | None:
    """The zone an abbreviation after the clock names, or None: `Mon Oct 11 14:57:21 CEST 2021` (as Java writes
    dates), `19 Jul 2026 14:30 utc`. Written in capitals unless it ends the text, so that words are not zones."""
    clock = re.search(r"\d:\d{2}", text)
    words = re.findall(r"[A-Za-z]+(?:\+\d+)?", text[clock.end() :]) if clock else []
    for position, word in enumerate(words, 1):
        if word.upper() in _ZONE_NAMES and (word.isupper() or position == len(words)):
            return _named_zone(word.upper())
    return None


def _named_zone(name: str) -> tzinfo:
    """The zone of a known abbreviation: a fixed offset, or the IANA zone of one whose offset changed."""
    offset = _ZONE_NAMES[name]
    if isinstance(offset, str):
        return zone_named(offset)
    return timezone(timedelta(minutes=offset))


def _clock24(text: str) -> str:
    """`2:30 PM` as `14:30`, which email.utils needs (it ignores AM/PM). 12 AM is midnight and 12 PM noon;
    `13:30 PM` is no time at all (ValueError)."""

    def hour24(m: re.Match[str]) -> str:
        hour = int(m.group(1))
        if not 1 <= hour <= 12:
            raise ValueError(f"hour {hour} with {m.group(3)}M")
        return f"{hour % 12 + (12 if m.group(3) in 'Pp' else 0):02d}{m.group(2)}"

    return _TWELVE_HOUR.sub(hour24, text)


def _slashed(text: str, order: str | None = None) -> datetime | None:
    offset = None
    m = _OFFSET.search(text)
    if m and ":" in text[: m.start()]:  # an offset after a time, not the date's own dashes
        offset = _zone(m.group(0))
        text = text[: m.start()].strip()
    elif " " in text and text.rsplit(" ", 1)[1].upper() in _ZONE_NAMES:  # `19/07/2026 14:30 CEST`
        text, name = text.rsplit(" ", 1)
        offset = _named_zone(name.upper())
    m = _SLASHED.match(text)
    if not m:
        return None
    value = read_slashed(*m.groups(), order=order)
    return value.replace(tzinfo=offset) if offset else value


def read_slashed(
    a: str,
    b: str,
    c: str,
    hour: str | None = None,
    minute: str | None = None,
    second: str | None = None,
    ampm: str | None = None,
    order: str | None = None,
) -> datetime:
    """The fields of `a/b/c h:m:s AM`: `order` when given and possible, else what the fields allow."""
    if len(a) == 4:  # 2026/05/09
        year, month, day = int(a), int(b), int(c)
    else:
        year = int(c) if len(c) == 4 else 2000 + int(c)
        first, second_part = int(a), int(b)
        if first > 12:
            day, month = first, second_part
        elif second_part > 12:
            month, day = first, second_part
        elif order in ("mdy", "dmy"):
            month, day = (first, second_part) if order == "mdy" else (second_part, first)
        elif ampm and ampm[0].lower() in "ap":  # `9/5/2026 1:30:00 PM` is .NET's en-US format: month first
            # (not SA/CH: .NET's vi-VN format writes the day first, `19/07/2026 2:30:00 CH`)
            month, day = first, second_part
        else:  # `05/09/2026 09:18`: day first, as most of the world writes it
            day, month = first, second_part
    h = int(hour or 0)
    if ampm:
        if not 1 <= h <= 12:
            raise ValueError(f"hour {h} with {ampm}")
        h = h % 12 + (12 if ampm[0].lower() in "pc" else 0)  # PM, or CH (chiều) of .NET's vi-VN format
    return datetime(year, month, day, h, int(minute or 0), int(second or 0))


def _zone(text: str) -> timezone:
    text = text.strip().upper()
    if text in _ZONE_NAMES:
        return _named_zone(text)
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


def parse_iso(text: str) -> datetime:
    """Parse what utc_iso writes (and other ISO 8601 forms); naive values are taken as UTC."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


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
