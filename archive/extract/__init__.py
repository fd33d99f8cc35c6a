"""Extraction: one page's bytes in, the design's extraction JSON out (trafilatura for the body, our own passes for
metadata, boilerplate, captions, the lead and page requisites); PDFs through PDFium.

Public names: `extract_document` (document: any page or PDF), `extract`, `EXTRACTOR_VERSION`, `REASONS` (core);
`extract_pdf` (pdf); `page_metadata` (metadata); `find_photos` (captions); `decode_html` (encoding);
`page_requisites` (requisites); `render_saved_page` (render, headless Chromium)."""

from __future__ import annotations

from archive.extract.captions import find_photos
from archive.extract.core import EXTRACTOR_VERSION, REASONS, extract
from archive.extract.document import extract_document
from archive.extract.encoding import decode_html
from archive.extract.metadata import page_metadata
from archive.extract.requisites import page_requisites

__all__ = [
    "EXTRACTOR_VERSION",
    "REASONS",
    "decode_html",
    "extract",
    "extract_document",
    "find_photos",
    "page_metadata",
    "page_requisites",
]
