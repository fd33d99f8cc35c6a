"""Dates as a site writes them, read from a whole feed or sitemap (archive.dates.style): the government outlet's
US-order, 12-hour RSS dates; the same CMS on a 24-hour clock, where only the YYMMDD in the article ids decides;
zones written three ways in one sitemap; a day name before the date (VnExpress's RSS), 12-hour clocks and
two-digit offsets, read alike by feeds and pages; the source's zone for naive times; bad dates give None."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from archive.dates import infer_order, normalize_date, parse_date, site_zone, zone_named
from archive.discovery import parse_feed, parse_sitemap
from archive.sources import SourceError, parse_sources
from tests.helpers import FIXTURES

OUTLETS = FIXTURES / "outlets"
VN = zone_named("Asia/Ho_Chi_Minh")
PLUS7 = timezone(timedelta(hours=7))


def test_us_order_and_pm_of_the_government_feed():
    feed = parse_feed((OUTLETS / "govt-feed-us-dates.rss").read_bytes(), "https://gov.example.vn/rss", tz=VN)
    got = [item.published.astimezone(PLUS7).isoformat() for item in feed.items]
    assert got == [
        "2026-09-05T13:30:00+07:00",
        "2026-09-05T09:15:00+07:00",
        "2026-09-04T20:30:00+07:00",
        "2026-09-03T12:00:00+07:00",
    ]
    assert feed.date_style.order("9/5/2026 1:30:00 PM") == "mdy"


def test_article_ids_decide_the_order_when_the_fields_cannot():
    feed = parse_feed((OUTLETS / "govt-feed-24h.rss").read_bytes(), "https://gov.example.vn/rss", tz=VN)
    assert feed.items[0].published == datetime(2026, 9, 5, 13, 30, tzinfo=VN)
    assert feed.items[1].published == datetime(2026, 9, 4, 9, 15, tzinfo=VN)
    # the same dates without URLs that carry them: day first, as most of the world writes it
    alone = infer_order([("9/5/2026 13:30:00", ""), ("9/4/2026 09:15:00", "")])
    assert alone.order("9/5/2026 13:30:00") == "dmy"


def test_a_first_field_over_12_fixes_the_order_of_every_item():
    style = infer_order([("05/09/2026 10:00", ""), ("13/09/2026 10:00", "")])
    assert style.order("05/09/2026 10:00") == "dmy"
    style = infer_order([("05/09/2026 10:00 PM", ""), ("25/08/2026 10:00 PM", "")])
    assert style.order("05/09/2026 10:00 PM") == "dmy"  # AM/PM means US order unless the items say otherwise
    style = infer_order([("09/05/2026 10:00", ""), ("09/25/2026 10:00", "")])
    assert style.order("09/05/2026 10:00") == "mdy"


def test_zones_written_three_ways_and_a_naive_one_in_the_sources_zone():
    sitemap = parse_sitemap(
        (OUTLETS / "mixed-zones-sitemap.xml").read_bytes(), "https://news.example.vn/s.xml", tz=VN
    )
    moments = {entry.published.astimezone(UTC) for entry in sitemap.entries}
    assert moments == {datetime(2026, 9, 5, 6, 30, tzinfo=UTC)}


# The shape of VnExpress's RSS dates: the weekday first (`Thứ 5` is Thursday), then the date, day first.
VNEXPRESS_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Tin mới nhất</title>
<item><title>Doanh nghiệp chứng khoán báo lãi tăng</title>
  <link>https://vnexpress.example.vn/chung-khoan-1.html</link>
  <pubDate>Thứ 5, 28/05/2026 17:00:00 GMT+7</pubDate></item>
<item><title>Giá vàng giảm</title><link>https://vnexpress.example.vn/gia-vang-2.html</link>
  <pubDate>Thứ 4, 03/06/2026 08:15:00 GMT+7</pubDate></item>
<item><title>Mưa lớn ở miền Bắc</title><link>https://vnexpress.example.vn/mua-lon-3.html</link>
  <pubDate>Chủ nhật, 19/07/2026, 14:30 (GMT+7)</pubDate></item>
</channel></rss>
"""


def test_weekday_first_dates_of_a_vietnamese_feed():
    feed = parse_feed(VNEXPRESS_FEED.encode(), "https://vnexpress.example.vn/rss/tin-moi-nhat.rss", tz=VN)
    got = [item.published.isoformat() for item in feed.items]
    assert got == ["2026-05-28T17:00:00+07:00", "2026-06-03T08:15:00+07:00", "2026-07-19T14:30:00+07:00"]
    # the day name is no part of the date's shape: 28/05 decides the order of 03/06 too
    assert feed.date_style.order("Thứ 4, 03/06/2026 08:15:00 GMT+7") == "dmy"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thứ 5, 28/05/2026 17:00:00 GMT+7", "2026-05-28T17:00:00+07:00"),
        ("Thứ Hai, 20/07/2026 06:31", "2026-07-20T06:31:00+07:00"),
        ("Chủ nhật, 19/07/2026, 14:30 (GMT+7)", "2026-07-19T14:30:00+07:00"),
        ("CHỦ NHẬT, 19/07/2026 14:30", "2026-07-19T14:30:00+07:00"),
        ("Chu nhat, 19/07/2026 14:30", "2026-07-19T14:30:00+07:00"),
        ("CN, 19/07/2026 14:30", "2026-07-19T14:30:00+07:00"),
        ("thu bay - 18/07/2026 09:00", "2026-07-18T09:00:00+07:00"),
        ("Thứ năm, 28/05/2026 - 17:00", "2026-05-28T17:00:00+07:00"),
        ("Thu 2 May 2026 10:00 +0000", "2026-05-02T10:00:00+00:00"),  # Thursday the 2nd, not Thứ 2
        ("Sun, 19 Jul 2026 2:30 PM +0700", "2026-07-19T14:30:00+07:00"),
        ("Sunday, July 19, 2026, 2:30 pm GMT+7", "2026-07-19T14:30:00+07:00"),
        ("Jul 19, 2026, 2:30:00 PM", "2026-07-19T14:30:00+07:00"),
        ("July 19, 2026 | 02:30 pm GMT+7", "2026-07-19T14:30:00+07:00"),
        ("July 19, 2026 - 14:30", "2026-07-19T14:30:00+07:00"),
        ("Sun, 19 Jul 2026 12:05 AM +0700", "2026-07-19T00:05:00+07:00"),
        ("Sun, 19 Jul 2026 12:05 PM +0700", "2026-07-19T12:05:00+07:00"),
        ("7/19/2026 2:30:00 CH", "2026-07-19T14:30:00+07:00"),
        ("19/07/2026 12:30:00 SA", "2026-07-19T00:30:00+07:00"),
        ("7/5/2026 2:30:00 CH", "2026-05-07T14:30:00+07:00"),  # SA/CH: .NET vi-VN, day first
        ("Thứ 4, 03/06/2026 8:15 AM", "2026-06-03T08:15:00+07:00"),  # a Wednesday, not 6 March (AM/PM)
        ("Fri, 03/06/2026 8:15 AM", "2026-03-06T08:15:00+07:00"),
        ("Sun, 19 Jul 2026 14:30:00 +07", "2026-07-19T14:30:00+07:00"),
        ("Sun, 19 Jul 2026 14:30:00 +7", "2026-07-19T14:30:00+07:00"),
        ("Sun, 19 Jul 2026 09:30:00 -05:00", "2026-07-19T09:30:00-05:00"),
        ("Sun, 19 Jul 2026 09:30:00 -05", "2026-07-19T09:30:00-05:00"),
        ("Sun, 19 Jul 2026 14:30:00 GMT+07:00", "2026-07-19T14:30:00+07:00"),
        ("Sun, 19 Jul 2026 14:30:00 UTC+7", "2026-07-19T14:30:00+07:00"),
        ("Sun, 19 Jul 2026 14:30:00 (GMT+7)", "2026-07-19T14:30:00+07:00"),
    ],
)
def test_day_names_12_hour_clocks_and_short_offsets_read_alike_by_feeds_and_pages(text, expected):
    assert parse_date(text, VN).isoformat() == expected  # feeds and sitemaps
    assert normalize_date(text, VN) == expected  # pages


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hôm qua",
        "13/13/2026",
        "99/99/9999 25:61 PM",
        "2026-02-30",
        "0/0/0",
        "Mon, 99 Foo 2026",
        "9/5/2026 13:30 PM",
        "Sun, 19 Jul 2026 13:30 PM +0700",
        "Sun, 19 Jul 2026 0:30 AM +0700",
        "Thứ Hai",
        "03-12-31",  # 2003-12-31 as feedparser reads it; a day-first reading makes it 2031: no date, not a wrong one
        "2099-01-01T00:00:00Z",  # a CMS's placeholder lastmod
    ],
)
def test_bad_dates_give_none(text):
    assert parse_date(text, VN) is None
    assert normalize_date(text, VN) is None


def test_source_timezone_is_validated_and_falls_back_to_language_or_host():
    ok = parse_sources('[sources.a]\nhomepage = "https://a.example/"\ntimezone = "Europe/Paris"\n')
    assert ok["a"].timezone == "Europe/Paris" and ok["a"].extract.timezone == "Europe/Paris"
    with pytest.raises(SourceError, match="timezone.*unknown time zone 'Asia/Hanoi'"):
        parse_sources('[sources.a]\nhomepage = "https://a.example/"\ntimezone = "Asia/Hanoi"\n')
    assert site_zone("", "vi", "").origin == "language"
    assert site_zone("", "", "tin.example.vn").origin == "host"
    assert site_zone("", "en", "example.com").zone is None


def test_shipped_sources_set_their_zone():
    from archive.sources import load_sources
    from tests.helpers import ROOT

    for source in load_sources(ROOT / "sources.toml").values():
        if source.language == "vi":
            assert source.timezone == "Asia/Ho_Chi_Minh", source.name


@pytest.mark.parametrize(
    ("zone", "text", "expected"),
    [
        (
            "Asia/Shanghai",
            "Wed Feb 19 20:29:58 CST 2020",
            "2020-02-19T20:29:58+08:00",
        ),  # Java servers in China
        (
            "America/Havana",
            "Wed, 19 Feb 2020 20:29:58 CST",
            "2020-02-19T20:29:58-05:00",
        ),  # Cuba Standard Time
        (
            "America/Chicago",
            "Wed, 19 Feb 2020 20:29:58 CST",
            "2020-02-19T20:29:58-06:00",
        ),  # RFC 822's US Central
        (
            "Asia/Manila",
            "Wed, 16 Jul 2025 09:30:00 PST",
            "2025-07-16T09:30:00+08:00",
        ),  # Philippine Standard Time
        ("Australia/Sydney", "Wed, 16 Jul 2025 09:30:00 EST", "2025-07-16T09:30:00+10:00"),
        ("Asia/Kuala_Lumpur", "Wed, 16 Jul 2025 09:30:00 MST", "2025-07-16T09:30:00+08:00"),
        ("America/Los_Angeles", "Wed, 16 Jul 2025 09:30:00 PST", "2025-07-16T09:30:00-08:00"),
        ("Europe/London", "Wed, 16 Jul 2025 09:30:00 EST", "2025-07-16T09:30:00-05:00"),
    ],
)
def test_us_zone_names_are_read_in_the_sites_zone_where_they_name_local_zones(zone, text, expected):
    site = zone_named(zone)
    assert parse_date(text, site).isoformat() == expected  # feeds and sitemaps
    assert normalize_date(text, site) == expected  # pages
    assert parse_date("Wed, 19 Feb 2020 20:29:58 CST", None).utcoffset() == timedelta(hours=-6)


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("Wed, 16 Jul 2025 09:30:00 PHT", "+08:00"),  # Philippine Time
        ("Wed, 16 Jul 2025 09:30:00 MYT", "+08:00"),  # Malaysia
        ("Wed, 16 Jul 2025 09:30:00 AEST", "+10:00"),
        ("Thu, 16 Jan 2025 09:30:00 AEDT", "+11:00"),
        ("Wed, 16 Jul 2025 09:30:00 NPT", "+05:45"),  # Nepal
        ("Wed, 16 Jul 2025 09:30:00 NZST", "+12:00"),
    ],
)
def test_zone_names_of_one_offset_in_asia_and_oceania(text, offset):
    assert parse_date(text, VN).isoformat().endswith(offset)  # not the site's +07:00
    assert normalize_date(text, VN).endswith(offset)
