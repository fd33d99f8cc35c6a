"""One entry for any archived document: PDFs to archive.extract.pdf, everything else to the HTML pipeline
(archive.extract.core). Both give the design's extraction JSON, with `kind` 'pdf' or 'html'."""

from __future__ import annotations

import os
from typing import Any

from archive.extract.pdf import extract_pdf, is_pdf

__all__ = ["extract_document", "ocr_wanted"]


def ocr_wanted() -> bool:
    """NEWSARCHIVE_OCR=1: PDFs without a text layer are read by tesseract (when it is installed)."""
    return os.environ.get("NEWSARCHIVE_OCR") == "1"


def extract_document(
    body: bytes, url: str, *, content_type: str = "", ocr: bool | None = None, **kwargs: Any
) -> dict:
    if is_pdf(body, content_type):
        return extract_pdf(body, url, hints=kwargs.get("hints"), ocr=ocr_wanted() if ocr is None else ocr)
    from archive.extract.core import extract

    return extract(body, url, content_type=content_type, **kwargs)  # kind 'html' is the catalog's default
