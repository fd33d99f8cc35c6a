"""Page dates as official press sites outside Vietnam write them: a time of day that refines a day, zone
abbreviations, CJK and European month names, datelines, and the zone of a country domain. The pages are
hand-written equivalents of real ones (Tuổi Trẻ mobile, China Daily, Banyuetan, AFPBB, BMZ, THW, LSM, Granma),
which a sweep of the trafilatura (Apache-2.0), newspaper4k (MIT) and naustudio/tuoitrevn-optimization-case-study
(MIT) test pages showed."""

from __future__ import annotations

import pytest

from archive.dates import normalize_date, site_zone
from archive.extract.core import extract

PARAGRAPHS = "".join(
    f"<p>Paragraph {i} of the story tells how the meeting went, what the delegates said and which conclusions "
    f"they agreed on after many hours of lively discussion in the hall.</p>"
    for i in range(1, 6)
)


def page(
    body: str = PARAGRAPHS, head: str = "", lang: str = "en", before: str = "", after: str = ""
) -> bytes:
    """A page whose article (headline, then `body`) sits between `before` and `after` (header, sidebars)."""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>A test headline</title>{head}'
        f'</head><body>{before}<div class="story"><h1>A test headline</h1>{body}</div>{after}</body></html>'
    ).encode()


def published(html: bytes, url: str = "https://news.example.com/a-123456.html") -> tuple:
    result = extract(html, url)
    return result["published"], result["published_from"], result["published_zone"]


# -- a time of day refines a day ------------------------------------------------------------------------------
def test_a_visible_time_refines_the_urls_day():
    body = '<p><span class="date">23/03/2015 08:06 GMT+7</span></p>' + PARAGRAPHS
    url = "https://news.example.com/tin/20150323/a-story/724115.html"
    assert published(page(body), url) == ("2015-03-23T08:06:00+07:00", "text", "page")


def test_a_later_meta_tag_with_a_time_refines_an_earlier_ones_day():
    head = '<meta name="publishdate" content="2020-01-02"><meta property="og:release_date" content="2020-01-02 17:11">'
    assert published(page(head=head))[:2] == ("2020-01-02T17:11:00", "meta")


def test_the_time_under_the_headline_refines_a_day_only_meta_tag():
    head = '<meta name="publishdate" content="2023-11-17">'
    body = '<div class="info"><div>Source: Example Daily</div><div>2023-11-17 15:13</div></div>' + PARAGRAPHS
    assert published(page(body, head))[:2] == ("2023-11-17T15:13:00", "text")


def test_a_time_on_another_day_leaves_the_day_alone():
    head = '<meta name="publishdate" content="2023-11-17">'
    body = '<div class="info">2023-11-16 15:13</div>' + PARAGRAPHS
    assert published(page(body, head))[:2] == ("2023-11-17", "meta")


def test_a_sidebar_time_of_another_story_does_not_refine_the_pages_metadata():
    head = '<meta name="publishdate" content="2023-11-17">'
    sidebar = (
        '<div class="most-read"><time datetime="2023-11-17T06:00:00+08:00">6:00</time> Other story</div>'
    )
    assert published(page(head=head, after=sidebar))[:2] == ("2023-11-17", "meta")
    # nor does one on a page without an article container of its own (the whole page is no article)
    lone = (
        b'<html lang="en"><head><meta name="publishdate" content="2023-11-17"></head><body><p>Short.</p>'
        b'<time datetime="2023-11-17T06:00:00+08:00">6:00</time></body></html>'
    )
    assert published(lone)[:2] == ("2023-11-17", "meta")


def test_the_date_after_the_headline_shown_not_after_a_hidden_copy_for_share_previews():
    hidden = '<div style="display: none"><h1>A test headline</h1><h2>A summary for the share card</h2></div>'
    body = '<div class="info">Source: Example Daily 2023-11-17 15:13</div>' + PARAGRAPHS
    html = page(body, '<meta name="publishdate" content="2023-11-17">', before=hidden)
    assert published(html)[:2] == ("2023-11-17T15:13:00", "text")


# -- how dates are written --------------------------------------------------------------------------------------
def test_a_cjk_date_under_the_headline_in_the_zone_of_the_pages_language():
    body = (
        '<div><span class="day">2018年6月18日 10:01\u3000<span>発信地：カノ</span></span></div>' + PARAGRAPHS
    )
    assert published(page(body, lang="ja")) == ("2018-06-18T10:01:00+09:00", "text", "language")


def test_a_java_style_date_keeps_its_zone_abbreviation():
    head = '<meta property="og:article:published_time" content="Mon Oct 11 14:57:21 CEST 2021">'
    assert published(page(head=head)) == ("2021-10-11T14:57:21+02:00", "meta", "page")
    ld = '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2021-01-03T17:40:00EET"}</script>'
    assert published(page(head=ld)) == ("2021-01-03T17:40:00+02:00", "jsonld", "page")


def test_a_press_release_dateline_opening_the_lead_dates_it():
    lead = (
        '<div class="teaser"><p>Pressemitteilung vom 25. Januar 2022 | Berlin – Die künftige Zusammenarbeit mit '
        "dem Welternährungsprogramm stand im Mittelpunkt eines Treffens der Ministerin mit dem Direktor.</p></div>"
    )
    assert published(page(lead + PARAGRAPHS, lang="de"))[:2] == ("2022-01-25", "text")


def test_a_date_a_sentence_of_the_lead_mentions_is_no_dateline():
    lead = (
        '<div class="teaser"><p>Am 25. Januar 2022 hat die Ministerin den Direktor des Welternährungsprogramms '
        "getroffen, um über die künftige Zusammenarbeit beider Häuser zu sprechen.</p></div>"
    )
    assert published(page(lead + PARAGRAPHS, lang="de"))[0] is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Mon Oct 11 14:57:21 CEST 2021", "2021-10-11T14:57:21+02:00"),
        ("Wed Nov 10 12:48:39 CET 2021", "2021-11-10T12:48:39+01:00"),
        ("2021-01-03T17:40:00EET", "2021-01-03T17:40:00+02:00"),
        ("19/07/2026 14:30 EEST", "2026-07-19T14:30:00+03:00"),
        ("Jul 19, 2026 2:30 PM JST", "2026-07-19T14:30:00+09:00"),
        ("2026-07-19 14:30 WIB", "2026-07-19T14:30:00+07:00"),
        ("2020-07-01T10:00:00MSK", "2020-07-01T10:00:00+03:00"),
        ("2013-07-01T10:00:00MSK", "2013-07-01T10:00:00+04:00"),  # Moscow kept summer time all year 2011-2014
        ("2026-07-19 14:30 IST", "2026-07-19T14:30:00"),  # India, Ireland or Israel: the site's zone decides
        ("19 Jul 2026 14:30 BST", "2026-07-19T14:30:00"),  # British summer or Bangladesh
        ("19 Jul 2026 14:30 West Java", "2026-07-19T14:30:00"),  # a word, not WEST
        ("2018年6月18日 10:01", "2018-06-18T10:01:00"),
        ("2019년 8월 20일 오후 3:30", "2019-08-20T15:30:00"),
        ("2019年8月20日 下午3:30", "2019-08-20T15:30:00"),
        ("2019年8月20日 午前12時05分", "2019-08-20"),  # noon or midnight, as the writer pleases
        ("[06月24日 11時30分]", None),  # no year
        ("Pressemitteilung vom 25. Januar 2022", "2022-01-25"),
        ("12 März 2021", "2021-03-12"),
        ("1er mars 2022", "2022-03-01"),
        ("3 août 2020, 14h30", "2020-08-03T14:30:00"),
        ("26 de abril de 2022", "2022-04-26"),
        ("26 Abril 2022  20:04:10", "2022-04-26T20:04:10"),
        ("25 gennaio 2022", "2022-01-25"),
        ("25 januari 2022", "2022-01-25"),
        ("5 de junho de 2021", "2021-06-05"),
        ("Mai 2021", None),
        ("15 Marco Polo 2020", None),
    ],
)
def test_normalize_date(value, expected):
    assert normalize_date(value) == expected


# -- zones of country domains and languages ---------------------------------------------------------------------
def test_a_naive_time_on_a_country_domain_of_one_zone_takes_that_zone():
    time = '<time datetime="2022-04-26T23:04:54">26.04.2022</time>'
    url = "https://www.example.cu/2022-04-26/a-story"
    assert published(page(time + PARAGRAPHS, lang="es"), url) == ("2022-04-26T23:04:54-04:00", "time", "host")


@pytest.mark.parametrize(
    ("language", "host", "zone"),
    [
        ("", "www.example.de", "Europe/Berlin"),
        ("", "example.gv.at", "Europe/Vienna"),
        ("", "www.example.admin.ch", "Europe/Zurich"),
        ("", "yle.example.fi", "Europe/Helsinki"),
        ("", "www.example.lv", "Europe/Riga"),
        ("", "www.example.cz", "Europe/Prague"),
        ("", "www.example.pl", "Europe/Warsaw"),
        ("", "www.example.it", "Europe/Rome"),
        ("", "www.example.nl", "Europe/Amsterdam"),
        ("", "www.example.be", "Europe/Brussels"),
        ("", "www.example.cu", "America/Havana"),
        ("zh", "www.example.com", "Asia/Shanghai"),
        ("zh-TW", "", "Asia/Shanghai"),
    ],
)
def test_single_zone_countries_and_languages(language, host, zone):
    assert site_zone("", language, host).name == zone


@pytest.mark.parametrize(
    "host",
    [
        "www.example.fr",
        "www.example.es",
        "www.example.pt",
        "www.example.us",
        "www.example.ru",
        "www.example.com.au",
    ],
)
def test_countries_with_regions_in_other_zones_stay_naive(host):
    assert site_zone("", "", host).zone is None
