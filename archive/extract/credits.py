"""A photo caption's credit, split off: "Ông A phát biểu. (Ảnh: Hà An)" -> ("Ông A phát biểu.", "Hà An"),
"Toàn cảnh phiên họp. Ảnh: Name/Agency" -> (..., "Name/Agency"), "Caption (AFP)" -> ("Caption", "AFP").

The words that introduce a credit come from words.toml by language; a trailing parenthesis that holds only an
agency-like name (an acronym, `Name/AGENCY`, one capitalised word) is a credit in any language."""

from __future__ import annotations

import re
from functools import lru_cache

from archive.extract.words import words_for

__all__ = ["split_credit"]

_SEPARATORS = " \t-–—|:;,"
# "(AFP)", "(ABC/Agency+)", "(Reuters)", "(Name/AGENCY)": acronyms, slashed names or one capitalised word
_CREDIT_PAREN = re.compile(
    r"\(\s*(?P<credit>(?:[A-ZĐ]{2,10}[+]?|[A-ZĐ][a-zà-ỹ]{2,15})(?:\s*/\s*[\w+.]{2,20}){0,2}"
    r"|[A-ZĐ][\w.]*(?:\s+[A-ZĐ][\w.]*){0,3}\s*/\s*[A-ZĐ]{2,10}[+]?)\s*\)\s*\.?\s*$"
)


@lru_cache(maxsize=32)
def _credit_pattern(language: str | None) -> re.Pattern:
    words = words_for(language).alternation("credit")
    return re.compile(
        rf"""(?:^|(?<=[\s.,;–—-]))\(?\s*(?:{words})\s*:\s*(?P<credit>[^()\n]{{1,80}}?)\s*\)?\s*\.?\s*$""",
        re.I,
    )


def split_credit(text: str, language: str | None = None) -> tuple[str, str | None]:
    """(caption, credit or None); the caption without the credit and the punctuation before it."""
    text = " ".join(text.split())
    match = _credit_pattern(language).search(text) or _CREDIT_PAREN.search(text)
    if not match:
        return text, None
    credit = match.group("credit").strip(" .")
    caption = text[: match.start()].rstrip(_SEPARATORS + "(").strip()
    if not credit:
        return text, None
    return caption, credit
