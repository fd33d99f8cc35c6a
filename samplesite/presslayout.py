"""The sample site's layout (head, header, sidebar, footer), teasers, section listings and the homepage."""

from __future__ import annotations

import json

from .presspage import Page, esc
from .presstext import OLD_PATH, SECTIONS, SITE_NAME

__all__ = ["CSS", "head", "header", "sidebar", "footer", "teaser", "split3", "section_page", "home_page"]


def head(
    title: str, path: str, description: str, extra: str = "", og_type: str = "website", og_title: str = ""
) -> str:
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<meta name="description" content="{esc(description)}">
<meta name="robots" content="index, follow, max-image-preview:large">
<link rel="canonical" href="{{{{base}}}}{path}">
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} - Tin mới nhất" href="{{{{base}}}}/rss.xml">
<link rel="icon" type="image/png" href="/static/img/favicon.png">
<link rel="stylesheet" href="/static/css/site.css">
<meta property="og:site_name" content="{SITE_NAME}">
<meta property="og:type" content="{og_type}">
<meta property="og:title" content="{esc(og_title or title)}">
<meta property="og:description" content="{esc(description)}">
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
        f'    <li><span class="rank">{i}</span><a href="{p.path}">{esc(p.text.title)}</a></li>'
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
  <a class="story__thumb" href="{page.path}"><img src="{page.lead_image}" alt="{esc(t.title)}" width="240" height="135"></a>
  <h3 class="story__heading"><a href="{page.path}" title="{esc(t.title)}">{esc(t.title)}</a></h3>
  <time class="story__time" datetime="{page.published.isoformat()}">{page.published:%d/%m/%Y %H:%M}</time>
  <p class="story__summary">{esc(t.sapo)}</p>
</article>"""


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
        items = "\n".join(f'    <li><a href="{p.path}">{esc(p.text.title)}</a></li>' for p in first)
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
.most-read ol{list-style:none;padding-left:0}.most-read li{margin-bottom:8px}.rank{color:#b3000c;font-weight:bold;margin-right:8px}
.tag{background:#eee;padding:2px 8px;margin-right:4px;border-radius:3px;font-size:13px}
"""
