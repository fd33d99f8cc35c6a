"""Feed and sitemap parsers never resolve entities or load external DTDs: a local file named by an entity
(XXE) stays unread, nested entities (billion laughs) stay unexpanded, and an external DTD is not fetched."""

from __future__ import annotations

import time

from archive.discovery import parse_feed, parse_sitemap

SECRET = "newsarchive-secret-value"


def _xxe(tmp_path, root: str, inner: str) -> bytes:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY fromdtd "{SECRET}">')
    laughs = ['  <!ENTITY lol0 "lol">']
    laughs += [f'  <!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 9)]  # 10^8 "lol"s
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE {root} SYSTEM "{dtd.as_uri()}" [\n'
        f'  <!ENTITY xxe SYSTEM "{secret.as_uri()}">\n' + "\n".join(laughs) + "\n]>\n" + inner
    ).encode()


def test_feeds_resolve_no_entity_and_load_no_dtd(tmp_path):
    body = _xxe(
        tmp_path,
        "rss",
        '<rss version="2.0"><channel><title>&xxe;&fromdtd;&lol8;</title>'
        "<item><title>&xxe;</title><link>https://press.example/a-1.html</link></item></channel></rss>",
    )
    started = time.monotonic()
    feed = parse_feed(body, "https://press.example/rss")
    assert time.monotonic() - started < 5
    assert [i.url for i in feed.items] == ["https://press.example/a-1.html"]
    assert SECRET not in feed.title + "".join(i.title for i in feed.items)
    assert len(feed.title) < 1000  # no billion laughs


def test_sitemaps_resolve_no_entity_and_load_no_dtd(tmp_path):
    body = _xxe(
        tmp_path,
        "urlset",
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://press.example/a-1.html&xxe;</loc></url>"
        "<url><loc>https://press.example/b-2.html&fromdtd;&lol8;</loc></url></urlset>",
    )
    sitemap = parse_sitemap(body, "https://press.example/sitemap.xml")
    locs = [e.loc for e in sitemap.entries]
    assert locs and all(SECRET not in loc and len(loc) < 200 for loc in locs), locs
