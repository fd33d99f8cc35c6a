"""Extraction on real-world style pages: expected substrings present and absent, captions, credits, positions,
dates and their source (expectations in tests/fixtures/pages/expected.json)."""

from __future__ import annotations

import json
import unicodedata

import pytest

from archive.extract.core import EXTRACTOR_VERSION, extract
from tests.helpers import FIXTURES, ROOT

PAGES = FIXTURES / "pages"
EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))
SHARED_PAGES = ROOT.parent / "shared" / "data" / "pages"


@pytest.fixture(scope="module")
def results() -> dict[str, dict]:
    return {
        name: extract((PAGES / name).read_bytes(), spec["url"], content_type=spec.get("content_type", ""))
        for name, spec in EXPECTED.items()
    }


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_metadata(results, name):
    spec, result = EXPECTED[name], results[name]
    assert result["reason"] is None
    assert result["extractor_version"] == EXTRACTOR_VERSION
    for key in ("title", "author", "published", "published_from", "modified", "language"):
        if key in spec:
            assert result[key] == spec[key], key


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_text_keeps_the_article_and_drops_the_rest(results, name):
    spec, text = EXPECTED[name], results[name]["text"]
    for wanted in spec.get("present", []):
        assert wanted in text
    for unwanted in spec.get("absent", []):
        assert unwanted not in text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_captions_credits_and_positions(results, name):
    spec, images = EXPECTED[name], results[name]["images"]
    assert [i["caption"] for i in images] == spec["captions"]
    assert [i["credit"] for i in images] == spec["credits"]
    if "positions" in spec:
        assert [i["position"] for i in images] == spec["positions"]
    if "srcs" in spec:
        assert [i["src"] for i in images] == spec["srcs"]
    text = results[name]["text"]
    for image in images:
        assert image["src"].startswith(("http://", "https://"))
        assert image["caption"] not in text  # captions are not duplicated in the text
        assert 0 <= image["position"] <= len(text.split("\n"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_everything_is_nfc(results, name):
    result = results[name]
    for value in (result["text"], result["title"], *(i["caption"] or "" for i in result["images"])):
        assert unicodedata.is_normalized("NFC", value or "")


def test_shared_vnexpress_page_as_the_data_readme_describes():
    """The page from ../shared/data/pages, read in place (CI has shared/ beside the repo)."""
    page = next(SHARED_PAGES.glob("vnexpress*.html"), None)
    if page is None:
        pytest.skip("../shared/data/pages is not beside the repository")
    result = extract(page.read_bytes(), "https://vnexpress.net/x-4672302.html", content_type="text/html")
    assert result["title"] == "Ông Hồ Đức Phớc: Sẽ nâng mức giảm trừ gia cảnh tính thuế cá nhân khi sửa luật"
    assert result["published"] == "2023-11-02T19:20:45+07:00"
    caption = result["images"][0]
    assert (
        f"{caption['caption']} Ảnh: {caption['credit']}"
        == "Ông Hồ Đức Phớc, Bộ trưởng Tài chính. Ảnh: Hoàng Phong"
    )
    assert result["sitename"] == "VnExpress"
    assert result["categories"] == ["Kinh doanh", "Vĩ mô"]
    assert "Thuế thu nhập cá nhân" in result["tags"]


def test_windows_1258_decodes_from_the_meta_declaration_alone():
    """No charset in the header: the page's own meta declaration decides, and combining marks become NFC."""
    spec = EXPECTED["legacy-windows-1258.html"]
    result = extract((PAGES / "legacy-windows-1258.html").read_bytes(), spec["url"])
    assert result["encoding"] == "cp1258"
    assert "Thủ tướng Chính phủ chủ trì phiên họp thường kỳ" in result["text"]
    assert unicodedata.is_normalized("NFC", result["text"])


def test_the_seed_article_loses_only_its_related_box():
    """The seed (../shared/seed) with the inline related box leak removed is what the vietnamplus-style
    page yields, paragraph for paragraph."""
    seed = ROOT.parent / "shared" / "seed" / "000_ef6709054a1998c0.txt"
    if not seed.exists():
        pytest.skip("../shared/seed is not beside the repository")
    blocks = [b for b in seed.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    wanted = [b for b in blocks[1:] if "Công an TP.HCM phá" not in b and "(Ảnh: TTXVN phát)" not in b]
    spec = EXPECTED["vietnamplus-seed.html"]
    result = extract((PAGES / "vietnamplus-seed.html").read_bytes(), spec["url"])
    assert result["text"].split("\n") == wanted
