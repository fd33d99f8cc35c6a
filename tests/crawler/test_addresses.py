"""The private-address guard decides after DNS resolution, with a resolver of the test's choosing: answers of
169.254.169.254 (cloud metadata), 10.0.0.1, 127.0.0.1, ::1 and fc00::/7 are refused unless a source's homepage
is on such an address or the network is allowed. Nothing is sent anywhere: the guard only resolves."""

from __future__ import annotations

import pytest
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request

from crawler.meta import SOURCE
from crawler.middlewares.addresses import PrivateAddressGuard, refusal
from crawler.middlewares.pagelimit import PageLimit
from tests.helpers import project_crawler, write_sources

ANSWERS = {
    "press.example": ["93.184.216.34"],
    "metadata.example": ["169.254.169.254"],
    "intranet.example": ["10.0.0.1"],
    "mixed.example": ["93.184.216.34", "10.0.0.1"],  # one private answer is enough to refuse
    "local.example": ["127.0.0.1"],
    "v6local.example": ["::1"],
    "ula.example": ["fd12:3456::1"],
    "lan.example": ["192.168.1.20"],
    "corp.example": ["172.16.5.4"],
    "intranet-press.example": ["10.1.2.3"],
}
asked: list[str] = []


def resolver(host: str) -> list[str]:
    asked.append(host)
    if host not in ANSWERS:
        raise OSError("no such host")
    return ANSWERS[host]


def guard(homepages: dict[str, str], allowed=()) -> PrivateAddressGuard:
    return PrivateAddressGuard(homepages, allowed, resolver=resolver)


def request(url: str, source: str = "press") -> Request:
    return Request(url, meta={SOURCE: source})


@pytest.mark.parametrize(
    "url, kind",
    [
        ("http://metadata.example/latest/meta-data/", r"link-local address \(the cloud metadata service\)"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://intranet.example/", "private"),
        ("http://mixed.example/", "private"),
        ("http://local.example/", "loopback"),
        ("http://v6local.example/", "loopback"),
        ("http://[::1]:8080/", "loopback"),
        ("http://ula.example/", "private"),
        ("http://lan.example/", "private"),
        ("http://corp.example/", "private"),
        ("http://127.0.0.1:9/", "loopback"),
    ],
)
def test_requisites_and_redirects_to_private_addresses_are_refused(url, kind):
    public = guard({"press": "https://press.example/"})
    with pytest.raises(IgnoreRequest, match=kind):
        public.check(request(url))
    public.check(request("https://press.example/tin-tuc/a.html"))  # the site itself
    public.check(request("https://unknown.example/x.png"))  # unresolvable: the download fails on its own


def test_a_homepage_on_a_private_address_allows_that_kind_only():
    intranet = guard({"press": "http://intranet-press.example/"})
    intranet.check(request("http://intranet.example/a.jpg"))  # private, like the homepage
    with pytest.raises(IgnoreRequest, match="169.254.169.254"):
        intranet.check(request("http://169.254.169.254/"))
    loopback = guard({"press": "http://127.0.0.1:8080/"})
    loopback.check(request("http://127.0.0.2:8081/photo.jpg"))  # the tests' sites: 127.0.0.0/8
    with pytest.raises(IgnoreRequest):
        loopback.check(request("http://intranet.example/"))
    # a public source in the same crawl gets no private address from its neighbour
    both = guard({"press": "https://press.example/", "local": "http://127.0.0.1:8080/"})
    both.check(request("http://127.0.0.1:8080/a", source="local"))
    with pytest.raises(IgnoreRequest):
        both.check(request("http://127.0.0.1:8080/a", source="press"))


def test_allowed_networks_are_let_through():
    allowing = guard({"press": "https://press.example/"}, ["10.0.0.0/8", "fd00::/8"])
    allowing.check(request("http://intranet.example/"))
    allowing.check(request("http://ula.example/"))
    with pytest.raises(IgnoreRequest):
        allowing.check(request("http://lan.example/"))


def test_each_host_is_resolved_once():
    asked.clear()
    once = guard({"press": "https://press.example/"})
    for _ in range(3):
        once.check(request("https://press.example/a"))
    assert asked.count("press.example") == 1


def test_refusal_is_plain_logic():
    assert refusal("a", ["8.8.8.8", "2001:4860:4860::8888"], set(), []) == ""
    assert "link-local" in refusal("a", ["fe80::1"], set(), [])
    assert "private" in refusal("a", ["::ffff:10.0.0.1"], set(), [])  # IPv4-mapped


def test_enabled_from_the_settings_with_the_sources_homepages(tmp_path):
    sources = write_sources(tmp_path / "s.toml", {"press": {"homepage": "http://127.0.0.1:8080/"}})
    crawler = project_crawler(
        {"NEWSARCHIVE_SOURCES": str(sources), "NEWSARCHIVE_ALLOWED_ADDRESSES": "10.9.0.0/16"}
    )
    built = PrivateAddressGuard.from_crawler(crawler)
    assert built.homepages == {"press": "http://127.0.0.1:8080/"} and str(built.networks[0]) == "10.9.0.0/16"
    import settings

    assert "crawler.middlewares.addresses.PrivateAddressGuard" in settings.DOWNLOADER_MIDDLEWARES


def test_the_page_limit_refuses_downloads_past_it():
    limit = PageLimit(2)
    limit.process_request(Request("http://a/1"))
    limit.process_request(Request("http://a/2"))
    with pytest.raises(IgnoreRequest, match="past the limit of 2"):
        limit.process_request(Request("http://a/3"))


def test_http_bodies_are_decompressed_within_the_download_limit():
    """Scrapy's HttpCompressionMiddleware stops at DOWNLOAD_MAXSIZE after decompression (settings.py sets it);
    the bodies our own code decodes (robots rules, revisits, extraction) stop at archive.warc.payload.MAX_BODY."""
    import gzip

    from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
    from scrapy.http import Response

    from archive.warc.payload import BodyTooLarge, decode_body

    crawler = project_crawler({"DOWNLOAD_MAXSIZE": 1 << 20})
    middleware = HttpCompressionMiddleware.from_crawler(crawler)
    bomb = gzip.compress(b"\0" * (16 << 20))  # 16 MB in 16 KB
    response = Response("https://press.example/", body=bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(IgnoreRequest):
        middleware.process_response(Request("https://press.example/"), response)
    with pytest.raises(BodyTooLarge):
        decode_body(bomb, "gzip", max_bytes=1 << 20)
