"""Feeds and sitemaps as servers really send them: bare ampersands and HTML entities, documents cut short,
gzip without Content-Encoding, Atom entries with several links, and Vietnamese legacy encodings."""

from __future__ import annotations

import gzip
import unicodedata

import pytest

from archive.discovery import TooLarge, looks_like_feed, parse_feed, parse_sitemap

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


# A real vnexpress.net feed's shape (2017), cut by the network in the last item's link.
CUT_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Tin mới nhất - VnExpress RSS</title>
<item><title>Bể bơi dát vàng</title><link>http://dulich.vnexpress.net/tin-tuc/be-boi-dat-vang-3634646.html</link>
</item>
<item><title>Giết người vì nghi ngờ là thủ phạm chém bò</title>
<description><![CDATA[<a href="http://vnexpress.net/x.html">x</a>]]></description>
<pubDate>Wed, 30 Aug 2017 19:26:57 +0700</pubDate>
<link>
http://vnexpress.net/tin-tuc/phap-luat/giet-nguoi-vi-nghi-ngo-la"""


def test_an_item_the_document_ends_inside_is_left_out():
    """libxml2's recovery closes what a cut download left open: the last item came out with the URL
    `.../giet-nguoi-vi-nghi-ngo-la`, which names no article."""
    feed = parse_feed(CUT_FEED.encode(), "https://vnexpress.net/rss/tin-moi-nhat.rss")
    assert [i.url for i in feed.items] == ["http://dulich.vnexpress.net/tin-tuc/be-boi-dat-vang-3634646.html"]
    assert not feed.recovered
    closed_by_channel = CUT_FEED.replace("</item>\n", "") + ".html</link></channel>"
    assert (
        len(parse_feed(closed_by_channel.encode(), "https://vnexpress.net/rss/").items) == 2
    )  # whole, if untidy
    assert (
        len(
            parse_feed(b"<rss><channel><item><link>https://x/a.html</link></item><item/>", "https://x/").items
        )
        == 1
    )


NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
""" + "".join(
    f"<url><loc>https://www.nytimes.com/2020/05/{day:02}/magazine/quarantine-{day}.html</loc>"
    f"<news:news><news:publication_date>2020-05-{day:02}T09:00:01Z</news:publication_date></news:news></url>\n"
    for day in range(1, 31)
)


def test_a_sitemap_cut_in_a_loc_loses_that_entry_only():
    """A news sitemap (advertools' nytimes sample, MIT) cut inside a `loc`, as a plain and as a `.xml.gz` file:
    the cut entry said `.../magazine/quarantine`, and the cut gzip lost the whole sitemap (EOFError)."""
    cut = NEWS_SITEMAP + "<url><loc>https://www.nytimes.com/2020/05/31/magazine/quarantine"
    locs = [e.loc for e in parse_sitemap(cut.encode(), "https://www.nytimes.com/sitemap.xml").entries]
    assert len(locs) == 30 and locs[-1].endswith("/quarantine-30.html")
    whole = (NEWS_SITEMAP + "</urlset>").encode()
    compressed = gzip.compress(whole, mtime=0)
    read = parse_sitemap(compressed[:-100], "https://www.nytimes.com/sitemap.xml.gz").entries
    assert 0 < len(read) < 30 and [e.loc for e in read] == locs[: len(read)]
    assert len(parse_sitemap(compressed, "https://www.nytimes.com/sitemap.xml.gz").entries) == 30


ATOM_LINKS = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr"><title>Communiqués</title>
<entry><link rel="self" type="application/atom+xml" href="https://api.example.gov/entries/1"/>
  <link href="https://www.example.gov/news/1"/><id>urn:uuid:1</id></entry>
<entry><link rel="alternate" type="text/html" hreflang="en" href="https://www.example.gov/en/news/2"/>
  <link rel="alternate" type="text/html" hreflang="fr-FR" href="https://www.example.gov/fr/news/2"/></entry>
<entry><link rel="alternate" type="text/html" href="https://www.example.gov/news/3"/>
  <link rel="alternate" type="application/pdf" href="https://www.example.gov/news/3.pdf"/></entry>
<entry><link rel="edit" href="https://api.example.gov/entries/4"/><link rel="enclosure" href="https://x/4.mp3"/>
  <link rel="alternate" type="application/pdf" href="https://www.example.gov/news/4.pdf"/></entry>
<entry><link rel="related" href="https://other.example.org/x"/><id>https://www.example.gov/news/5</id></entry>
<entry><link rel="self" href="https://www.example.gov/entries/6"/><id>urn:uuid:6</id></entry>
</feed>"""


def test_an_atom_entry_gives_its_web_page_not_its_api_or_last_link():
    """The last `<link href>` used to win, and `self` came first when it came first: the API's URL, a PDF, or the
    translation. The first alternate web page wins, in the feed's language when there are several."""
    feed = parse_feed(ATOM_LINKS.encode(), "https://www.example.gov/atom.xml")
    assert [i.url for i in feed.items] == [
        "https://www.example.gov/news/1",
        "https://www.example.gov/fr/news/2",
        "https://www.example.gov/news/3",
        "https://www.example.gov/news/4.pdf",  # no web page: the document itself
        "https://www.example.gov/news/5",  # a related page is another page: the id names the entry
        "https://www.example.gov/entries/6",  # only `self`: kept, no entry is lost
    ]


def test_a_gzip_feed_without_content_encoding_is_read():
    """A feed stored compressed and sent without Content-Encoding (node-feedparser's compressed.xml, a real
    oren.ru feed) gave no item and did not look like a feed. It is inflated as a `.xml.gz` sitemap is, with the
    same bound."""
    body = gzip.compress(CUT_FEED.encode() + b"</link></item></channel></rss>", mtime=0)
    assert looks_like_feed(body)
    feed = parse_feed(body, "https://vnexpress.net/rss/tin-moi-nhat.rss")
    assert feed.kind == "rss" and len(feed.items) == 2
    with pytest.raises(TooLarge):
        parse_feed(gzip.compress(b"<rss>" + b" " * 200_000), "https://x/", max_bytes=100_000)
    assert parse_feed(b"\x1f\x8b not gzip at all", "https://x/").kind == "unknown"
    assert not looks_like_feed(b"\x1f\x8b not gzip at all")


VI_TITLE = "Bể bơi dát vàng trong biệt thự nơi tổng thống Putin nghỉ dưỡng"


def _windows_1258_feed(declaration: str) -> bytes:
    """A vnexpress.net item as a legacy Vietnamese CMS writes it: windows-1258, whose tone marks are combining."""
    body = f"{declaration}<rss><channel><title>Tin mới nhất</title><item><title>{VI_TITLE}</title>"
    body += "<link>http://dulich.vnexpress.net/tin-tuc/be-boi-3634646.html</link></item></channel></rss>"
    return b"".join(_cp1258(character) for character in body)


def _cp1258(character: str) -> bytes:
    """One character in windows-1258: a letter with its vowel mark (ơ, ê), then its tone mark, combining."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    parts = unicodedata.normalize("NFD", character)
    letter = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
    return (letter + "".join(c for c in parts if c in tones)).encode("cp1258")


def test_windows_1258_titles_come_out_composed_declared_or_not():
    """Declared, the titles were right but decomposed (NFD: they compare and deduplicate differently);
    undeclared, or declared UTF-8 but not UTF-8, they were windows-1252 mojibake ('BêÒ bõi')."""
    for declaration in ('<?xml version="1.0" encoding="windows-1258"?>', "", '<?xml version="1.0"?>'):
        feed = parse_feed(_windows_1258_feed(declaration), "https://vnexpress.net/rss/tin-moi-nhat.rss")
        assert (feed.title, feed.items[0].title) == ("Tin mới nhất", VI_TITLE), declaration
    lying = _windows_1258_feed('<?xml version="1.0" encoding="utf-8"?>')
    assert (
        parse_feed(lying, "https://vnexpress.net/rss/", "text/xml; charset=utf-8").items[0].title == VI_TITLE
    )


def test_a_gzipped_feed_is_no_sitemap_and_a_gzipped_sitemap_is_one():
    import gzip

    from archive.discovery import looks_like_feed, looks_like_sitemap

    feed = gzip.compress(b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>')
    sitemap = gzip.compress(
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>a</loc></url></urlset>'
    )
    text = gzip.compress(b"https://example.vn/a-1.html\nhttps://example.vn/b-2.html\n")
    assert looks_like_feed(feed) and not looks_like_sitemap(feed)
    assert looks_like_sitemap(sitemap) and not looks_like_feed(sitemap)
    assert looks_like_sitemap(text)
    assert not looks_like_sitemap(b"\x1f\x8bnot gzip at all")
