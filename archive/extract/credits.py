"""A photo caption's credit, split off: "Ông A phát biểu. (Ảnh: Hà An)" -> ("Ông A phát biểu.", "Hà An"),
"Toàn cảnh phiên họp. Ảnh: Name/Agency" -> (..., "Name/Agency"), "Caption (AFP)" -> ("Caption", "AFP").

The words that introduce a credit ("Ảnh:", "Photo:", "Foto:") come from words.toml, every language's at once: pages
often declare the wrong language (a Vietnamese template left at `lang="en"`), and a word followed by a colon at
the end of a caption is a credit in any of them. A trailing parenthesis that holds only an agency-like name (an
acronym, `Name/AGENCY`, one capitalised word) is a credit too."""

from __future__ import annotations

import re
from functools import lru_cache

from archive.extract.words import words_for

__all__ = ["credit_text", "split_credit"]

_SEPARATORS = " \t-–—|:;,"
# "(AFP)", "(ABC/Agency+)", "(Reuters)", "(Name/AGENCY)": acronyms, slashed names or one capitalised word
_CREDIT_PAREN = re.compile(
    r"\(\s*(?P<credit>(?:[A-ZĐ]{2,10}[+]?|[A-ZĐ][a-zà-ỹ]{2,15})(?:\s*/\s*[\w+.]{2,20}){0,2}"
    r"|[A-ZĐ][\w.]*(?:\s+[A-ZĐ][\w.]*){0,3}\s*/\s*[A-ZĐ]{2,10}[+]?)\s*\)\s*\.?\s*$"
)


# Chinese agencies sign a photo with the photographer's name and 摄 ("took"): "…新华社记者 才扬 摄"
_CREDIT_SHOT = re.compile(
    r"(?:^|(?<=[\s。，,；;：:（(]))(?P<credit>(?:\S{0,12}(?:记者|通讯员|摄影师|摄影)\s*)?[^\s。，,；;：:（()]{1,12})\s+摄\s*[)）]?\s*$"
)


@lru_cache(maxsize=1)
def _credit_pattern() -> re.Pattern:
    words = words_for(None).alternation("credit")  # every language's
    return re.compile(
        rf"""(?:^|(?<=[\s.,;–—。，（(-]))[(（]?\s*(?:{words})\s*[:：]\s*(?P<credit>[^()（）\n]{{1,80}}?)\s*[)）]?\s*[.。]?\s*$""",
        re.I,
    )


def split_credit(text: str) -> tuple[str, str | None]:
    """(caption, credit or None); the caption without the credit and the punctuation before it."""
    text = " ".join(text.split())
    match = _credit_pattern().search(text) or _CREDIT_PAREN.search(text) or _CREDIT_SHOT.search(text)
    if not match:
        return text, None
    credit = match.group("credit").strip(" .")
    caption = text[: match.start()].rstrip(_SEPARATORS + "(（").strip()
    if not credit:
        return text, None
    if not caption and len(credit.split()) >= 6:
        return (
            credit,
            None,
        )  # "Image: Ông A phát biểu tại hội nghị sáng nay": a labelled caption, not a credit
    return caption, credit


def credit_text(text: str) -> str | None:
    """The text of an element that holds only a credit, without its label ("Photo: Name", "Credit...Name",
    "© Name")."""
    text = " ".join(text.split())
    before, said = split_credit(text)
    if said and not before:
        return said
    return _credit_label().sub("", text).strip() or None


@lru_cache(maxsize=1)
def _credit_label() -> re.Pattern:
    """A credit word (or ©) and what stands between it and the name: "Credit...", "Photo by", "© "."""
    words = words_for(None).alternation("credit")
    return re.compile(rf"^(?:©|\(c\)|(?:{words})(?=[\W_]))[\W_]*(?:by\s+)?", re.I)
