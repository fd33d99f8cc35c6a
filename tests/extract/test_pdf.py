"""PDF documents: text in reading order with every diacritic, running headers, footers and page numbers gone,
paragraphs and hyphenated words joined, a title from the metadata or the first line, scans without a text
layer named as such (and read by tesseract when OCR is asked for). Fixtures: tests/fixtures/pdf/make.py."""

from __future__ import annotations

import shutil
import unicodedata

import pytest

from archive.extract.document import extract_document
from archive.extract.pdf import extract_pdf, is_pdf, pdf_date
from tests.helpers import FIXTURES

PDFS = FIXTURES / "pdf"
URL = "https://chinhphu.vn/van-ban/nghi-dinh-12-2026.pdf"


def pdf(name: str) -> bytes:
    return (PDFS / name).read_bytes()


def test_a_decree_printed_with_running_headers_and_footers():
    result = extract_pdf(pdf("nghi-dinh-12-2026.pdf"), URL)
    assert result["kind"] == "pdf" and result["reason"] is None
    assert result["title"] == "Nghị định số 12/2026/NĐ-CP quy định mức giảm trừ gia cảnh"
    assert result["text_source"] == "text_layer" and result["language"] == "vi"
    text = result["text"]
    assert text == unicodedata.normalize("NFC", text)
    lines = text.split("\n")
    # the articles' headings are paragraphs of their own, in reading order
    headings = [line for line in lines if line.startswith("Điều ")]
    assert headings[:3] == [
        "Điều 1. Phạm vi điều chỉnh",
        "Điều 2. Đối tượng áp dụng",
        "Điều 3. Mức giảm trừ gia cảnh",
    ]
    assert "Chủ tịch Ủy ban nhân dân tỉnh, thành phố trực thuộc trung ương chịu trách nhiệm thi hành" in text
    # Chromium's running header (date, title) and footer (URL, "2/4") are on every page: gone
    assert "file://" not in text and "PM Nghị định số" not in text
    assert not any(line.strip().replace("/", "").isdigit() for line in lines)
    # a paragraph broken across lines (and pages) reads as one line
    assert any(
        line.startswith("Người phụ thuộc gồm con chưa thành niên")
        and line.endswith("không có khả năng lao động.")
        for line in lines
    )


def test_a_word_processor_title_gives_way_to_the_first_line():
    result = extract_pdf(pdf("word-title.pdf"), URL)
    assert result["title"] == "CHÍNH PHỦ"


def test_words_hyphenated_at_line_ends_are_rejoined():
    text = extract_pdf(pdf("report-hyphenated.pdf"), "https://example.gov/report.pdf")["text"]
    assert "documentation kept by each agency" in text and "information requests" in text
    assert "\ufffe" not in text and "docu-" not in text


def test_a_scan_without_a_text_layer_says_so():
    result = extract_pdf(pdf("scan-no-text.pdf"), URL)
    assert result["reason"] == "no_text_layer" and result["text"] == ""


@pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="tesseract is installed by `make test` (make ocr)"
)
def test_a_scan_is_read_by_ocr_when_asked():
    result = extract_pdf(pdf("scan-no-text.pdf"), URL, ocr=True)
    assert result["reason"] is None and result["text_source"] == "ocr"
    assert "Điều 1. Phạm vi điều chỉnh" in result["text"]
    assert "mức giảm trừ gia cảnh" in result["text"]


def test_bytes_that_are_not_a_pdf_or_a_broken_one_give_a_reason():
    assert extract_pdf(b"<html></html>", URL)["reason"] == "not_pdf"
    assert extract_pdf(b"%PDF-1.7\n garbage", URL)["reason"].startswith("broken_pdf")
    assert is_pdf(b"%PDF-1.4 ...") and is_pdf(b"\n%PDF-1.4", "application/pdf") and not is_pdf(b"<html>")


def test_pdf_dates():
    assert pdf_date("D:20260105143000+07'00'") == "2026-01-05T14:30:00+07:00"
    assert pdf_date("D:20260105") == "2026-01-05T00:00:00"
    assert pdf_date("D:20261206175909Z") == "2026-12-06T17:59:09+00:00"
    assert pdf_date("garbage") is None and pdf_date("D:18000101") is None


def test_one_entry_for_pages_and_documents():
    assert (
        extract_document(pdf("nghi-dinh-12-2026.pdf"), URL, content_type="application/octet-stream")["kind"]
        == "pdf"
    )
    page = (
        b"<html><head><title>T</title></head><body><article><h1>T</h1><p>"
        + b"Noi dung. " * 40
        + b"</p></article></body></html>"
    )
    assert "kind" not in extract_document(page, "https://bao.example.vn/tin-tuc/bai-viet-123456.html")
