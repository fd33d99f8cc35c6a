"""Dates as people and pages write them: in running text ("ngày 9 tháng 3 năm 2024", "09:18 05/09/2026",
"Chủ nhật, 19/7/2026, 22:35 (GMT+7)", "25. Januar 2022", "2018年6月18日 10:01") and in URLs (`/2026/09/05/`, `-20260905...`, ids that embed `YYMMDD`)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from urllib.parse import urlsplit

from archive.dates.parsing import drop_weekday, parse_date, read_named, us_zone_in_site_zone

__all__ = ["has_date", "normalize_date", "url_date", "url_mentions"]

# The date spelled out in words ("ngày 9 tháng 3 năm 2024", "9 tháng 3, 2024": day, month, year), by language.
_SPELLED_WORDS = {"vi": ("ngày", "tháng", "năm")}
_SPELLED = re.compile(
    "|".join(
        rf"(?:{d}\s*)?(?<!\d)(?P<d{i}>\d{{1,2}})\s*{m}\s*(?P<m{i}>\d{{1,2}})\s*(?:{y}|,)?\s*(?P<y{i}>(?:19|20)\d{{2}})"
        for i, (d, m, y) in enumerate(_SPELLED_WORDS.values())
    ),
    re.I,
)
# A month's name and no time, as pages print a day ("July 19, 2026", "19 Jul. 2026", "Sept 3rd, 2026", and in
# other European languages "25. Januar 2022", "1er mars 2022", "26 de abril de 2022")
_NAMED_DAY = re.compile(
    r"(?<!\w)(?:(?P<d1>\d{1,2})(?:st|nd|rd|th|er|\.)?\s+(?:of\s+|de\s+)?(?P<m1>[^\W\d_]{3,10})\.?,?\s+(?:del?\s+)?"
    r"(?P<y1>(?:19|20)\d{2})|(?P<m2>[^\W\d_]{3,10})\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d{2}))(?!\d)"
)
_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december",
)  # fmt: skip
# The months in German, French, Spanish, Italian, Portuguese and Dutch, whole words only: their abbreviations
# collide (French `jui` is June and July)
_EUROPEAN_MONTHS = {
    name: month
    for month, names in enumerate(
        (
            "januar janvier enero gennaio janeiro januari",
            "februar février fevrier febrero febbraio fevereiro februari",
            "märz maerz mars marzo março marco maart",
            "april avril abril aprile",
            "mai mayo maggio maio mei",
            "juni juin junio giugno junho",
            "juli juillet julio luglio julho",
            "august août aout agosto augustus",
            "september septembre septiembre setiembre settembre setembro",
            "oktober octobre octubre ottobre outubro",
            "november novembre noviembre novembro",
            "dezember décembre decembre diciembre dicembre dezembro december",
        ),
        1,
    )
    for name in names.split()
}
# Year, month and day each followed by its character, as Chinese and Japanese ("2018年6月18日") and Korean
# ("2018년 6월 18일") write them; then maybe a clock, after a half-day word (午後, 下午, 오후: afternoon)
_CJK_DAY = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")
_CJK_CLOCK = re.compile(
    r"^\W{0,3}(午前|午後|上午|下午|오전|오후)?\s*(\d{1,2})\s*(?::|[時时시]\s*)([0-5]\d)(?!\d)"
)
_AFTERNOON = ("午後", "下午", "오후")
_CLOCK_12 = re.compile(
    r"(?<!\d)(\d{1,2})\s*[:hg]\s*([0-5]\d)(?::([0-5]\d))?(?!\d)\s*([AaPp]\.?[Mm]\.?(?![A-Za-z]))?"
)
_UTC_ALONE = re.compile(r"(?<![A-Za-z])(?:UTC|GMT|Z)(?![A-Za-z]|\s*[+-]\d)")  # "06:28:00 UTC": offset 0
_GMT = re.compile(r"(?:GMT|UTC)\s*([+-]\d{1,2})")
_CLOCK = re.compile(r"(?<!\d)([01]?\d|2[0-3])\s*[:hg]\s*([0-5]\d)(?!\d)")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|[-_.]|$)")
_URL_STAMP = re.compile(r"[-_/]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:\d{0,9})(?:[-_./]|$)")
_DMY = re.compile(
    r"(?<!\d)(0?[1-9]|[12]\d|3[01])[/.-](0?[1-9]|1[0-2])[/.-]((?:19|20)\d{2})"
    r"(?:\D{1,6}?(\d{1,2})[:hg](\d{2})(?::(\d{2}))?)?(?:\s*\(?(?:GMT|UTC)\s*([+-]\d{1,2})\)?)?"
)
_YMD = re.compile(
    r"((?:19|20)\d{2})[/.-](0?[1-9]|1[0-2])[/.-](0?[1-9]|[12]\d|3[01])(?!\d)(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?"
)
_HMS_FIRST = re.compile(
    r"(\d{1,2})[:hg](\d{2})(?::(\d{2}))?\D{1,12}?(0?[1-9]|[12]\d|3[01])[/.-](0?[1-9]|1[0-2])[/.-]((?:19|20)\d{2})"
)
_MACHINE = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}(?:[ T,].*)?$|^[A-Za-z]{3}")


def normalize_date(
    value: str | None, default_tz: tzinfo | None = None, order: str | None = None
) -> str | None:
    """An ISO 8601 string (with offset when known) for the common date forms of web pages and feeds; a bare date
    stays a date (`2026-09-05`). `default_tz` is the zone of naive times; `order` reads ambiguous slashed dates."""
    if not value or not isinstance(value, str):
        return None
    text = " ".join(value.split())
    when = _parse(text, order)
    if when is None:
        return None
    if not 1990 <= when.year <= datetime.now(UTC).year + 1:
        return None
    if isinstance(when, datetime):
        when = us_zone_in_site_zone(text, when, default_tz)
        if when.tzinfo is None and default_tz is not None:
            when = when.replace(tzinfo=default_tz)
        if when.tzinfo is not None and when.utcoffset() is not None:
            when = when.replace(tzinfo=timezone(when.utcoffset()))  # "+07:00", not a zone name
        return when.isoformat(timespec="seconds")
    return when.isoformat()


def _parse(text: str, order: str | None) -> datetime | date | None:
    iso = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", text.replace("Z", "+00:00").replace("z", "+00:00"))
    iso = re.sub(r"\.\d+(?=[+-]\d{2}:\d{2}$|$)", "", iso)
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
            return date.fromisoformat(iso)
        return datetime.fromisoformat(iso)
    except ValueError:
        pass
    bare = drop_weekday(text)  # the same day names as feeds and sitemaps: `Thứ 5, 28/05/2026 17:00`
    if _MACHINE.match(bare):
        # the whole string is one date as a machine writes it (12-hour clocks, zones, month-first US order)
        whole = parse_date(text, None, order)  # with its day name, which may decide the order
        if whole is not None:
            if re.fullmatch(r"[\d/.-]+", bare) and whole.hour == whole.minute == 0:
                return whole.date()
            return whole
        if re.fullmatch(r"[\d/.\-:, T]+\s*(?:[AaPp]\.?[Mm]\.?|SA|CH)?", bare):
            return None  # a machine-written date that is not one (13:30 PM, 30 February): not a date
    named = read_named(re.sub(r"\s+at\s+(?=\d)", " ", bare))  # `19 July 2026, 2:30 pm`: as feeds read it
    if named is not None:
        return named
    match = _YMD.search(text)
    if match:
        y, m, d, hh, mm, ss = match.groups()
        return _build(y, m, d, hh, mm, ss, None)
    match = _DMY.search(text)
    if match and match.group(4) is not None:
        d, m, y, hh, mm, ss, gmt = match.groups()
        return _build(y, m, d, hh, mm, ss, gmt)
    clock_first = _HMS_FIRST.search(text)  # "08:46, 16/07/2026"
    if clock_first:
        hh, mm, ss, d, m, y = clock_first.groups()
        gmt = _GMT.search(text)
        return _build(y, m, d, hh, mm, ss, gmt.group(1) if gmt else None)
    if match:
        d, m, y, hh, mm, ss, gmt = match.groups()
        return _build(y, m, d, hh, mm, ss, gmt)
    day = _named_day(text)
    if day is not None:
        return day
    match = _SPELLED.search(text)
    if match:
        found = {k[0]: v for k, v in match.groupdict().items() if v}
        clock = _CLOCK.search(text)
        hh, mm = clock.groups() if clock else (None, None)
        gmt = _GMT.search(text)
        return _build(found["y"], found["m"], found["d"], hh, mm, None, gmt.group(1) if gmt else None)
    return _cjk_day(text)


def _named_day(text: str) -> datetime | date | None:
    """`July 19, 2026` or `19 Jul. 2026` where read_named could not take the whole string (`lúc 14:30, July
    19, 2026`): the day, with the clock written beside it; None when that clock is no time (`13:30 PM`)."""
    for match in _NAMED_DAY.finditer(text):
        d, m, y = (match.group(f"{k}1") or match.group(f"{k}2") for k in "dmy")
        month = _month(m)
        if not month:
            continue
        clock = _CLOCK_12.search(text)
        if clock is None:
            return _build(y, month, d, None, None, None, None)
        hh, mm, ss, half = clock.groups()
        if half:
            if not 1 <= int(hh) <= 12:
                return None
            hh = int(hh) % 12 + (12 if half[0] in "Pp" else 0)
        gmt = _GMT.search(text)
        offset = gmt.group(1) if gmt else ("0" if _UTC_ALONE.search(text) else None)
        return _build(y, month, d, hh, mm, ss, offset)
    return None


def _month(word: str) -> int:
    """The month a name says (English also abbreviated: `Sept`, `Jul`), or 0."""
    word = word.lower()
    english = next((i for i, name in enumerate(_MONTH_NAMES, 1) if name.startswith(word)), 0)
    return english or _EUROPEAN_MONTHS.get(word, 0)


def _cjk_day(text: str) -> datetime | date | None:
    """`2018年6月18日 10:01`, `2019년 8월 20일 오후 3:30`: the day, with the clock written right after it. A
    half-day word turns a 12-hour clock into 24 hours; one beside 0 or 12 o'clock (午前12時 is noon or midnight
    as the writer pleases) leaves the day alone."""
    match = _CJK_DAY.search(text)
    if match is None:
        return None
    clock = _CJK_CLOCK.match(text[match.end() :])
    if clock is None:
        return _build(*match.groups(), None, None, None, None)
    half, hh, mm = clock.groups()
    if half:
        if not 1 <= int(hh) <= 11:
            return _build(*match.groups(), None, None, None, None)
        hh = int(hh) + (12 if half in _AFTERNOON else 0)
    return _build(*match.groups(), hh, mm, None, None)


def _build(y, m, d, hh, mm, ss, gmt) -> datetime | date | None:
    try:
        if hh is None:
            return date(int(y), int(m), int(d))
        tz = timezone(timedelta(hours=int(gmt))) if gmt else None
        return datetime(int(y), int(m), int(d), int(hh), int(mm), int(ss or 0), tzinfo=tz)
    except ValueError:
        return None


def url_date(url: str) -> str | None:
    """The date a URL's path spells out (`/2026/09/05/`, `-20260905...`), as `YYYY-MM-DD`."""
    path = urlsplit(url).path
    match = _URL_DATE.search(path) or _URL_STAMP.search(path)
    if not match:
        return None
    y, m, d = (int(g) for g in match.groups())
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def url_mentions(url: str, day: date) -> bool:
    """Whether the URL's path carries `day`: as `/2026/09/05/`, `2026-09-05`, `20260905`, or `260905` inside a
    long numeric id (CMSs that number articles by date: `...-102260905133012.htm`). Only to choose between
    readings of one date; alone, six digits inside an id prove nothing."""
    path = urlsplit(url).path
    found = url_date(url)
    if found == day.isoformat():
        return True
    y, m, d = day.year, day.month, day.day
    long_runs = re.findall(r"\d{8,}", path)
    short = f"{y % 100:02d}{m:02d}{d:02d}"
    full = f"{y:04d}{m:02d}{d:02d}"
    return any(full in run or short in run for run in long_runs)


def has_date(text: str) -> bool:
    return bool(
        _DMY.search(text)
        or _YMD.search(text)
        or _SPELLED.search(text)
        or _CJK_DAY.search(text)
        or _named_day(text)
    )
