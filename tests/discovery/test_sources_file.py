"""The shipped sources file: the Vietnamese official press, with homepages, titles and languages."""

from __future__ import annotations

from archive.sources import load_sources
from tests.helpers import ROOT


def test_shipped_sources_cover_the_vietnamese_official_press():
    sources = load_sources(ROOT / "sources.toml")
    expected = {
        "baochinhphu": "https://baochinhphu.vn/",
        "vietnamplus": "https://www.vietnamplus.vn/",
        "nhandan": "https://nhandan.vn/",
        "cand": "https://cand.com.vn/",
        "qdnd": "https://www.qdnd.vn/",
        "bocongan": "https://bocongan.gov.vn/",
        "vnanet": "https://vnanet.vn/",
        "dangcongsan": "https://dangcongsan.vn/",
        "quochoi": "https://quochoi.vn/",
    }
    assert {name: s.homepage for name, s in sources.items()} == expected
    for source in sources.values():
        assert source.language == "vi" and source.title and source.title != source.name
        assert source.delay >= 1.0  # real sites: never faster than one request a second
