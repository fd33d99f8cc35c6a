"""robots.txt, the RSS feed and the sitemaps of the sample site (absolute URLs through `{{base}}`)."""

from __future__ import annotations

from email.utils import format_datetime
from urllib.parse import quote_plus

from .presspage import Page, esc
from .presstext import SECTIONS, SITE_NAME

__all__ = ["ROBOTS", "rss", "sitemaps", "news_sitemap"]


def rss(pages: list[Page]) -> str:
    items = []
    for p in pages:
        t = p.text
        items.append(
            f"""    <item>
      <title>{esc(t.title)}</title>
      <link>{{{{base}}}}{p.path}</link>
      <guid isPermaLink="true">{{{{base}}}}{p.path}</guid>
      <description><![CDATA[<a href="{{{{base}}}}{p.path}"><img src="{{{{base}}}}{p.lead_image}" width="240"></a> {t.sapo}]]></description>
      <category>{SECTIONS[t.section]}</category>
      <author>toasoan@tinmau.example ({esc(t.author)})</author>
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


def _urlset(entries: list[tuple[str, str, str]], extra_ns: str = "") -> str:
    """A plain sitemap of (path, lastmod, more XML inside <url>)."""
    body = "\n".join(
        f"  <url>\n    <loc>{{{{base}}}}{esc(loc)}</loc>\n    <lastmod>{lastmod}</lastmod>{more}\n  </url>"
        for loc, lastmod, more in entries
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{extra_ns}>
{body}
</urlset>
"""


def sitemaps(pages: list[Page], old_path: str, old_target: Page, deleted_path: str) -> dict[str, str]:
    """sitemap.xml (an index, as big press sites have) and its children: listings, articles with their
    photos, tag pages (which robots.txt disallows: a common misconfiguration), and the old CMS's sitemap
    nobody updates (an address that now redirects, an article since taken down)."""
    newest = max(p.modified for p in pages).isoformat()
    listings = [("/", newest, "\n    <changefreq>hourly</changefreq>")]
    for key in SECTIONS:
        section_newest = max(p.modified for p in pages if p.text.section == key).isoformat()
        listings.append((f"/{key}/", section_newest, "\n    <changefreq>hourly</changefreq>"))
        listings += [(f"/{key}/trang-{n}.html", section_newest, "") for n in (2, 3)]
    articles = []
    for p in pages:
        images = "".join(
            f"\n    <image:image>\n      <image:loc>{{{{base}}}}{p.image_path(name)}</image:loc>"
            f"\n      <image:caption>{esc(caption)}</image:caption>\n    </image:image>"
            for name, caption in p.text.images()
        )
        articles.append((p.path, p.modified.isoformat(), images))
    tags = sorted({tag for p in pages for tag in p.text.tags})[:8]
    tag_pages = [(f"/tim-kiem?q={quote_plus(tag)}&type=tag", newest, "") for tag in tags]
    archive = [
        (old_path, old_target.published.isoformat(), ""),
        (deleted_path, "2026-11-01T07:00:00+07:00", ""),
    ]
    children = {
        "sitemap-categories.xml": _urlset(listings),
        "sitemap-articles.xml": _urlset(
            articles, '\n        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"'
        ),
        "sitemap-tags.xml": _urlset(tag_pages),
        "sitemap-archive.xml": _urlset(archive),
    }
    lastmods = {
        "sitemap-categories.xml": newest,
        "sitemap-articles.xml": newest,
        "sitemap-tags.xml": newest,
        "sitemap-archive.xml": "2026-11-25T15:30:00+07:00",
    }
    index = "\n".join(
        f"  <sitemap>\n    <loc>{{{{base}}}}/{name}</loc>\n    <lastmod>{lastmods[name]}</lastmod>\n  </sitemap>"
        for name in children
    )
    return {
        "sitemap.xml": f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{index}
</sitemapindex>
""",
        **children,
    }


def news_sitemap(pages: list[Page]) -> str:
    entries = []
    for p in pages:
        t = p.text
        images = "".join(
            f"""
    <image:image>
      <image:loc>{{{{base}}}}{p.image_path(name)}</image:loc>
      <image:caption>{esc(caption)}</image:caption>
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
      <news:title>{esc(t.title)}</news:title>
      <news:keywords>{esc(", ".join(t.tags))}</news:keywords>
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
