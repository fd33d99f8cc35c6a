"""The bundled sample press site is coherent: every link works (or fails on purpose), feeds and sitemaps parse,
metadata is what Vietnamese press sites publish, and the committed files are what the builder makes."""

from __future__ import annotations

import json
import re
import unicodedata
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import html as lxml_html

from samplesite.pressbuild import build
from samplesite.presstext import ARTICLES, DELETED_PATH, OLD_PATH
from samplesite.server import PRESS_SITE

HTML_FILES = sorted(p for p in PRESS_SITE.rglob("*") if p.suffix in (".html", ".htm"))
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
}


def _site_path(file: Path) -> str:
    rel = "/" + file.relative_to(PRESS_SITE).as_posix()
    return rel[: -len("index.html")] if rel.endswith("/index.html") else rel


def test_committed_site_is_what_the_builder_makes(tmp_path):
    build(tmp_path / "press")
    built = {
        p.relative_to(tmp_path / "press"): p.read_bytes()
        for p in (tmp_path / "press").rglob("*")
        if p.is_file()
    }
    committed = {p.relative_to(PRESS_SITE): p.read_bytes() for p in PRESS_SITE.rglob("*") if p.is_file()}
    assert built.keys() == committed.keys()
    stale = [str(k) for k in built if built[k] != committed[k]]
    assert not stale, f"run `python -m samplesite.pressbuild`: {stale}"


def test_site_is_small_and_has_what_the_demo_promises():
    total = sum(p.stat().st_size for p in PRESS_SITE.rglob("*") if p.is_file())
    assert total < 1_000_000
    assert 12 <= len(ARTICLES) <= 15
    config = json.loads((PRESS_SITE / "_site.json").read_text())
    assert OLD_PATH in config["redirects"] and config["redirects"][OLD_PATH][1] == 301
    assert config["gzip"] and config["chunked"]
    robots = (PRESS_SITE / "robots.txt").read_text()
    assert "Disallow: /admin/" in robots and "Disallow: /tim-kiem" in robots
    assert "Sitemap: {{base}}/sitemap.xml" in robots


def test_every_internal_link_resolves():
    files = {_site_path(p) for p in PRESS_SITE.rglob("*") if p.is_file() and not p.name.startswith("_")}
    allowed_broken = {DELETED_PATH}
    for file in HTML_FILES:
        doc = lxml_html.fromstring(file.read_bytes())
        base = "http://x" + _site_path(file)
        for attr in ("href", "src"):
            for value in doc.xpath(f"//@{attr}"):
                if value.startswith(("javascript:", "#", "mailto:")):
                    continue
                parts = urlsplit(urljoin(base, value.replace("{{base}}", "http://x")))
                if parts.path.startswith(("/tim-kiem", "/admin/")):
                    continue  # disallowed by robots.txt on purpose
                assert parts.path in files | allowed_broken | {OLD_PATH}, f"{file.name}: broken {value}"


def test_articles_carry_press_metadata():
    for article in ARTICLES:
        file = next(PRESS_SITE.rglob(f"*-{article.id}.htm"))
        raw = file.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", raw)
        doc = lxml_html.fromstring(raw)
        assert doc.xpath("//link[@rel='canonical']/@href")[0] == "{{base}}" + _site_path(file)
        assert doc.xpath("//meta[@property='og:type']/@content") == ["article"]
        assert doc.xpath("//meta[@property='og:title']/@content") == [article.title]
        ld = json.loads(doc.xpath("//script[@type='application/ld+json']/text()")[0])
        news = ld[0]
        assert news["@type"] == "NewsArticle" and news["headline"] == article.title
        assert re.fullmatch(r"2026-11-\d\dT\d\d:\d\d:00\+07:00", news["datePublished"])
        assert all(image["caption"] for image in news["image"])
        body = " ".join(doc.xpath("//div[contains(@class,'detail-content')]//p//text()"))
        assert len(body.split()) > 150, f"{file.name}: too short"


def test_captions_come_in_several_cms_styles():
    markup = "".join(p.read_text(encoding="utf-8") for p in HTML_FILES)
    for marker in (
        "<figcaption>",
        'class="PhotoCMS_Caption"',
        'class="image_desc"',
        'class="image-caption"',
        "data-caption=",
    ):
        assert marker in markup, marker
    assert "(Ảnh: TTXVN)" in markup
    for box in ('type="RelatedOneNews"', 'class="article__story cms-relate"', "<h3>Tin liên quan</h3>"):
        assert box in markup, box


def test_wire_story_is_published_twice():
    wire = [a for a in ARTICLES if a.credit == "TTXVN" and "Quảng Ngãi (TTXVN)" in a.body]
    assert len(wire) == 2 and wire[0].title != wire[1].title


def test_feeds_and_sitemaps_parse():
    rss = ET.parse(PRESS_SITE / "rss.xml").getroot()
    items = rss.findall("./channel/item")
    assert len(items) == len(ARTICLES)
    assert all(i.findtext("pubDate").endswith("+0700") for i in items)
    index = ET.parse(PRESS_SITE / "sitemap.xml").getroot()
    children = index.findall("sm:sitemap", NS)
    assert children and all(c.findtext("sm:lastmod", namespaces=NS) for c in children)
    listed = set()
    for child in children:
        name = child.findtext("sm:loc", namespaces=NS).replace("{{base}}/", "")
        for url in ET.parse(PRESS_SITE / name).getroot().findall("sm:url", NS):
            assert url.findtext("sm:lastmod", namespaces=NS)
            listed.add(urlsplit(url.findtext("sm:loc", namespaces=NS).replace("{{base}}", "")).path)
    # what the demo must archive even though it follows no links when sitemaps exist
    assert {OLD_PATH, DELETED_PATH, "/", "/thoi-su/trang-3.html", "/tim-kiem"} <= listed
    news = ET.parse(PRESS_SITE / "sitemap-news.xml").getroot().findall("sm:url", NS)
    assert len(news) == len(ARTICLES)
    assert all(u.findtext("news:news/news:publication_date", namespaces=NS) for u in news)
    home = (PRESS_SITE / "index.html").read_text(encoding="utf-8")
    assert 'rel="alternate" type="application/rss+xml"' in home


@pytest.mark.parametrize("path, status", [("/", 200), (OLD_PATH, 301), (DELETED_PATH, 404)])
def test_served_over_http(site_factory, path, status):
    site = site_factory(PRESS_SITE)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        response = opener.open(site.base_url + path, timeout=10)
        code, body = response.status, response.read()
    except urllib.error.HTTPError as exc:
        code, body = exc.code, b""
    assert code == status
    if status == 200:
        assert site.base_url.encode() in body and b"{{base}}" not in body
