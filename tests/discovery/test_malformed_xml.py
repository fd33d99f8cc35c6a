"""Feeds and sitemaps as servers really send them: bare ampersands and HTML entities, documents cut short,
gzip without Content-Encoding, Atom entries with several links, and Vietnamese legacy encodings."""

from __future__ import annotations

from archive.discovery import parse_feed, parse_sitemap

# A government feed's titles use HTML entities XML does not declare; one bare `&` sits in a link before them.
ENTITY_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Báo Chính phủ</title>
<item><title>Q&A: Thủ tướng&nbsp;chủ trì &ndash; phiên họp</title>
  <link>https://baochinhphu.vn/tim-kiem.htm?k=hop&p=1</link></item>
<item><title>Nghị định 12 &amp; Thông tư 05 &lt;mới&gt; &copy=2;</title>
  <link>https://baochinhphu.vn/tim-kiem.htm?k=nghi-dinh&amp;p=2</link>
  <description><![CDATA[<a href="/x?a=1&b=2">&nbsp;</a>]]></description></item>
</channel></rss>
"""


def test_bare_ampersands_and_html_entities_spoil_no_later_reference():
    """libxml2's recovery drops every `&amp;`/`&lt;` after the first bad `&`: `?k=nghi-dinh&p=2` became
    `?k=nghi-dinhp=2` and titles lost their `&`."""
    feed = parse_feed(ENTITY_FEED.encode(), "https://baochinhphu.vn/rss/home.rss")
    assert [i.url for i in feed.items] == [
        "https://baochinhphu.vn/tim-kiem.htm?k=hop&p=1",
        "https://baochinhphu.vn/tim-kiem.htm?k=nghi-dinh&p=2",
    ]
    assert feed.items[0].title == "Q&A: Thủ tướng chủ trì – phiên họp"
    assert feed.items[1].title == "Nghị định 12 & Thông tư 05 <mới> &copy=2;"  # no legacy `&copy` without `;`


def test_a_bare_ampersand_in_a_sitemap_index_loses_no_day():
    """A real sitemap index shape (vnexpress.net, one `loc` per day): `?m=5&amp;d=4` read as `?m=5d=4` names no
    sitemap, and that day's articles were never listed."""
    body = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://vnexpress.net/articles-2024-sitemap.xml?m=5&d=3</loc></sitemap>
<sitemap><loc>https://vnexpress.net/articles-2024-sitemap.xml?m=5&amp;d=4</loc></sitemap>
</sitemapindex>"""
    sitemap = parse_sitemap(body, "https://vnexpress.net/sitemap.xml")
    assert [e.loc for e in sitemap.entries] == [
        "https://vnexpress.net/articles-2024-sitemap.xml?m=5&d=3",
        "https://vnexpress.net/articles-2024-sitemap.xml?m=5&d=4",
    ]


def test_declared_entities_and_character_references_are_kept():
    """Only what XML cannot read is changed: an entity of the document's own DTD stays an (unexpanded) entity,
    a character reference is read, one to a character XML forbids is dropped like a raw control character."""
    body = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY site "press.example">]>
<rss><channel><item><title>&site; &#8211; &#x1F4F0; &#0;&amp; &unknown;</title>
<link>https://press.example/a?x=1&amp;y=2</link></item></channel></rss>"""
    feed = parse_feed(body, "https://press.example/rss")
    assert feed.items[0].url == "https://press.example/a?x=1&y=2"
    assert feed.items[0].title == "&site; – \U0001f4f0 & &unknown;"
