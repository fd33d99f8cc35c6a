"""Article revisions: what counts as a real change, how big it is, and a readable diff.

Pages change all the time without the article changing: view counters tick, "updated 10:35" stamps move,
whitespace and Unicode normalisation differ between renderings. `comparable_text()` masks exactly those, so a
new `article_versions` row means an editor changed the words (or the headline)."""

from __future__ import annotations

import difflib
import hashlib
import html
import re
import unicodedata

__all__ = ["comparable_text", "text_digest", "is_real_change", "char_changes", "diff_html", "normalize_text"]

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # and the soft hyphen
# Counters and clocks that change between fetches of an unchanged article.
_BORING = [
    # "1.234 lượt xem", "Lượt xem: 1234", "1,234 views", "Views: 12", "12 bình luận"
    re.compile(
        r"\b\d[\d.,\s]*\s*(lượt xem|lượt đọc|lượt thích|lượt chia sẻ|bình luận|views?|reads?|comments?)\b",
        re.I,
    ),
    re.compile(r"\b(lượt xem|lượt đọc|views?|reads?|bình luận|comments?)\s*[:：]?\s*\d[\d.,]*", re.I),
    # "Cập nhật: 10:35 25/11/2024", "Updated 2024-11-25 10:35" (the edit time, not the content)
    re.compile(
        r"\b(cập nhật|updated|last updated|lần cập nhật cuối)\s*(lúc|at|on)?\s*[:：]?\s*[\d:/.\-,\sT+GMTh]*\d",
        re.I,
    ),
    # "x phút trước", "2 hours ago"
    re.compile(r"\b\d+\s*(giây|phút|giờ|ngày|seconds?|minutes?|hours?|days?)\s*(trước|ago)\b", re.I),
]
# What each pattern cannot match without, checked first because most texts have none of it (each pattern tries
# to match at every position of the text: about 0.15 ms on a 5,700-character article, even when nothing matches):
# - one of its words in the casefolded text; for the last pattern, a word right after a unit of time and white
#   space (white space casefolds to itself). Under re.I a letter of these words matches exactly the characters
#   whose casefold is that letter, except for "i", which also matches "ı" and "İ" (_I_LOOKALIKES): a text holding
#   either is masked without this check. Masking only replaces matches by "#", so a word the masked text holds,
#   the original held too. tests/catalog/test_textprep_values.py checks these facts on every code point.
# - for the patterns that start with a number: the pattern without its leading \b (any match of the pattern
#   matches it), which re finds fast because it starts with \d.
_BORING_WORDS: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (("lượt xem", "lượt đọc", "lượt thích", "lượt chia sẻ", "bình luận", "view", "read", "comment"), ()),
    (("lượt xem", "lượt đọc", "view", "read", "bình luận", "comment"), ()),
    (("cập nhật", "updated"), ()),  # "last updated" and "lần cập nhật cuối" hold one of them
    (("trước", "ago"), tuple("giây phút giờ ngày second seconds minute minutes hour hours day days".split())),
]
_BORING_HINTS = [
    re.compile(pattern.pattern.removeprefix(r"\b"), re.I) if pattern.pattern.startswith(r"\b\d") else None
    for pattern in _BORING
]
_I_LOOKALIKES = "\u0131\u0130"


# A dateline on a line of its own ("Thứ Hai, 25/11/2024 10:35 (GMT+7)"): the page's clock, not the story.
# Times inside sentences ("lúc 14:30, vụ cháy...") are content and stay.
_STAMP_TOKEN = re.compile(
    r"\d{1,2}:\d{2}(:\d{2})?|\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}|gmt|utc|ict|am|pm|sa|ch|thứ|hai|ba|tư|năm|sáu|"
    r"bảy|chủ|nhật|ngày|lúc|\d+|[^\w\s]",
    re.I,
)
_CLOCK_OR_DATE = re.compile(r"\d{1,2}:\d{2}|\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}")


def _is_stamp_line(line: str) -> bool:
    return len(line) <= 60 and bool(_CLOCK_OR_DATE.search(line)) and not _STAMP_TOKEN.sub("", line).strip()


def normalize_text(text: str) -> str:
    """NFC, no zero-width characters or soft hyphens, one space between words, one newline between
    paragraphs: what any comparison of article text starts from."""
    text = unicodedata.normalize("NFC", text or "")
    for char in _ZERO_WIDTH:  # what str.translate() would delete, without its cost per character
        if char in text:
            text = text.replace(char, "")
    if _is_tidy(text):
        return text
    paragraphs = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(p for p in paragraphs if p)


def _is_tidy(text: str) -> bool:
    """TEXT is its own normalize_text() paragraph layout: no whitespace but single spaces inside lines and single
    newlines between them, none at either end. Every other whitespace and line-break character is unprintable,
    so this costs a few scans where splitting every line would cost a tenth of a millisecond."""
    return (
        bool(text)
        and text[0] not in " \n"
        and text[-1] not in " \n"
        and "  " not in text
        and " \n" not in text
        and "\n " not in text
        and "\n\n" not in text
        and text.replace("\n", "").isprintable()
    )


def _holds(folded: str, words: tuple[str, ...], after: tuple[str, ...]) -> bool:
    """FOLDED holds one of WORDS, and if AFTER is given, one that follows one of AFTER and white space."""
    for word in words:
        at = folded.find(word)
        while at >= 0:
            if not after or folded[:at].rstrip().endswith(after):
                return True
            at = folded.find(word, at + 1)
    return False


def comparable_text(text: str, *, normalized: bool = False, casefolded: str | None = None) -> str:
    """Normalised text with counters and clock stamps masked, casefolded. `normalized`: TEXT is the output of
    normalize_text() already (which is idempotent), so it is not normalised again. `casefolded`: the normalised
    TEXT's casefold() when the caller has it (prepare() does); it is also the result when nothing is masked."""
    if not normalized:
        text = normalize_text(text)
    folded = text.casefold() if casefolded is None else casefolded
    checked = not any(char in text for char in _I_LOOKALIKES)
    lines = text.split("\n")
    stamped = ["#" if _is_stamp_line(line) else line for line in lines]
    masked = stamped != lines
    if masked:
        text = "\n".join(stamped)
    for pattern, (words, after), hint in zip(_BORING, _BORING_WORDS, _BORING_HINTS, strict=True):
        if checked and not _holds(folded, words, after):
            continue
        if hint is not None and not hint.search(text):
            continue
        text, count = pattern.subn("#", text)
        masked = masked or count > 0
    return text.casefold() if masked else folded


def text_digest(text: str, *, normalized: bool = False, casefolded: str | None = None) -> str:
    """`sha256:` of the comparable text: equal digests mean no real change (and `text` duplicates)."""
    comparable = comparable_text(text, normalized=normalized, casefolded=casefolded)
    return "sha256:" + hashlib.sha256(comparable.encode("utf-8")).hexdigest()


def is_real_change(old_title: str | None, old_text: str, new_title: str | None, new_text: str) -> bool:
    """A headline or text change that survives masking of boring differences."""
    return comparable_text(old_text) != comparable_text(new_text) or comparable_text(
        old_title or ""
    ) != comparable_text(new_title or "")


_TOKEN = re.compile(r"\w+|[^\w\s]|\s+")


def _tokens(paragraph: str) -> list[str]:
    return _TOKEN.findall(paragraph)


def char_changes(old: str, new: str) -> tuple[int, int]:
    """Characters added and removed from OLD to NEW, counted on normalised text: paragraphs are aligned
    first and only replaced paragraphs are compared word by word, which keeps long articles cheap."""
    a, b = normalize_text(old).split("\n"), normalize_text(new).split("\n")
    added = removed = 0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        left, right = "\n".join(a[i1:i2]), "\n".join(b[j1:j2])
        if op == "delete":
            removed += len(left)
        elif op == "insert":
            added += len(right)
        else:
            ta, tb = _tokens(left), _tokens(right)
            inner = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
            for op2, k1, k2, l1, l2 in inner.get_opcodes():
                if op2 in ("delete", "replace"):
                    removed += sum(map(len, ta[k1:k2]))
                if op2 in ("insert", "replace"):
                    added += sum(map(len, tb[l1:l2]))
    return added, removed


def diff_html(old: str, new: str) -> str:
    """An HTML fragment of the change from OLD to NEW: unchanged paragraphs as they are, changed words in
    `<del>` and `<ins>`. Escaped: article text is untrusted."""
    a, b = normalize_text(old).split("\n"), normalize_text(new).split("\n")
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.extend(f"<p>{html.escape(p)}</p>" for p in a[i1:i2])
        elif op == "delete":
            out.extend(f'<p class="removed"><del>{html.escape(p)}</del></p>' for p in a[i1:i2])
        elif op == "insert":
            out.extend(f'<p class="added"><ins>{html.escape(p)}</ins></p>' for p in b[j1:j2])
        else:
            ta, tb = _tokens("\n".join(a[i1:i2])), _tokens("\n".join(b[j1:j2]))
            parts: list[str] = []
            inner = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
            if inner.ratio() < 0.5:  # rewritten, not edited: interleaved words would be unreadable
                out.extend(f'<p class="removed"><del>{html.escape(p)}</del></p>' for p in a[i1:i2])
                out.extend(f'<p class="added"><ins>{html.escape(p)}</ins></p>' for p in b[j1:j2])
                continue
            for op2, k1, k2, l1, l2 in inner.get_opcodes():
                if op2 == "equal":
                    parts.append(html.escape("".join(ta[k1:k2])))
                    continue
                if op2 in ("delete", "replace"):
                    parts.append(f"<del>{html.escape(''.join(ta[k1:k2]))}</del>")
                if op2 in ("insert", "replace"):
                    parts.append(f"<ins>{html.escape(''.join(tb[l1:l2]))}</ins>")
            out.append('<p class="changed">' + "".join(parts).replace("\n", "<br>") + "</p>")
    return "\n".join(out)
