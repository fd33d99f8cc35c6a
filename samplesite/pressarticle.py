"""Article pages of the sample site: bodies with photos and captions in several CMS styles, related-article
boxes, bylines, JSON-LD and Open Graph metadata."""

from __future__ import annotations

import json
import re

from .presslayout import footer, head, header, sidebar, teaser
from .presspage import Page, esc, inline, vn_date
from .presstext import SECTIONS, SITE_NAME

__all__ = ["article_page"]

_IMG = re.compile(r"^\[img (?P<name>[\w-]+)\|(?P<style>\w+)\|(?P<caption>.*)\]$")
_RELATED = re.compile(r"^\[related (?P<key>[\w-]+)\|(?P<style>\w+)\]$")


def figure(page: Page, name: str, style: str, caption: str, position: int) -> str:
    src, alt = page.image_path(name), esc(caption.split("(")[0].split(" Ảnh:")[0].strip())
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
        return f"""<div class="cms-photo" data-caption="{esc(caption)}">
  <img class="lazy" src="{src}" data-src="{src}" alt="{alt}" data-caption="{esc(caption)}" width="640" height="360">
  <div class="cms-photo-caption">{cap}</div>
</div>"""
    raise ValueError(f"unknown caption style {style!r}")


def related_box(target: Page, style: str) -> str:
    t = target.text
    if style == "bcp":  # Báo Chính phủ: one related story with its teaser, inside the body
        return f"""<div class="VCSortableInPreviewMode link-content-footer IMSCurrentEditorEditObject" type="RelatedOneNews" data-id="{t.id}">
  <a class="link-callout" href="{target.path}" title="{esc(t.title)}"><img src="{target.lead_image}" alt="{esc(t.title)}" width="120" height="68"></a>
  <div class="link-content">
    <a class="link-title" href="{target.path}" title="{esc(t.title)}">{esc(t.title)}</a>
    <p class="link-sapo">{esc(t.sapo)}</p>
  </div>
</div>"""
    if style == "vnp":  # VietnamPlus: an "article__story" box
        return f"""<div class="article__story cms-relate">
  <p class="story-label">Tin liên quan</p>
  <article class="story">
    <h2 class="story__heading"><a class="cms-link" href="{target.path}" title="{esc(t.title)}">{esc(t.title)}</a></h2>
    <div class="story__summary">{esc(t.sapo)}</div>
  </article>
</div>"""
    if style == "list":  # Công an nhân dân: a short "Tin liên quan" list in the middle of the text
        return f"""<div class="box-related inline-related">
  <h3>Tin liên quan</h3>
  <ul><li><a href="{target.path}">{esc(t.title)}</a><p>{esc(t.sapo)}</p></li></ul>
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
        return f"""<div class="detail-author"><span class="author-name">{esc(t.author)}</span>{f' <span class="author-source">- {esc(t.credit)}</span>' if t.credit else ""}</div>"""
    return ""


def byline_bottom(page: Page) -> str:
    t = page.text
    if t.byline_style == "bottom":  # Nhân Dân / CAND: the author in bold after the text
        credit = f" <em>({esc(t.credit)})</em>" if t.credit else ""
        return f'<p class="author" style="text-align:right;"><strong>{esc(t.author)}</strong>{credit}</p>'
    if t.byline_style == "source":  # wire copy republished: "Theo TTXVN"
        return f'<p class="article__source" style="text-align:right;"><strong>{esc(t.author)}</strong> (Theo {esc(t.credit)})</p>'
    return ""


def article_page(page: Page, pages: list[Page], by_key: dict[str, Page]) -> str:
    t = page.text
    section = SECTIONS[t.section]
    extra = (
        f'<meta property="og:image" content="{{{{base}}}}{page.lead_image}">\n'
        f'<meta property="article:published_time" content="{page.published.isoformat()}">\n'
        f'<meta property="article:modified_time" content="{page.modified.isoformat()}">\n'
        f'<meta property="article:section" content="{section}">\n'
        + "".join(f'<meta property="article:tag" content="{esc(tag)}">\n' for tag in t.tags)
        + f'<meta name="keywords" content="{esc(", ".join(t.tags))}">\n'
        f'<meta name="author" content="{esc(t.author)}">\n'
        f'<meta name="pubdate" content="{page.published.isoformat()}">\n'
        f'<script type="application/ld+json">\n{article_ld(page)}\n</script>\n'
    )
    same_section = [p for p in pages if p.text.section == t.section and p.path != page.path][:3]
    more = "\n".join(teaser(p, "story story--small") for p in same_section)
    tags = " ".join(
        f'<a class="tag" href="/tim-kiem?q={esc(tag.replace(" ", "+"))}&amp;type=tag">{esc(tag)}</a>'
        for tag in t.tags
    )
    return (
        head(f"{t.title} | {SITE_NAME}", page.path, t.sapo, extra, og_type="article", og_title=t.title)
        + header(t.section)
        + f"""<div class="container">
<main class="main-column">
<div class="breadcrumb"><a href="/">Trang chủ</a> › <a href="/{t.section}/">{section}</a></div>
<article class="detail" data-id="{t.id}">
  <h1 class="detail-title">{esc(t.title)}</h1>
  <div class="detail-meta">
    <time class="detail-time" datetime="{page.published.isoformat()}">{vn_date(page.published)}</time>
    {byline(page)}
  </div>
  <div class="share-tools"><a class="share-fb" href="javascript:;" rel="nofollow">Chia sẻ</a> <a class="print" href="javascript:window.print();" rel="nofollow">In bài</a></div>
  <h2 class="detail-sapo">{esc(t.sapo)}</h2>
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
