"""Build the bundled sample press site (`samplesite/press/`) from the texts in `samplesite/presstext.py`.

The site is generated so every link stays coherent; the output is committed, so the demo and the tests never
need this module. Run it again after editing a text or a template:

    python -m samplesite.pressbuild            # rewrites samplesite/press/

The markup imitates Vietnamese state media CMSes (Báo Chính phủ, VietnamPlus, Nhân Dân, Công an nhân dân): the
same site mixes their caption styles, inline related-article boxes and bylines, as edited pages really do.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

from .pngdraw import photo_png
from .presstext import (
    ARTICLES,
    DELETED_PATH,
    OLD_PATH,
    OLD_TARGET,
    SECTIONS,
    SITE_NAME,
    ArticleText,
)

__all__ = ["build", "main"]

OUT = Path(__file__).parent / "press"
VN = timezone(timedelta(hours=7))
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
_IMG = re.compile(r"^\[img (?P<name>[\w-]+)\|(?P<style>\w+)\|(?P<caption>.*)\]$")
_RELATED = re.compile(r"^\[related (?P<key>[\w-]+)\|(?P<style>\w+)\]$")
_LINK = re.compile(r"\[\[(?P<text>[^|\]]+)\|(?P<href>[^\]]+)\]\]")
_E = html.escape


@dataclass(frozen=True)
class Page:
    """An article with its place on the site."""

    text: ArticleText

    @property
    def path(self) -> str:
        return f"/{self.text.section}/{self.text.slug}-{self.text.id}.htm"

    @property
    def published(self) -> datetime:
        return datetime.fromisoformat(self.text.published).replace(tzinfo=VN)

    @property
    def modified(self) -> datetime:
        return datetime.fromisoformat(self.text.modified or self.text.published).replace(tzinfo=VN)

    @property
    def image_dir(self) -> str:
        return f"/images/{self.published:%Y/%m/%d}"

    def image_path(self, name: str) -> str:
        return f"{self.image_dir}/{name}.png"

    @property
    def lead_image(self) -> str:
        return self.image_path(self.text.images()[0][0]) if self.text.images() else "/static/img/logo.png"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def vn_date(moment: datetime) -> str:
    return f"{WEEKDAYS[moment.weekday()]}, {moment:%d/%m/%Y %H:%M} (GMT+7)"


def inline(text: str) -> str:
    """Escape a paragraph and turn [[text|/href]] into links."""
    out, last = [], 0
    for match in _LINK.finditer(text):
        out.append(_E(text[last : match.start()], quote=False))
        out.append(f'<a href="{_E(match["href"])}">{_E(match["text"], quote=False)}</a>')
        last = match.end()
    out.append(_E(text[last:], quote=False))
    return "".join(out)


# --- layout -------------------------------------------------------------------------------------------


def head(
    title: str, path: str, description: str, extra: str = "", og_type: str = "website", og_title: str = ""
) -> str:
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_E(title)}</title>
<meta name="description" content="{_E(description)}">
<meta name="robots" content="index, follow, max-image-preview:large">
<link rel="canonical" href="{{{{base}}}}{path}">
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} - Tin mới nhất" href="{{{{base}}}}/rss.xml">
<link rel="icon" type="image/png" href="/static/img/favicon.png">
<link rel="stylesheet" href="/static/css/site.css">
<meta property="og:site_name" content="{SITE_NAME}">
<meta property="og:type" content="{og_type}">
<meta property="og:title" content="{_E(og_title or title)}">
<meta property="og:description" content="{_E(description)}">
<meta property="og:url" content="{{{{base}}}}{path}">
<meta property="og:locale" content="vi_VN">
{extra}</head>
"""


def header(active: str = "") -> str:
    items = ['<li><a href="/">Trang chủ</a></li>']
    for key, name in SECTIONS.items():
        cls = ' class="active"' if key == active else ""
        items.append(f'<li{cls}><a href="/{key}/">{name}</a></li>')
    items.append('<li><a href="/tim-kiem">Tìm kiếm</a></li>')
    return f"""<body>
<div class="topbar">
  <span class="today">Thứ Sáu, 27/11/2026</span>
  <span class="hotline">Đường dây nóng: 0243.000.0000</span>
  <a class="rss" href="/rss.xml">RSS</a>
  <form class="search" action="/tim-kiem" method="get"><input type="text" name="q" placeholder="Tìm kiếm..."><button type="submit">Tìm</button></form>
</div>
<header class="site-header">
  <a class="logo" href="/"><img src="/static/img/logo.png" alt="{SITE_NAME}" width="240" height="60"></a>
  <nav class="main-nav"><ul>
    {chr(10).join("    " + i for i in items).strip()}
  </ul></nav>
</header>
"""


def sidebar(pages: list[Page], exclude: str = "") -> str:
    most_read = [p for p in sorted(pages, key=lambda p: p.text.views, reverse=True) if p.path != exclude][:5]
    items = "\n".join(
        f'    <li><span class="rank">{i}</span><a href="{p.path}">{_E(p.text.title)}</a></li>'
        for i, p in enumerate(most_read, 1)
    )
    return f"""<aside class="sidebar">
  <div class="box most-read">
    <h3 class="box-title">Đọc nhiều</h3>
    <ol>
{items}
    </ol>
  </div>
  <div class="box banner"><a href="/xa-hoi/"><img src="/static/img/banner.png" alt="Chuyên trang Xã hội" width="300" height="100"></a></div>
  <div class="box archive-link">
    <h3 class="box-title">Xem lại</h3>
    <p><a href="{OLD_PATH}">Quốc hội thông qua Nghị quyết thí điểm phát triển đô thị ven sông (bài cũ)</a></p>
  </div>
</aside>
"""


def footer() -> str:
    sections = " | ".join(f'<a href="/{k}/">{v}</a>' for k, v in SECTIONS.items())
    return f"""<footer class="site-footer">
  <nav class="footer-nav">{sections} | <a href="/rss.xml">RSS</a> | <a href="/sitemap.xml">Sơ đồ trang</a> | <a href="/admin/dang-nhap.html">Quản trị</a></nav>
  <p><strong>{SITE_NAME}</strong> - Trang tin mẫu phục vụ trình diễn newsarchive, không phải cơ quan báo chí thật.</p>
  <p>Giấy phép số 000/GP-MẪU. Tổng Biên tập: Ban biên tập mẫu.</p>
  <p>Địa chỉ: Số 1 phố Mẫu, phường Mẫu, Hà Nội. Điện thoại: 0243.000.0000. Email: toasoan@tinmau.example</p>
  <p>© Bản quyền thuộc về {SITE_NAME}. Ghi rõ nguồn "{SITE_NAME}" khi phát hành lại thông tin từ website này.</p>
</footer>
</body>
</html>
"""


def teaser(page: Page, cls: str = "story") -> str:
    t = page.text
    return f"""<article class="{cls}">
  <a class="story__thumb" href="{page.path}"><img src="{page.lead_image}" alt="{_E(t.title)}" width="240" height="135"></a>
  <h3 class="story__heading"><a href="{page.path}" title="{_E(t.title)}">{_E(t.title)}</a></h3>
  <time class="story__time" datetime="{page.published.isoformat()}">{page.published:%d/%m/%Y %H:%M}</time>
  <p class="story__summary">{_E(t.sapo)}</p>
</article>"""


# --- article body ---------------------------------------------------------------------------------------


def figure(page: Page, name: str, style: str, caption: str, position: int) -> str:
    src, alt = page.image_path(name), _E(caption.split("(")[0].split(" Ảnh:")[0].strip())
    cap = inline(caption)
    if style == "figure":  # VietnamPlus / VnExpress: figure and figcaption
        return f"""<figure class="expNoEdit" id="photo-{position}">
  <img src="{src}" alt="{alt}" width="640" height="360">
  <figcaption>{cap}</figcaption>
</figure>"""
    if style == "photocms":  # Báo Chính phủ (VCCorp CMS): PhotoCMS_Caption next to the picture
        return f"""<div class="VCSortableInPreviewMode" type="Photo" style="">
  <div><img src="{src}" id="img_{position}" w="640" h="360" alt="{alt}" title="{alt}" rel="lightbox" photoid="{position}" type="photo" data-original="{src}" width="640" height="360" class="lightbox-content"></div>
  <div class="PhotoCMS_Caption"><p data-placeholder="[nhập chú thích]" class="NLPlaceholderShow">{cap}</p></div>
</div>"""
    if style == "sibling":  # older CMSes: the picture in one paragraph, the caption in the next
        return f"""<p style="text-align:center;"><img src="{src}" alt="{alt}" width="640" height="360"></p>
<p class="image-caption" style="text-align:center;"><em>{cap}</em></p>"""
    if style == "table":  # Nhân Dân / Quân đội nhân dân: a table with the caption in its own cell
        return f"""<table class="image center" align="center">
  <tbody>
    <tr><td><img src="{src}" alt="{alt}" width="640" height="360"></td></tr>
    <tr><td class="image_desc">{cap}</td></tr>
  </tbody>
</table>"""
    if style == "datacaption":  # caption kept only in attributes (lazy-loading galleries)
        return f"""<div class="cms-photo" data-caption="{_E(caption)}">
  <img class="lazy" src="{src}" data-src="{src}" alt="{alt}" data-caption="{_E(caption)}" width="640" height="360">
  <div class="cms-photo-caption">{cap}</div>
</div>"""
    raise ValueError(f"unknown caption style {style!r}")


def related_box(target: Page, style: str) -> str:
    t = target.text
    if style == "bcp":  # Báo Chính phủ: one related story with its teaser, inside the body
        return f"""<div class="VCSortableInPreviewMode link-content-footer IMSCurrentEditorEditObject" type="RelatedOneNews" data-id="{t.id}">
  <a class="link-callout" href="{target.path}" title="{_E(t.title)}"><img src="{target.lead_image}" alt="{_E(t.title)}" width="120" height="68"></a>
  <div class="link-content">
    <a class="link-title" href="{target.path}" title="{_E(t.title)}">{_E(t.title)}</a>
    <p class="link-sapo">{_E(t.sapo)}</p>
  </div>
</div>"""
    if style == "vnp":  # VietnamPlus: an "article__story" box
        return f"""<div class="article__story cms-relate">
  <p class="story-label">Tin liên quan</p>
  <article class="story">
    <h2 class="story__heading"><a class="cms-link" href="{target.path}" title="{_E(t.title)}">{_E(t.title)}</a></h2>
    <div class="story__summary">{_E(t.sapo)}</div>
  </article>
</div>"""
    if style == "list":  # Công an nhân dân: a short "Tin liên quan" list in the middle of the text
        return f"""<div class="box-related inline-related">
  <h3>Tin liên quan</h3>
  <ul><li><a href="{target.path}">{_E(t.title)}</a><p>{_E(t.sapo)}</p></li></ul>
</div>"""
    raise ValueError(f"unknown related style {style!r}")


def body_html(page: Page, by_key: dict[str, Page]) -> str:
    out, position = [], 0
    for block in page.text.blocks():
        if m := _IMG.match(block):
            position += 1
            out.append(figure(page, m["name"], m["style"], m["caption"], position))
        elif m := _RELATED.match(block):
            out.append(related_box(by_key[m["key"]], m["style"]))
        elif block.startswith("## "):
            out.append(f"<h2>{inline(block[3:])}</h2>")
        elif block.startswith("> "):
            out.append(f"<blockquote><p>{inline(block[2:])}</p></blockquote>")
        elif page.text.entities and position < 2:
            out.append(f"<p>{as_entities(inline(block))}</p>")
        else:
            out.append(f"<p>{inline(block)}</p>")
    return "\n".join(out)


def as_entities(markup: str) -> str:
    """Non-ASCII letters as numeric character references (&#7891;), as some CMSes write them."""
    return "".join(f"&#{ord(c)};" if ord(c) > 127 else c for c in markup)


def article_ld(page: Page) -> str:
    t = page.text
    images = [
        {
            "@type": "ImageObject",
            "url": "{{base}}" + page.image_path(name),
            "width": 640,
            "height": 360,
            "caption": caption,
        }
        for name, caption in t.images()
    ]
    data = [
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": "{{base}}" + page.path},
            "headline": t.title,
            "description": t.sapo,
            "image": images,
            "datePublished": page.published.isoformat(),
            "dateModified": page.modified.isoformat(),
            "author": {"@type": "Person", "name": t.author},
            "publisher": {
                "@type": "Organization",
                "name": SITE_NAME,
                "logo": {"@type": "ImageObject", "url": "{{base}}/static/img/logo.png"},
            },
            "articleSection": SECTIONS[t.section],
            "keywords": ", ".join(t.tags),
            "inLanguage": "vi",
        },
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "Trang chủ", "item": "{{base}}/"},
                {
                    "@type": "ListItem",
                    "position": 2,
                    "name": SECTIONS[t.section],
                    "item": "{{base}}/" + t.section + "/",
                },
            ],
        },
    ]
    return json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")


def byline(page: Page) -> str:
    t = page.text
    if t.byline_style == "top":  # Báo Chính phủ / VietnamPlus: author and time above the text
        return f"""<div class="detail-author"><span class="author-name">{_E(t.author)}</span>{f' <span class="author-source">- {_E(t.credit)}</span>' if t.credit else ""}</div>"""
    return ""


def byline_bottom(page: Page) -> str:
    t = page.text
    if t.byline_style == "bottom":  # Nhân Dân / CAND: the author in bold after the text
        credit = f" <em>({_E(t.credit)})</em>" if t.credit else ""
        return f'<p class="author" style="text-align:right;"><strong>{_E(t.author)}</strong>{credit}</p>'
    if t.byline_style == "source":  # wire copy republished: "Theo TTXVN"
        return f'<p class="article__source" style="text-align:right;"><strong>{_E(t.author)}</strong> (Theo {_E(t.credit)})</p>'
    return ""


def article_page(page: Page, pages: list[Page], by_key: dict[str, Page]) -> str:
    t = page.text
    section = SECTIONS[t.section]
    extra = (
        f'<meta property="og:image" content="{{{{base}}}}{page.lead_image}">\n'
        f'<meta property="article:published_time" content="{page.published.isoformat()}">\n'
        f'<meta property="article:modified_time" content="{page.modified.isoformat()}">\n'
        f'<meta property="article:section" content="{section}">\n'
        + "".join(f'<meta property="article:tag" content="{_E(tag)}">\n' for tag in t.tags)
        + f'<meta name="keywords" content="{_E(", ".join(t.tags))}">\n'
        f'<meta name="author" content="{_E(t.author)}">\n'
        f'<meta name="pubdate" content="{page.published.isoformat()}">\n'
        f'<script type="application/ld+json">\n{article_ld(page)}\n</script>\n'
    )
    same_section = [p for p in pages if p.text.section == t.section and p.path != page.path][:3]
    more = "\n".join(teaser(p, "story story--small") for p in same_section)
    tags = " ".join(
        f'<a class="tag" href="/tim-kiem?q={_E(tag.replace(" ", "+"))}&amp;type=tag">{_E(tag)}</a>'
        for tag in t.tags
    )
    return (
        head(f"{t.title} | {SITE_NAME}", page.path, t.sapo, extra, og_type="article", og_title=t.title)
        + header(t.section)
        + f"""<div class="container">
<main class="main-column">
<div class="breadcrumb"><a href="/">Trang chủ</a> › <a href="/{t.section}/">{section}</a></div>
<article class="detail" data-id="{t.id}">
  <h1 class="detail-title">{_E(t.title)}</h1>
  <div class="detail-meta">
    <time class="detail-time" datetime="{page.published.isoformat()}">{vn_date(page.published)}</time>
    {byline(page)}
  </div>
  <div class="share-tools"><a class="share-fb" href="javascript:;" rel="nofollow">Chia sẻ</a> <a class="print" href="javascript:window.print();" rel="nofollow">In bài</a></div>
  <h2 class="detail-sapo">{_E(t.sapo)}</h2>
  <div class="detail-content afcbc-body" data-role="content" itemprop="articleBody">
{body_html(page, by_key)}
  </div>
  {byline_bottom(page)}
  <div class="detail-tags"><span>Từ khóa:</span> {tags}</div>
</article>
<section class="more-news">
  <h3 class="box-title">Tin cùng chuyên mục</h3>
{more}
</section>
</main>
{sidebar(pages, page.path)}</div>
"""
        + footer()
    )


# --- listings ---------------------------------------------------------------------------------------------


def split3(items: list[Page]) -> list[list[Page]]:
    """Three pages of a section, as even as possible (a listing is paginated even when short)."""
    size = -(-len(items) // 3)
    return [items[:size], items[size : 2 * size], items[2 * size :]]


def listing_path(section: str, number: int) -> str:
    return f"/{section}/" if number == 1 else f"/{section}/trang-{number}.html"


def section_page(section: str, number: int, chunk: list[Page], pages: list[Page]) -> str:
    name = SECTIONS[section]
    path = listing_path(section, number)
    title = f"{name} | {SITE_NAME}" if number == 1 else f"{name} - Trang {number} | {SITE_NAME}"
    nav = []
    if number > 1:
        nav.append(f'<a class="prev" rel="prev" href="{listing_path(section, number - 1)}">‹ Trang trước</a>')
    for n in (1, 2, 3):
        nav.append(
            f'<span class="current">{n}</span>'
            if n == number
            else f'<a href="{listing_path(section, n)}">{n}</a>'
        )
    if number < 3:
        nav.append(f'<a class="next" rel="next" href="{listing_path(section, number + 1)}">Trang sau ›</a>')
    stories = "\n".join(teaser(p) for p in chunk)
    return (
        head(title, path, f"Tin tức {name.lower()} mới nhất, cập nhật liên tục từ {SITE_NAME}.")
        + header(section)
        + f"""<div class="container">
<main class="main-column">
<h1 class="section-title">{name}</h1>
<div class="timeline">
{stories}
</div>
<nav class="pagination">{" ".join(nav)}</nav>
</main>
{sidebar(pages)}</div>
"""
        + footer()
    )


def home_page(pages: list[Page]) -> str:
    lead, rest = pages[0], pages[1:]
    latest = "\n".join(teaser(p) for p in rest[:6])
    blocks = []
    for key, name in SECTIONS.items():
        first = [p for p in pages if p.text.section == key][:3]
        items = "\n".join(f'    <li><a href="{p.path}">{_E(p.text.title)}</a></li>' for p in first)
        blocks.append(
            f"""<section class="home-section" id="box-{key}">
  <h2 class="box-title"><a href="/{key}/">{name}</a></h2>
  <ul>
{items}
  </ul>
</section>"""
        )
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": SITE_NAME,
            "url": "{{base}}/",
            "inLanguage": "vi",
            "potentialAction": {
                "@type": "SearchAction",
                "target": "{{base}}/tim-kiem?q={search_term_string}",
                "query-input": "required name=search_term_string",
            },
        },
        ensure_ascii=False,
    )
    return (
        head(
            f"{SITE_NAME} - Tin tức thời sự, kinh tế, xã hội",
            "/",
            "Trang tin mẫu bằng tiếng Việt: thời sự, kinh tế, xã hội, cập nhật hằng ngày.",
            f'<script type="application/ld+json">{ld}</script>\n',
        )
        + header()
        + f"""<div class="container">
<main class="main-column">
<section class="highlight">
{teaser(lead, "story story--lead")}
</section>
<section class="latest">
  <h2 class="box-title">Tin mới</h2>
{latest}
</section>
{chr(10).join(blocks)}
</main>
{sidebar(pages)}</div>
"""
        + footer()
    )


# --- feeds and sitemaps -----------------------------------------------------------------------------------


def rss(pages: list[Page]) -> str:
    items = []
    for p in pages:
        t = p.text
        items.append(
            f"""    <item>
      <title>{_E(t.title)}</title>
      <link>{{{{base}}}}{p.path}</link>
      <guid isPermaLink="true">{{{{base}}}}{p.path}</guid>
      <description><![CDATA[<a href="{{{{base}}}}{p.path}"><img src="{{{{base}}}}{p.lead_image}" width="240"></a> {t.sapo}]]></description>
      <category>{SECTIONS[t.section]}</category>
      <author>toasoan@tinmau.example ({_E(t.author)})</author>
      <pubDate>{format_datetime(p.published)}</pubDate>
      <enclosure url="{{{{base}}}}{p.lead_image}" type="image/png" length="0"/>
    </item>"""
        )
    newest = max(p.modified for p in pages)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>{SITE_NAME} - Tin mới nhất</title>
    <link>{{{{base}}}}/</link>
    <atom:link href="{{{{base}}}}/rss.xml" rel="self" type="application/rss+xml"/>
    <description>Tin tức thời sự, kinh tế, xã hội của {SITE_NAME}</description>
    <language>vi</language>
    <copyright>{SITE_NAME}</copyright>
    <lastBuildDate>{format_datetime(newest)}</lastBuildDate>
    <ttl>15</ttl>
{chr(10).join(items)}
  </channel>
</rss>
"""


def sitemap(pages: list[Page]) -> str:
    newest = max(p.modified for p in pages).isoformat()
    urls = [("/", newest, "hourly", "1.0")]
    for key in SECTIONS:
        section_newest = max(p.modified for p in pages if p.text.section == key).isoformat()
        urls.append((f"/{key}/", section_newest, "hourly", "0.8"))
    urls += [(p.path, p.modified.isoformat(), "weekly", "0.6") for p in pages]
    body = "\n".join(
        f"  <url>\n    <loc>{{{{base}}}}{loc}</loc>\n    <lastmod>{lastmod}</lastmod>\n"
        f"    <changefreq>{freq}</changefreq>\n    <priority>{prio}</priority>\n  </url>"
        for loc, lastmod, freq, prio in urls
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{body}
</urlset>
"""


def news_sitemap(pages: list[Page]) -> str:
    entries = []
    for p in pages:
        t = p.text
        images = "".join(
            f"""
    <image:image>
      <image:loc>{{{{base}}}}{p.image_path(name)}</image:loc>
      <image:caption>{_E(caption)}</image:caption>
    </image:image>"""
            for name, caption in t.images()[:1]
        )
        entries.append(
            f"""  <url>
    <loc>{{{{base}}}}{p.path}</loc>
    <news:news>
      <news:publication>
        <news:name>{SITE_NAME}</news:name>
        <news:language>vi</news:language>
      </news:publication>
      <news:publication_date>{p.published.isoformat()}</news:publication_date>
      <news:title>{_E(t.title)}</news:title>
      <news:keywords>{_E(", ".join(t.tags))}</news:keywords>
    </news:news>{images}
    <lastmod>{p.modified.isoformat()}</lastmod>
  </url>"""
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
{chr(10).join(entries)}
</urlset>
"""


ROBOTS = """# robots.txt for {{base}}
User-agent: *
Disallow: /admin/
Disallow: /tim-kiem
Allow: /

Sitemap: {{base}}/sitemap.xml
Sitemap: {{base}}/sitemap-news.xml
"""

CSS = """body{margin:0;font:16px/1.6 Arial,Helvetica,sans-serif;color:#222;background:#fff}
a{color:#1a4f8b;text-decoration:none}a:hover{text-decoration:underline}
.topbar{background:#b3000c;color:#fff;font-size:13px;padding:4px 16px;display:flex;gap:16px;align-items:center}
.topbar a{color:#fff}.topbar form{margin-left:auto}
.site-header{padding:8px 16px;border-bottom:3px solid #b3000c}
.main-nav ul{list-style:none;display:flex;gap:18px;margin:8px 0;padding:0;font-weight:bold}
.main-nav li.active a{color:#b3000c}
.container{display:flex;gap:24px;max-width:1100px;margin:16px auto;padding:0 16px}
.main-column{flex:1;min-width:0}.sidebar{width:300px}
.story{overflow:hidden;margin-bottom:16px}.story__thumb img{float:left;margin-right:12px;width:200px;height:auto}
.story--lead .story__thumb img{float:none;width:100%}.story__heading{margin:0 0 4px;font-size:18px}
.story__time{color:#888;font-size:13px}.box-title{border-left:4px solid #b3000c;padding-left:8px}
.detail-title{font-size:30px;line-height:1.3}.detail-sapo{font-size:18px;font-weight:bold}
.detail-time{color:#777}.detail-content img{max-width:100%;height:auto}
figure{margin:16px 0}figcaption,.PhotoCMS_Caption,.image_desc,.image-caption,.cms-photo-caption{font-size:14px;color:#555;text-align:center;background:#f4f4f4;padding:6px}
.link-content-footer,.article__story,.inline-related{border:1px solid #ddd;background:#fafafa;padding:8px 12px;margin:16px 0;overflow:hidden}
.link-content-footer img{float:left;margin-right:10px}
.pagination a,.pagination span{padding:4px 10px;border:1px solid #ccc;margin-right:4px}.pagination .current{background:#b3000c;color:#fff}
.site-footer{background:#f2f2f2;padding:16px;font-size:13px;margin-top:32px}
.tag{background:#eee;padding:2px 8px;margin-right:4px;border-radius:3px;font-size:13px}
"""


def build(out: Path = OUT) -> list[Path]:
    """Write the whole site into `out` (removing what was there) and return the files written."""
    pages = sorted((Page(t) for t in ARTICLES), key=lambda p: p.published, reverse=True)
    by_key = {p.text.key: p for p in pages}
    if out.exists():
        shutil.rmtree(out)
    written: list[Path] = []

    def write(rel: str, content: str | bytes) -> None:
        path = out / rel.lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(nfc(content), encoding="utf-8")
        else:
            path.write_bytes(content)
        written.append(path)

    write("index.html", home_page(pages))
    for key in SECTIONS:
        chunks = split3([p for p in pages if p.text.section == key])
        for number, chunk in enumerate(chunks, 1):
            rel = f"{key}/index.html" if number == 1 else f"{key}/trang-{number}.html"
            write(rel, section_page(key, number, chunk, pages))
    for page in pages:
        write(page.path, article_page(page, pages, by_key))
        for name, _ in page.text.images():
            write(page.image_path(name), photo_png(name))
    write("static/img/logo.png", photo_png("logo", 240, 60))
    write("static/img/favicon.png", photo_png("favicon", 32, 32))
    write("static/img/banner.png", photo_png("banner", 300, 100))
    write("static/css/site.css", CSS)
    write("robots.txt", ROBOTS)
    write("rss.xml", rss(pages))
    write("sitemap.xml", sitemap(pages))
    write("sitemap-news.xml", news_sitemap(pages))
    gzipped = [by_key[k].path for k in ("cao-toc", "xuat-khau")]
    chunked = [by_key[k].path for k in ("chuyen-doi-so",)] + ["/xa-hoi/trang-2.html"]
    config = {
        "_comment": "Served by samplesite.server: see its docstring. Generated by samplesite.pressbuild.",
        "redirects": {OLD_PATH: [by_key[OLD_TARGET].path, 301]},
        "gzip": ["/", "/sitemap.xml", *gzipped],
        "chunked": chunked,
    }
    assert DELETED_PATH not in config["redirects"]  # the deleted article must stay a 404
    write("_site.json", json.dumps(config, ensure_ascii=False, indent=2) + "\n")
    return written


def main() -> None:
    files = build()
    total = sum(p.stat().st_size for p in files)
    print(f"wrote {len(files)} files, {total:,} bytes, into {OUT}")


if __name__ == "__main__":
    main()
