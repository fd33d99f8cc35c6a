"""The parts of extraction one at a time: encodings, credits, dates, titles, reasons, profiles, hints."""

from __future__ import annotations

import codecs
import re

import pytest

from archive.extract import core as extraction
from archive.extract.captions import split_credit
from archive.extract.core import extract
from archive.extract.encoding import decode_html
from archive.extract.metadata import normalize_date, strip_site_suffix
from archive.sources import ExtractProfile

PARAGRAPHS = "".join(
    f"<p>Đoạn văn số {i} của bài báo kể lại diễn biến cuộc họp, các ý kiến phát biểu và những kết luận "
    f"được thống nhất sau nhiều giờ thảo luận sôi nổi giữa các đại biểu tham dự.</p>"
    for i in range(1, 6)
)


def page(body: str = PARAGRAPHS, head: str = "", lang: str = "vi") -> bytes:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>Tiêu đề bài viết thử nghiệm</title>'
        f"{head}</head><body><article><h1>Tiêu đề bài viết thử nghiệm</h1>{body}</article></body></html>"
    ).encode()


# -- encodings ----------------------------------------------------------------------------------------------
def test_bom_beats_header_and_meta():
    html = codecs.BOM_UTF8 + '<meta charset="windows-1258"><p>Hà Nội</p>'.encode()
    text, codec = decode_html(html, "text/html; charset=iso-8859-1")
    assert codec == "utf-8" and "Hà Nội" in text


def test_header_beats_meta_and_meta_beats_detection():
    html = '<meta charset="utf-8"><p>Hà Nội</p>'.encode("cp1258", "ignore")
    assert decode_html(html, "text/html; charset=windows-1258")[1] == "cp1258"
    assert decode_html(b'<meta charset="windows-1258"><p>x</p>')[1] == "cp1258"


def test_latin1_label_means_windows_1252_and_unknown_labels_fall_through():
    assert decode_html(b"<p>\x93quoted\x94</p>", "text/html; charset=ISO-8859-1") == (
        "<p>“quoted”</p>",
        "cp1252",
    )
    assert decode_html("<p>Hà Nội</p>".encode(), "text/html; charset=x-no-such-charset")[1] == "utf-8"


def test_windows_1258_combining_marks_become_nfc_text():
    # "Thủ tướng" as windows-1258 writes it: base letters and separate tone marks
    html = (
        b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258"></head><body>'
    )
    html += (
        b"<article><h1>Thu\xd2 t\xfd\xf5\xecng</h1>" + ("<p>" + "x " * 80 + "</p>").encode() + b"</article>"
    )
    result = extract(html, "http://example.vn/a-123456.html")
    assert result["title"] == "Thủ tướng"
    assert result["encoding"] == "cp1258"


# -- credits ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        ("Đại tướng Tô Lâm phát biểu. (Ảnh: TTXVN phát)", "Đại tướng Tô Lâm phát biểu.", "TTXVN phát"),
        ("Thủ tướng phát biểu - Ảnh: VGP/Nhật Bắc", "Thủ tướng phát biểu", "VGP/Nhật Bắc"),
        ("Ông A, Bộ trưởng. Ảnh: Hoàng Phong", "Ông A, Bộ trưởng.", "Hoàng Phong"),
        ("Containers at a port. Photo: Reuters", "Containers at a port.", "Reuters"),
        ("Quang cảnh hội nghị (TTXVN)", "Quang cảnh hội nghị", "TTXVN"),
        ("Ảnh minh họa", "Ảnh minh họa", None),
        ("Cầu Rồng về đêm", "Cầu Rồng về đêm", None),
        # a full-width colon and parentheses; Chinese and Japanese credit words
        ("会議の様子（写真：共同）", "会議の様子", "共同"),
        ("街景。图片来源：新华社", "街景。", "新华社"),
        # a Chinese agency's signature: the photographer's name, then 摄 ("took")
        ("2月17日在武汉拍摄的街景。新华社记者 才扬 摄", "2月17日在武汉拍摄的街景。", "新华社记者 才扬"),
        ("志愿者正在录制视频 李尕 摄", "志愿者正在录制视频", "李尕"),
        ("一位市民在拍摄", "一位市民在拍摄", None),
    ],
)
def test_split_credit(text, caption, credit):
    assert split_credit(text) == (caption, credit)


# -- dates --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-01-03T16:05:00+0700", "2024-01-03T16:05:00+07:00"),
        ("2024-01-03T09:05:00Z", "2024-01-03T09:05:00+00:00"),
        ("2024-01-03T16:05:00.000+07:00", "2024-01-03T16:05:00+07:00"),
        ("Wed, 03 Jan 2024 16:05:00 +0700", "2024-01-03T16:05:00+07:00"),
        ("03/01/2024 16:05", "2024-01-03T16:05:00+07:00"),
        ("Thứ tư, 3/1/2024, 16:05 (GMT+7)", "2024-01-03T16:05:00+07:00"),
        ("2024-01-03", "2024-01-03"),
        ("Thứ Tư, ngày 3 tháng 1 năm 2024, 16:05", "2024-01-03T16:05:00+07:00"),
        ("Cập nhật 16h05 ngày 3 tháng 1 năm 2024", "2024-01-03T16:05:00+07:00"),
        ("Thứ 4, 03/01/2024 16:05:00 GMT+7", "2024-01-03T16:05:00+07:00"),
        ("Wednesday, January 3, 2024, 4:05 pm GMT+7", "2024-01-03T16:05:00+07:00"),
        ("3 January 2024, 4:05 p.m.", "2024-01-03T16:05:00+07:00"),
        ("Jan 3, 2024 | 04:05 PM", "2024-01-03T16:05:00+07:00"),
        ("19 tháng 7, 2026", "2026-07-19"),
        ("Cập nhật lúc 14:30, 19 tháng 07 năm 2026", "2026-07-19T14:30:00+07:00"),
        ("July 19, 2026", "2026-07-19"),
        ("Published: 19 Jul. 2026", "2026-07-19"),
        ("Sept 3rd, 2026", "2026-09-03"),
        ("July 19, 2026 at 2:30 PM", "2026-07-19T14:30:00+07:00"),
        ("lúc 14:30, July 19, 2026", "2026-07-19T14:30:00+07:00"),
        ("Mon, 13 Feb, 2012 06:28:00 UTC", "2012-02-13T06:28:00+00:00"),
        ("July 19, 2026 25:10", None),
        ("Decree 12, 2026", None),
        ("Version 2 2026", None),
        ("not a date", None),
        ("1850-01-01", None),
    ],
)
def test_normalize_date(value, expected):
    assert normalize_date(value, extraction_tz()) == expected


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [("July 19, 2026", "2026-07-19"), ("Hà Nội, 19 tháng 7, 2026", "2026-07-19")],
)
def test_a_dateline_under_the_headline_with_the_month_in_words_dates_the_article(dateline, expected):
    body = f'<p class="meta">{dateline}</p>' + PARAGRAPHS
    assert extract(page(body), "https://example.vn/a-123456.html")["published"] == expected


def extraction_tz():
    from archive.dates import zone_named

    return zone_named("Asia/Ho_Chi_Minh")


def test_today_in_the_page_header_does_not_become_the_date():
    head_only = (
        '<div class="header"><span class="date">Thứ Năm, 27/11/2026</span></div>'
        '<time datetime="2026-11-27T08:00:00+07:00" class="header-clock"></time>'
    )
    html = page().replace(b"<body>", b"<body><header>" + head_only.encode() + b"</header>")
    result = extract(html, "https://example.vn/bai-viet-123456.html")
    assert result["published"] is None


def test_date_sources_in_order_jsonld_meta_feed_url():
    jsonld = '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-02-01T10:00:00+07:00"}</script>'
    meta = '<meta property="article:published_time" content="2024-02-02T10:00:00+07:00">'
    url = "https://example.vn/2024/02/04/bai-viet-thu-nghiem.html"
    hints = {"published": "2024-02-03T03:00:00Z", "news:publication_date": "2024-02-03T10:00:00+07:00"}
    assert extract(page(head=jsonld + meta), url, hints=hints)["published_from"] == "jsonld"
    assert extract(page(head=meta), url, hints=hints)["published"] == "2024-02-02T10:00:00+07:00"
    result = extract(page(), url, hints=hints)
    assert (result["published"], result["published_from"]) == ("2024-02-03T10:00:00+07:00", "feed")
    result = extract(page(), url)
    assert (result["published"], result["published_from"]) == ("2024-02-04", "url")


# -- titles -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Ông A phát biểu - VnExpress", "Ông A phát biểu"),
        ("Ông A: Sẽ sửa luật | Báo Chính phủ", "Ông A: Sẽ sửa luật"),
        ("Vietnam+ (VietnamPlus) | Hội nghị tổng kết", "Hội nghị tổng kết"),
        ("Kinh tế - xã hội quý I tăng trưởng khá", "Kinh tế - xã hội quý I tăng trưởng khá"),
    ],
)
def test_strip_site_suffix(title, expected):
    assert (
        strip_site_suffix(title, ["VnExpress", "Báo Chính phủ", "Vietnam+ (VietnamPlus)"], "vnexpress.net")
        == expected
    )


# -- reasons ------------------------------------------------------------------------------------------------
def test_reasons():
    url = "https://example.vn/a-123456.html"
    assert extract(b"%PDF-1.7 ...", url)["reason"] == "not_html"
    assert extract(b"", url)["reason"] == "not_html"
    assert extract(page(), url, content_type="image/jpeg")["reason"] == "not_html"
    assert extract(page("<p>Ngắn.</p>"), url)["reason"] in ("too_short", "no_main_text")
    assert extract(b"<html><body><div></div></body></html>", url)["reason"] == "no_main_text"
    assert extract(page(), url)["reason"] is None


def test_options_are_built_once_per_process():
    extract(page(), "https://example.vn/a-1.html")
    first = extraction._options()
    extract(page(), "https://example.vn/b-2.html")
    assert extraction._options() is first


# -- the source profile -------------------------------------------------------------------------------------
def test_profile_drop_body_and_captions():
    body = (
        '<div class="sidebar-promo"><p>'
        + "Khuyến mãi đặc biệt trong tháng này dành cho bạn đọc. " * 4
        + "</p></div>"
        '<div class="noi-dung">' + PARAGRAPHS + '<div class="anh"><img src="/a.jpg" width="600">'
        '<span class="ghi-chu">Chú thích theo hồ sơ nguồn</span></div>'
        '<div class="ban-quyen"><p>Bản quyền thuộc về tòa soạn, ghi rõ nguồn khi phát hành lại nội dung.</p></div></div>'
    )
    profile = ExtractProfile(drop=(".ban-quyen",), body=".noi-dung", captions=(".ghi-chu",))
    result = extract(page(body), "https://example.vn/a-123456.html", profile=profile)
    assert "Khuyến mãi" not in result["text"]
    assert "Bản quyền" not in result["text"]
    assert "Đoạn văn số 5" in result["text"]
    assert [i["caption"] for i in result["images"]] == ["Chú thích theo hồ sơ nguồn"]
    without = extract(page(body), "https://example.vn/a-123456.html")
    assert "Bản quyền thuộc về tòa soạn" in without["text"]  # the profile, not a generic rule, removed it


def test_jsonld_image_caption_without_an_img_in_the_body():
    ld = (
        '<script type="application/ld+json">{"@type":"NewsArticle","image":{"@type":"ImageObject",'
        '"url":"https://example.vn/lead.jpg","caption":"Toàn cảnh phiên khai mạc. Ảnh: Quochoi.vn"}}</script>'
    )
    result = extract(page(head=ld), "https://example.vn/a-123456.html")
    assert result["images"] == [
        {
            "src": "https://example.vn/lead.jpg",
            "caption": "Toàn cảnh phiên khai mạc.",
            "credit": "Quochoi.vn",
            "alt": None,
            "position": 0,
        }
    ]


def test_a_paragraph_starting_with_a_link_is_not_a_related_box():
    body = (
        '<p><a href="/thu-tuong-pham-minh-chinh-123.html">Thủ tướng Phạm Minh Chính đã ký quyết định</a> '
        "phê duyệt đề án phát triển nguồn nhân lực cho ngành công nghiệp bán dẫn đến năm 2030.</p>"
        + PARAGRAPHS
    )
    result = extract(page(body), "https://example.vn/a-123456.html")
    assert "Thủ tướng Phạm Minh Chính đã ký quyết định phê duyệt" in result["text"]


def test_a_utf8_header_the_bytes_contradict_gives_way_to_the_meta():
    html = '<meta charset="windows-1258"><p>Hà Đông</p>'.encode("cp1258")
    text, codec = decode_html(html, "text/html; charset=utf-8")
    assert codec == "cp1258" and "Hà Đông" in text


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("Written by: Charnele Henry", "Charnele Henry"),
        ("Bài và ảnh: Ngọc Hà", "Ngọc Hà"),
        ("Byron Smith", "Byron Smith"),
        ("By Jane Doe", "Jane Doe"),
    ],
)
def test_the_label_of_a_byline_is_not_the_authors_name(byline, author):
    body = f'<p class="author">{byline}</p>' + PARAGRAPHS
    assert extract(page(body), "https://example.vn/a-123456.html")["author"] == author


def test_the_end_mark_of_a_wire_story_names_no_author():
    body = PARAGRAPHS + "<p>(END)</p>"
    assert extract(page(body), "https://example.vn/a-123456.html")["author"] is None


def test_agency_line_is_the_author_when_the_page_names_none():
    body = PARAGRAPHS + "<p>Theo TTXVN</p>"
    assert extract(page(body), "https://example.vn/a-123456.html")["author"] == "TTXVN"


def test_share_buttons_magnifiers_and_authors_portraits_are_not_photos():
    furniture = (
        '<p><img src="/image_e/2020/share/qzone.png" width="200"><img src="/static/btn_facebook.png" width="200">'
        '<img src="/StyleBundles/Bilder/lightbox_lupe.png" width="200"></p>'
        + PARAGRAPHS
        + '<div class="bio"><img src="/wp-content/gallery/autores/yaima-puig.jpg" width="200">'
        "<p>Artículos de Yaima Puig publicados en este sitio.</p></div>"
    )
    photo = '<figure><img src="/uploads/2026/07/hoi-nghi.jpg" width="800"><figcaption>Hội nghị.</figcaption></figure>'
    result = extract(page(furniture + photo), "https://example.vn/a-123456.html")
    assert [i["src"].rsplit("/", 1)[-1] for i in result["images"]] == ["hoi-nghi.jpg"]


@pytest.mark.parametrize(
    ("figure", "caption", "credit"),
    [
        # the credit in an element of its own, beside the caption or inside it
        (
            '<figure><img src="/a.jpg" width="800"><span class="story-image-copyright">Khin Mg Win</span>'
            '<figcaption><span class="off-screen">Image caption</span>Bộ trưởng phát biểu.</figcaption></figure>',
            "Bộ trưởng phát biểu.",
            "Khin Mg Win",
        ),
        (
            '<figure><img src="/a.jpg" width="800"><figcaption><span itemprop="description">Người đi bộ trên '
            'phố.</span> <span itemprop="copyrightHolder">Hanna Matikainen / Lehtikuva</span></figcaption></figure>',
            "Người đi bộ trên phố.",
            "Hanna Matikainen / Lehtikuva",
        ),
        (
            '<figure><img src="/a.jpg" width="800"><div class="photo-credits">Photo: Yhomo Hutchinson</div>'
            '<figcaption class="photo-caption">The Minister addresses the forum.</figcaption></figure>',
            "The Minister addresses the forum.",
            "Yhomo Hutchinson",
        ),
        # a label for screen readers (a BEM class) is no part of the caption, nor a caption's first word a credit
        (
            '<figure><img src="/a.jpg" width="800"><figcaption><span class="article-image__visually-hidden">'
            "Image:</span> <span>Jose Mourinho, left, has replaced Mauricio Pochettino as manager</span>"
            "</figcaption></figure>",
            "Jose Mourinho, left, has replaced Mauricio Pochettino as manager",
            None,
        ),
    ],
)
def test_credits_in_elements_of_their_own_and_labels_for_screen_readers(figure, caption, credit):
    result = extract(page(PARAGRAPHS + figure), "https://example.vn/a-123456.html")
    assert [(i["caption"], i["credit"]) for i in result["images"]] == [(caption, credit)]


def test_a_photo_story_counts_its_captions():
    figures = "".join(
        f'<figure><img src="/anh-{i}.jpg" width="800"><figcaption>Khoảnh khắc thứ {i} của lễ hội đua thuyền '
        f"truyền thống trên sông Hương. Ảnh: Ngọc Hà</figcaption></figure>"
        for i in range(1, 4)
    )
    result = extract(page("<p>Chùm ảnh lễ hội.</p>" + figures), "https://example.vn/anh-le-hoi-123456.html")
    assert result["reason"] is None
    assert [i["credit"] for i in result["images"]] == ["Ngọc Hà"] * 3


def test_a_failure_inside_the_passes_is_a_parse_error_with_its_cause(monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("tree too deep")

    monkeypatch.setattr(extraction, "find_photos", broken)
    result = extract(page(), "https://example.vn/a-123456.html")
    assert result["reason"] == "parse_error"
    assert result["error"] == "ValueError: tree too deep"


@pytest.mark.parametrize(
    "sentence",
    [
        # a CMS of several state-media sites marks links to topic pages inside sentences "cms-relate"
        'Đây là chức vô địch <a class="cms-relate" href="/world-cup-tag.html">World Cup</a> thứ hai trong lịch sử '
        'của <a class="cms-relate" href="/bong-da-tag.html">bóng đá Tây Ban Nha</a>, sau lần đăng quang năm 2010.',
        # a link at the start of the sentence, named like a share button, inside bold text
        '<strong><a class="related-link share" href="/tag/ha-noi.html">Hà Nội</a></strong> vừa công bố kế hoạch '
        "mở rộng mạng lưới xe buýt điện sang các huyện ngoại thành trong năm nay.",
        # a span named like an ad slot in the middle of a sentence
        'Giá vàng miếng <span class="adv-highlight">tăng 500.000 đồng mỗi lượng</span> so với phiên hôm qua.',
    ],
)
def test_links_and_spans_inside_a_sentence_keep_their_words_whatever_their_class(sentence):
    body = PARAGRAPHS + f"<p>{sentence}</p>"
    result = extract(page(body), "https://example.vn/a-123456.html")
    words = " ".join(re.sub(r"<[^>]+>", "", sentence).split())
    assert words in " ".join(result["text"].split())


def test_text_hidden_on_phones_only_is_kept_and_hidden_text_goes():
    body = (
        PARAGRAPHS
        + '<p class="d-none d-md-block">Bộ trưởng nhấn mạnh yêu cầu hoàn thành dự án trước mùa mưa bão năm nay.</p>'
        + '<p class="d-none">Nội dung dành cho ứng dụng di động đã bị ẩn khỏi trang.</p>'
    )
    text = extract(page(body), "https://example.vn/a-123456.html")["text"]
    assert "trước mùa mưa bão" in text and "ứng dụng di động" not in text


def test_the_headline_shown_wins_over_a_shorter_jsonld_one_when_og_title_agrees_with_it():
    shown = "Phục hồi điều tra vụ tai nạn giao thông khiến nữ sinh tử vong"
    short = "Phục hồi điều tra vụ án TNGT khiến nữ sinh tử vong"
    ld = f'<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{short}"}}</script>'

    def title(og: str) -> str:
        html = (
            f'<html lang="vi"><head><meta charset="utf-8"><title>{short}</title>{og}{ld}</head>'
            f"<body><article><h1>{shown}</h1>{PARAGRAPHS}</article></body></html>"
        )
        return extract(html.encode(), "https://example.vn/a-123456.html")["title"]

    assert title(f'<meta property="og:title" content="{shown}">') == shown
    assert (
        title("") == short
    )  # JSON-LD against the h1 alone, no og:title siding with either: JSON-LD, as before
    assert title(f'<meta property="og:title" content="{short}">') == short


def test_sections_and_site_name_after_the_headline_go_with_it():
    shown = "Thanh tra vụ chặt cây xanh Hà Nội trong 30 ngày"
    head = f'<meta property="og:title" content="{shown} - Chính trị - Xã hội - Báo Ngày Nay Online">'
    html = (
        f'<html lang="vi"><head><meta charset="utf-8">{head}</head>'
        f"<body><article><h1><a href='#'>{shown}</a></h1>{PARAGRAPHS}</article></body></html>"
    )
    assert extract(html.encode(), "https://example.vn/a-123456.html")["title"] == shown


def test_soft_hyphens_leave_the_title():
    html = page().replace("Tiêu đề".encode(), "Ti\u00adêu đề".encode())  # in <title> and <h1>
    assert extract(html, "https://example.vn/a-123456.html")["title"] == "Tiêu đề bài viết thử nghiệm"


def test_a_related_link_standing_alone_still_goes():
    body = (
        PARAGRAPHS
        + '<div><a class="cms-relate" href="/bai-khac-123.html">Giá xăng dầu tiếp tục giảm trong kỳ điều hành</a></div>'
        + '<p><span class="related-news"><a href="/bai-khac-456.html">Giá vàng đảo chiều tăng mạnh</a></span></p>'
        + '<p><a class="share-fb" href="/s?fb">Chia sẻ Facebook</a> | <a class="share-zalo" href="/s?z">Zalo</a></p>'
    )
    text = extract(page(body), "https://example.vn/a-123456.html")["text"]
    assert "Giá xăng dầu" not in text and "Giá vàng" not in text and "Zalo" not in text
    assert "Đoạn văn số 5" in text


@pytest.mark.parametrize(
    "box",
    [
        '<p>&gt;&gt; Xem thêm: <a href="/bai-khac-123.html">Giá xăng dầu tiếp tục giảm trong kỳ điều hành hôm nay</a></p>',
        '<div><p><strong>Có thể bạn quan tâm</strong></p><ul><li><a href="/bai-khac-123.html">Giá xăng dầu '
        "tiếp tục giảm trong kỳ điều hành hôm nay</a></li></ul></div>",
        '<ul class="block-key"><li>Từ khóa</li><li><a href="/chu-de/gia-xang-dau-1.html">Giá xăng dầu</a></li>'
        '<li><a href="/chu-de/ha-noi-2.html">Hà Nội</a></li></ul>',
        '<div><p>Vea también:</p><ul><li><a href="/bai-khac-123.html">Giá xăng dầu tiếp tục giảm trong kỳ điều '
        "hành hôm nay</a></li></ul></div>",
        '<div class="box"><div class="box-heading">Mời quý độc giả xem thêm</div><article><h3><a href="/bai-khac-123.html">'
        "Giá xăng dầu tiếp tục giảm trong kỳ điều hành hôm nay</a></h3><p>Liên Bộ Công Thương - Tài chính vừa "
        "điều chỉnh giá bán lẻ xăng dầu.</p></article></div>",
    ],
)
def test_related_boxes_in_the_body_go(box):
    cut = PARAGRAPHS.index("</p>", len(PARAGRAPHS) // 2) + len("</p>")
    body = PARAGRAPHS[:cut] + box + PARAGRAPHS[cut:]
    result = extract(page(body), "https://example.vn/a-123456.html")
    assert "Giá xăng dầu" not in result["text"]
    assert "Đoạn văn số 5" in result["text"]


def test_a_logo_h1_and_the_date_bar_of_the_site_header_are_not_the_article():
    html = (
        '<html lang="vi"><head><meta charset="utf-8"><title>Tiêu đề bài viết thử nghiệm</title></head><body>'
        '<div class="header"><h1 class="logo"><a href="/">Báo Mẫu</a></h1><div class="date">Thứ Năm, 27/11/2026</div></div>'
        '<div class="main"><h2 class="title">Tiêu đề bài viết thử nghiệm</h2>'
        + PARAGRAPHS
        + "</div></body></html>"
    ).encode()
    result = extract(html, "https://example.vn/bai-viet-123456.html")
    assert result["published"] is None
    assert "Đoạn văn số 1" in result["text"]


def test_language_is_checked_against_the_text():
    english = (
        "<p>"
        + "The ministry said on Thursday that exports of rice and coffee rose in the first quarter. " * 6
        + "</p>"
    )
    assert extract(page(english, lang="vi"), "https://en.example.vn/a-123456.html")["language"] == "en"
    assert extract(page(PARAGRAPHS, lang="en"), "https://example.vn/a-123456.html")["language"] == "vi"
    french = (
        "<p>" + "Le ministère a annoncé jeudi une hausse des exportations de riz et de café. " * 6 + "</p>"
    )
    assert extract(page(french, lang="fr"), "https://example.fr/a-123456.html")["language"] == "fr"
