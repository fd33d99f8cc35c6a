"""Issue 13's cases on markup reproduced from real outlets (tests/fixtures/outlets): an agency's article at
`/<long-slug>/<id>.html` without og:type, captions beside the figure and in a lightbox link's data-caption,
HTML entities inside JSON-LD, a feed date in US order with a 12-hour clock reaching the page, the source's time zone
and where it came from, and no outlet names in the generic extractor."""

from __future__ import annotations

import re
from pathlib import Path

from archive.discovery.pagekinds import page_kind, url_kind
from archive.extract.core import extract
from archive.sources import ExtractProfile
from tests.helpers import FIXTURES, ROOT

OUTLETS = FIXTURES / "outlets"
AGENCY_URL = (
    "https://agency.example.vn/chinh-phu-hop-truc-tuyen-voi-cac-dia-phuong-ve-tang-truong-kinh-te/435626.html"
)


def test_agency_article_at_slug_then_id_is_an_article():
    html = (OUTLETS / "agency-article-insertimage.html").read_bytes()
    assert url_kind(AGENCY_URL) == "article"
    evidence = page_kind(AGENCY_URL, html)
    assert evidence.kind == "article"
    assert "url:slug/id" in evidence.reasons and "build:headline+prose" in evidence.reasons
    # the build alone decides when the URL says nothing: one <article>, one <h1>, paragraphs of prose
    alone = page_kind("https://agency.example.vn/435626", html)
    assert alone.kind == "article", alone
    result = extract(html, AGENCY_URL)
    assert result["reason"] is None and result["page_kind"] == "article"
    assert "Đoạn văn thứ 10 của bài viết" in result["text"]


def test_captions_beside_the_figure_and_in_the_lightbox_link():
    result = extract((OUTLETS / "agency-article-insertimage.html").read_bytes(), AGENCY_URL)
    images = [i for i in result["images"] if "/2026/09/05/anh-" in i["src"]]
    assert len(images) == 10
    assert all(i["caption"] and i["credit"] for i in images), images
    assert images[0]["caption"] == "Thủ tướng phát biểu tại phiên khai mạc hội nghị."
    assert images[0]["credit"] == "Dương Giang/TTXVN"
    assert images[4]["credit"] == "Tá Chuyên/TTXVN"
    for image in images:
        assert image["caption"] not in result["text"]
    # teaser thumbnails of related articles get no caption
    assert all(not i["caption"] for i in result["images"] if "/thumb/" in i["src"])


def test_caption_in_data_caption_alone():
    html = (OUTLETS / "agency-article-insertimage.html").read_text(encoding="utf-8")
    html = re.sub(r'<div class="lr-caption">[^<]*</div>', "", html)
    result = extract(html.encode(), AGENCY_URL)
    images = [i for i in result["images"] if "/2026/09/05/anh-" in i["src"]]
    assert [i["credit"] for i in images].count(None) == 0 and len(images) == 10


def test_html_entities_inside_jsonld():
    result = extract(
        (OUTLETS / "jsonld-entities.html").read_bytes(),
        "https://gov.example.vn/co-che-102260904203000222.htm",
    )
    assert result["title"] == "Cơ chế, chính sách đặc thù cho các dự án trọng điểm quốc gia"
    assert result["author"] == "Nguyễn Văn A"
    assert result["modified"] == "2026-09-05T08:00:00+07:00"
    jsonld_image = next(i for i in result["images"] if i["src"].endswith("du-an.jpg"))
    assert (jsonld_image["caption"], jsonld_image["credit"]) == ("Công trường dự án cao tốc.", "Tư liệu")


PLAIN = (
    '<html lang="vi"><head><meta charset="utf-8"><title>Tin</title></head><body><article><h1>Chính phủ họp</h1>'
    + "<p>"
    + "Nội dung bài viết về phiên họp Chính phủ thường kỳ tháng tám. " * 6
    + "</p>"
    + "</article></body></html>"
).encode()


def test_feed_date_in_us_order_with_pm_reaches_the_page():
    """A page without a date of its own takes the feed's, read as the feed writes it (before: 2026-05-09T01:30)."""
    url = "https://gov.example.vn/thu-tuong-chu-tri-phien-hop-102260905133012345.htm"
    result = extract(PLAIN, url, hints={"feed:pubDate": "9/5/2026 1:30:00 PM"})
    assert (result["published"], result["published_from"]) == ("2026-09-05T13:30:00+07:00", "feed")
    spider = {"feed:pubDate": "9/5/2026 1:30:00", "published_local": "2026-09-05T13:30:00+07:00"}
    assert extract(PLAIN, url, hints=spider)["published"] == "2026-09-05T13:30:00+07:00"


def test_time_zone_from_the_source_and_where_it_came_from():
    naive = PLAIN.replace(
        b"<title>", b'<meta property="article:published_time" content="2026-09-05T13:30:00"><title>'
    )
    english = naive.replace(b'lang="vi"', b'lang="en"').replace(
        "Nội dung bài viết về phiên họp Chính phủ thường kỳ tháng tám. ".encode(),
        b"The government met on Saturday to discuss the budget and the economy of the year. ",
    )
    url = "https://news.example.com/2026/09/05/a-long-article-slug-here.html"
    result = extract(english, url, profile=ExtractProfile(timezone="Asia/Ho_Chi_Minh"))
    assert (result["published"], result["published_zone"]) == ("2026-09-05T13:30:00+07:00", "source")
    result = extract(english, url, profile=ExtractProfile(timezone="Europe/Paris"))
    assert (result["published"], result["published_zone"]) == ("2026-09-05T13:30:00+02:00", "source")
    result = extract(naive, "https://tin.example.vn/2026/09/05/bai-viet-dai.html")
    assert (result["published"], result["published_zone"]) == ("2026-09-05T13:30:00+07:00", "language")
    result = extract(english, url)
    assert (result["published"], result["published_zone"]) == ("2026-09-05T13:30:00", None)
    written = naive.replace(b"2026-09-05T13:30:00", b"2026-09-05T13:30:00+09:00")
    assert extract(written, url)["published_zone"] == "page"


def test_discovery_and_page_dates_a_day_apart_are_flagged():
    dated = PLAIN.replace(
        b"<title>", b'<meta property="article:published_time" content="2026-09-05T13:30:00+07:00"><title>'
    )
    url = "https://gov.example.vn/bai-viet-102260905133012345.htm"
    result = extract(dated, url, hints={"published_local": "2026-05-09T01:30:00+07:00"})
    assert result["date_conflict"]["page"] == "2026-09-05T13:30:00+07:00"
    assert result["date_conflict"]["hours"] > 24
    assert (
        extract(dated, url, hints={"published_local": "2026-09-05T13:00:00+07:00"})["date_conflict"] is None
    )


def test_generic_extractor_names_no_vietnamese_outlet():
    outlets = re.compile(
        r"ttxvn|vnexpress|vietnamplus|baochinhphu|báo chính phủ|nhandan|nhân dân|qdnd|vov\b|vtv\b|tuoitre|"
        r"thanhnien|dantri|tienphong|bnews|baotintuc|\bvna\b|cand\.com",
        re.I,
    )
    for path in [
        *(ROOT / "archive" / "extract").glob("*.py"),
        *(ROOT / "archive" / "extract").glob("*.toml"),
    ]:
        found = outlets.findall(path.read_text(encoding="utf-8"))
        assert not found, (path.name, found)


def test_credit_words_are_data_of_every_language():
    from archive.extract.credits import split_credit

    assert split_credit("Quang cảnh. Ảnh: Minh Anh") == ("Quang cảnh.", "Minh Anh")
    assert split_credit("The scene. Photo: Jane Doe") == ("The scene.", "Jane Doe")
    assert split_credit("La scène. Crédit photo : Jean Dupont")[1] == "Jean Dupont"
    assert split_credit("Die Ministerin in Berlin. Foto: Max Muster")[1] == "Max Muster"
    assert split_credit("Hội nghị (TTXVN/Agency+)") == ("Hội nghị", "TTXVN/Agency+")
    assert split_credit("Thủ tướng (giữa) phát biểu")[1] is None


def test_a_vietnamese_page_that_declares_english_still_gets_its_credits():
    """Templates keep a stale `lang="en"` (a real tuoitre.vn page of 2015 did): "Ảnh:" is a credit whatever the
    page says of its language."""
    html = (
        '<html lang="en"><head><meta charset="utf-8"><title>Chặt cây xanh Hà Nội</title></head><body><article>'
        "<h1>Chặt cây xanh Hà Nội</h1>"
        + "".join(
            f"<p>Đoạn {i}: thanh tra thành phố công bố kết luận về việc thay thế cây xanh trên các tuyến phố, "
            "nêu rõ trách nhiệm của các đơn vị liên quan và kiến nghị xử lý sai phạm.</p>"
            for i in range(5)
        )
        + '<figure><img src="/cay.jpg" width="600"><figcaption>Người dân theo dõi việc thanh tra vụ chặt cây '
        "xanh - Ảnh: V.D</figcaption></figure></article></body></html>"
    ).encode()
    result = extract(html, "https://example.vn/tin/chat-cay-xanh/724115.html")
    assert [(i["caption"], i["credit"]) for i in result["images"]] == [
        ("Người dân theo dõi việc thanh tra vụ chặt cây xanh", "V.D")
    ]
    assert (
        "theo"
        not in Path(ROOT / "archive" / "extract" / "core.py").read_text(encoding="utf-8").lower().split()
    )


def _bylined(jsonld_author: str, byline: str) -> bytes:
    paragraphs = "".join(
        f"<p>Đoạn {k}: Quốc hội đã bỏ phiếu thông qua nghị quyết về kế hoạch phát triển kinh tế xã hội năm tới.</p>"
        for k in range(1, 6)
    )
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Quốc hội thông qua nghị quyết</title>'
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Quốc hội thông qua nghị quyết",'
        f'"author":{{"@type":"Person","name":"{jsonld_author}"}}}}</script></head><body><article>'
        f'<h1>Quốc hội thông qua nghị quyết</h1>{paragraphs}<div class="author">{byline}</div></article></body></html>'
    ).encode()


def test_an_author_run_together_in_the_metadata_is_spaced_as_the_page_shows_it():
    # Báo Tin tức writes "Tâm HằngTTXVN" in its JSON-LD for <strong>Tâm Hằng</strong><i> (TTXVN)</i>
    url = "https://agency.example.vn/the-gioi/quoc-hoi-thong-qua-nghi-quyet-20260716171712046.htm"
    html = _bylined("Tâm HằngTTXVN", "<strong>Tâm Hằng</strong><i> (TTXVN)</i>")
    assert extract(html, url)["author"] == "Tâm Hằng (TTXVN)"
    real = ROOT.parent / "shared/data/vn-real/baotintuc.vn__article__20260716171712046.html"
    if real.exists():
        assert extract(real.read_bytes(), url)["author"] == "Tâm Hằng (TTXVN)"
    # a different name on the page is never taken instead of the metadata's; a name with inner capitals stays
    assert extract(_bylined("Lan HươngVNA", "<b>Minh Anh</b>"), url)["author"] == "Lan HươngVNA"
    assert extract(_bylined("Sarah McDonald", "<b>Sarah McDonald</b>"), url)["author"] == "Sarah McDonald"


def test_an_article_whose_cms_sets_every_module_heading_as_an_h1_is_still_an_article():
    """yle.fi sets the headings of its menus and side modules as <h1>s too (six on an article page): with an
    article's worth of prose beside them, the count of <h1>s says nothing; a homepage's many <h1>s still do."""
    modules = "".join(f"<div class='module'><h1>Mục {i}</h1><a href='/m{i}'>Xem</a></div>" for i in range(5))
    prose = "".join(
        f"<p>Đoạn {i}: mùa đông ở thủ đô đang ấm dần lên, mưa nhiều hơn tuyết và những tháng tối kéo dài hơn, "
        "theo báo cáo mới của viện khí tượng quốc gia công bố sáng nay.</p>"
        for i in range(12)
    )
    html = (
        '<html lang="vi"><head><meta property="og:type" content="website"><title>Mùa đông ấm</title></head>'
        f"<body>{modules}<article><h1>Mùa đông ở thủ đô ấm dần lên</h1>{prose}</article></body></html>"
    ).encode()
    url = "https://news.example.fi/uutiset/3-11212601"
    assert page_kind(url, html).kind == "article"
    assert extract(html, url)["reason"] is None
    teasers = "".join(
        f"<h1><a href='/a{i}'>Tin số {i} trong ngày hôm nay</a></h1><p>Tóm tắt ngắn.</p>" for i in range(8)
    )
    home = f"<html><head><title>Báo</title></head><body>{teasers}</body></html>".encode()
    assert page_kind("https://news.example.fi/", home).kind == "listing"
