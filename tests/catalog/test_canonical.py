"""URL canonicalisation: one key per article whatever link led to it."""

from __future__ import annotations

import pytest

from archive.catalog.canonical import canonical_url, clean_url, same_site


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://baochinhphu.vn/bai-1.htm?utm_source=facebook&utm_medium=social",
            "https://baochinhphu.vn/bai-1.htm",
        ),
        (
            "https://baochinhphu.vn/bai-1.htm?fbclid=IwAR0x&gclid=abc&zarsrc=30&gidzl=q",
            "https://baochinhphu.vn/bai-1.htm",
        ),
        ("https://baochinhphu.vn/bai-1.htm#binh-luan", "https://baochinhphu.vn/bai-1.htm"),
        ("HTTPS://WWW.VietnamPlus.VN:443/a/b.vnp", "https://vietnamplus.vn/a/b.vnp"),
        ("http://nhandan.vn:80/chinhtri", "http://nhandan.vn/chinhtri"),
        ("http://127.0.0.1:8000/x?b=2&a=1", "http://127.0.0.1:8000/x?a=1&b=2"),
        ("https://m.cand.com.vn/su-kien/bai-123", "https://cand.com.vn/su-kien/bai-123"),
        ("https://cand.com.vn/amp/su-kien/bai-123", "https://cand.com.vn/su-kien/bai-123"),
        ("https://qdnd.vn/bai-viet/amp/", "https://qdnd.vn/bai-viet/"),
        ("https://qdnd.vn/bai-viet.amp.html", "https://qdnd.vn/bai-viet.html"),
        ("https://qdnd.vn/bai-viet.htm?amp=1", "https://qdnd.vn/bai-viet.htm"),
        ("https://qdnd.vn/bai-viet.htm?outputType=amp&page=2", "https://qdnd.vn/bai-viet.htm?page=2"),
        ("https://x.vn/c%c3%b4ng-an?q=%7e", "https://x.vn/c%C3%B4ng-an?q=~"),
        ("https://x.vn/công-an", "https://x.vn/c%C3%B4ng-an"),
        ("https://x.vn/co\u0302ng-an", "https://x.vn/c%C3%B4ng-an"),  # NFD path, one key
    ],
)
def test_clean_url(url, expected):
    assert clean_url(url) == expected


def test_canonical_hints_followed_only_on_site():
    page = "https://m.baochinhphu.vn/amp/bai-1.htm?utm_source=zalo"
    assert (
        canonical_url(page, canonical="https://baochinhphu.vn/bai-1.htm")
        == "https://baochinhphu.vn/bai-1.htm"
    )
    assert (
        canonical_url(page, og_url="https://www.baochinhphu.vn/bai-1.htm")
        == "https://baochinhphu.vn/bai-1.htm"
    )
    # a syndicated copy naming the agency keeps its own key
    assert canonical_url("https://b.vn/x", canonical="https://ttxvn.vn/x") == "https://b.vn/x"
    assert canonical_url("https://b.vn/x", canonical="/relative") == "https://b.vn/x"
    assert same_site("https://m.b.vn/", "https://www.b.vn/x") and not same_site(
        "https://b.vn/", "https://c.vn/"
    )
