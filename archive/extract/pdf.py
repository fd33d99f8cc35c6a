"""PDF documents (decrees, communiqués, reports) into the design's extraction JSON, with `kind` "pdf".

Text comes from the PDF's text layer through PDFium (pypdfium2: measured against pypdf and pdfminer.six on
Vietnamese PDFs printed by Chromium, it is ~11x faster and keeps every diacritic; pdfminer split justified
lines into double spaces, and both others leave ligatures such as "ﬁ" in place). Per page, lines are joined into
paragraphs, words hyphenated across line ends rejoined, and lines repeated at the top or bottom of most pages
(running headers, footers, page numbers) removed. A PDF without a text layer is `no_text_layer`; with
`ocr=True` and tesseract installed, its pages are rendered and read by tesseract (Vietnamese and English), and
the text is marked as OCR (`text_source`)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from archive.extract.result import blank_result

__all__ = ["PDF_MAGIC", "is_pdf", "extract_pdf", "pdf_date"]

PDF_MAGIC = b"%PDF-"
MIN_TEXT_CHARS = 100  # as for pages: fewer characters than this is not a document worth a row
MAX_PAGES = 500  # a longer PDF keeps its first pages' text (a gazette volume is not one article)
OCR_PAGES = 30  # OCR is slow: at most this many pages
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:(?:trang|page|tr\.)\s*)?\d{1,4}(?:\s*(?:/|of|trên)\s*\d{1,4})?(?:\s*[-–—])?$", re.I
)
_SENTENCE_END = re.compile(r"[.;:!?…»”\")\]]$")
_WORD_TITLE = re.compile(r"^(?:microsoft\s+(?:word|powerpoint|excel)\s*-\s*|untitled\b)", re.I)
_FILE_TITLE = re.compile(r"\.(?:docx?|odt|rtf|pdf|xlsx?|pptx?|html?|txt)$", re.I)
_LINE_HYPHEN = re.compile(r"\ufffe[ \t]*\n?[ \t]*(?=[^\W\d_])(?=[^A-ZÀ-ỸĐ])")
_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb06": "st",
}


def is_pdf(body: bytes, content_type: str = "") -> bool:
    """PDF bytes, whatever the server called them (download URLs often say application/octet-stream)."""
    head = body[:1024].lstrip()
    return head.startswith(PDF_MAGIC) or ("pdf" in (content_type or "").lower() and PDF_MAGIC in head)


def extract_pdf(body: bytes, url: str, *, hints: dict | None = None, ocr: bool = False) -> dict[str, Any]:
    """The extraction JSON of a PDF; `reason` says why there is no document (not_pdf, encrypted, broken_pdf,
    no_text_layer, too_short)."""
    result = blank_result(url, kind="pdf", text_source=None)
    if not is_pdf(body):
        return {**result, "reason": "not_pdf"}
    try:
        pages, meta = _read(body)
    except _Encrypted:
        return {**result, "reason": "encrypted"}
    except Exception as exc:  # PDFium rejects what it cannot parse; say so, never crash the worker
        return {**result, "reason": f"broken_pdf: {type(exc).__name__}"}
    result.update(_metadata(meta, hints or {}))
    text, source = _document_text(pages), "text_layer"
    if len(text) < MIN_TEXT_CHARS and ocr:
        text, source = _document_text(_ocr_pages(body)), "ocr"
    if len(text) < MIN_TEXT_CHARS:
        has_text = any(line.strip() for page in pages for line in page)
        return {**result, "text": text, "reason": "too_short" if has_text else "no_text_layer"}
    result["text"], result["text_source"] = text, source
    result["title"] = result["title"] or _first_line(text)
    result["language"] = _language(text)
    return result


class _Encrypted(Exception):
    pass


def _read(body: bytes) -> tuple[list[list[str]], dict[str, str]]:
    """Each page's text lines (in PDFium's reading order) and the document's metadata."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(body)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise _Encrypted from exc
        raise
    try:
        meta = {k: (v or "").strip() for k, v in document.get_metadata_dict(skip_empty=True).items()}
        pages = []
        for index in range(min(len(document), MAX_PAGES)):
            page = document[index]
            textpage = page.get_textpage()
            try:
                raw = textpage.get_text_range()
            finally:
                textpage.close()
                page.close()
            pages.append(_clean(raw).split("\n"))
        return pages, meta
    finally:
        document.close()


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)
    # PDFium writes U+FFFE for a hyphen at a line break: a word split in two when the next part is lower case
    # (docu-/mentation), a hyphen kept otherwise (Twenty-/Two)
    text = _LINE_HYPHEN.sub("", text).replace("\ufffe", "-")
    return text.replace("\u00ad", "").replace("\x00", "")


def _document_text(pages: list[list[str]]) -> str:
    """Paragraphs of the whole document: running headers, footers and page numbers dropped, lines joined."""
    repeated = _running_lines(pages)
    paragraphs: list[str] = []
    for page in pages:
        lines = [" ".join(line.split()) for line in page]
        lines = [
            line for line in lines if line and _key(line) not in repeated and not _PAGE_NUMBER.match(line)
        ]
        paragraphs.extend(_paragraphs(lines))
    return "\n".join(paragraphs)


def _key(line: str) -> str:
    """Lines compared with their numbers blanked: 'Trang 2/9' and 'Trang 3/9' are the same running footer."""
    return re.sub(r"\d+", "#", " ".join(line.split())).casefold()


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Running headers and footers: lines among the first two or the last two of a page that stand in the same
    place (top or bottom) on at least half the pages, and on two pages at least."""
    if len(pages) < 2:
        return set()
    top: Counter[str] = Counter()
    bottom: Counter[str] = Counter()
    for page in pages:
        lines = [line for line in page if line.strip()]
        top.update({_key(line) for line in lines[:2]})
        bottom.update({_key(line) for line in lines[-2:]})
    need = max(2, (len(pages) + 1) // 2)
    return {key for counts in (top, bottom) for key, count in counts.items() if count >= need}


def _paragraphs(lines: list[str]) -> list[str]:
    """Join a page's lines: a line ends its paragraph when it is clearly shorter than the page's full lines and
    ends a sentence, or when the next line starts a list item ('Điều 2.', '1.', 'a)', '-')."""
    if not lines:
        return []
    full = (
        sorted(len(line) for line in lines)[int(len(lines) * 0.8)]
        if len(lines) >= 3
        else max(map(len, lines))
    )
    out: list[str] = []
    current = ""
    for index, line in enumerate(lines):
        current = f"{current} {line}" if current else line
        following = lines[index + 1] if index + 1 < len(lines) else ""
        short = len(line) < 0.85 * full
        ends = (short and _SENTENCE_END.search(line)) or len(line) < 0.6 * full or (short and _heading(line))
        if not following or ends or _starts_item(following):
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out


def _starts_item(line: str) -> bool:
    return bool(
        re.match(
            r"^(?:Điều|Chương|Mục|Article|Chapter|Section)\s+\w+[.:]|^(?:\d{1,3}|[a-zđ])[.)]\s|^[-–•+]\s",
            line,
        )
    )


def _heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _metadata(meta: dict[str, str], hints: dict) -> dict[str, Any]:
    title = meta.get("Title", "")
    if _WORD_TITLE.match(title) or _FILE_TITLE.search(title) or len(title) < 4:
        title = ""
    published = pdf_date(meta.get("CreationDate", "")) or hints.get("published")
    out = {
        "title": unicodedata.normalize("NFC", title) or None,
        "author": unicodedata.normalize("NFC", meta["Author"]) if meta.get("Author") else None,
        "published": published,
        "modified": pdf_date(meta.get("ModDate", "")),
        "published_from": "pdf:CreationDate" if pdf_date(meta.get("CreationDate", "")) else None,
    }
    if out["published_from"] is None and published:
        out["published_from"] = "discovery"
    return out


def pdf_date(value: str) -> str | None:
    """ISO 8601 for a PDF date (`D:20260105143000+07'00'`, `D:20260105`); None when unreadable."""
    match = re.match(
        r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(Z|[+-]\d{2}'?\d{2}'?)?", value or ""
    )
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        when = datetime(
            int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0), int(second or 0)
        )
    except ValueError:
        return None
    if not 1990 <= when.year <= datetime.now(UTC).year + 1:
        return None
    if zone and zone != "Z":
        digits = zone.replace("'", "")
        sign = -1 if digits[0] == "-" else 1
        when = when.replace(
            tzinfo=timezone(sign * timedelta(hours=int(digits[1:3]), minutes=int(digits[3:5] or 0)))
        )
    elif zone == "Z":
        when = when.replace(tzinfo=UTC)
    return when.isoformat()


def _first_line(text: str) -> str | None:
    for line in text.split("\n"):
        line = line.strip()
        if len(line) >= 8:
            return line[:300]
    return None


def _language(text: str) -> str | None:
    sample = text[:5000]
    marks = sum(1 for c in sample if c in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
    letters = sum(1 for c in sample if c.isalpha()) or 1
    return "vi" if marks / letters > 0.02 else None


def _ocr_pages(body: bytes) -> list[list[str]]:
    """Each page rendered at 300 dpi and read by tesseract (vie+eng); [] when tesseract is not installed."""
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        return []
    import pypdfium2 as pdfium

    languages = "vie+eng" if "vie" in _tesseract_languages(tesseract) else "eng"
    pages: list[list[str]] = []
    document = pdfium.PdfDocument(body)
    try:
        with tempfile.TemporaryDirectory(prefix="ocr-") as tmp:
            for index in range(min(len(document), OCR_PAGES)):
                image = Path(tmp) / f"{index}.pgm"
                _write_pgm(document[index].render(scale=300 / 72, grayscale=True), image)
                done = subprocess.run(
                    [tesseract, str(image), "-", "-l", languages],
                    capture_output=True,
                    timeout=120,
                    check=False,
                )
                pages.append(_clean(done.stdout.decode("utf-8", "replace")).split("\n"))
    finally:
        document.close()
    return pages


def _write_pgm(bitmap, path: Path) -> None:
    """A grayscale page as a binary PGM, which tesseract reads (no imaging library needed)."""
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    data = bytes(bitmap.buffer)
    rows = b"".join(data[row * stride : row * stride + width] for row in range(height))
    path.write_bytes(f"P5 {width} {height} 255\n".encode() + rows)


def _tesseract_languages(tesseract: str) -> str:
    done = subprocess.run([tesseract, "--list-langs"], capture_output=True, timeout=30, check=False)
    return (done.stdout + done.stderr).decode("utf-8", "replace")
