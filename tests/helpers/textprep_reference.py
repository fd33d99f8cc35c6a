"""A frozen copy of archive.catalog's text preparation as it was at aff1832 (before fp-speed): normalize_text,
comparable_text, text_digest, words, shingles, minhash, simhash, fingerprints, band_keys and prepare(), verbatim.
Stored archives hold the digests and fingerprints these computed, so a faster implementation must return exactly
the same values for every input; tests/catalog/test_textprep_values.py compares the two. Never edit this copy to
make a test pass."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any

# ---- archive/catalog/versions.py ----

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_BORING = [
    re.compile(
        r"\b\d[\d.,\s]*\s*(lượt xem|lượt đọc|lượt thích|lượt chia sẻ|bình luận|views?|reads?|comments?)\b",
        re.I,
    ),
    re.compile(r"\b(lượt xem|lượt đọc|views?|reads?|bình luận|comments?)\s*[:：]?\s*\d[\d.,]*", re.I),
    re.compile(
        r"\b(cập nhật|updated|last updated|lần cập nhật cuối)\s*(lúc|at|on)?\s*[:：]?\s*[\d:/.\-,\sT+GMTh]*\d",
        re.I,
    ),
    re.compile(r"\b\d+\s*(giây|phút|giờ|ngày|seconds?|minutes?|hours?|days?)\s*(trước|ago)\b", re.I),
]
_STAMP_TOKEN = re.compile(
    r"\d{1,2}:\d{2}(:\d{2})?|\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}|gmt|utc|ict|am|pm|sa|ch|thứ|hai|ba|tư|năm|sáu|"
    r"bảy|chủ|nhật|ngày|lúc|\d+|[^\w\s]",
    re.I,
)
_CLOCK_OR_DATE = re.compile(r"\d{1,2}:\d{2}|\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}")


def _is_stamp_line(line: str) -> bool:
    return len(line) <= 60 and bool(_CLOCK_OR_DATE.search(line)) and not _STAMP_TOKEN.sub("", line).strip()


def normalize_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "").translate(_ZERO_WIDTH)
    paragraphs = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(p for p in paragraphs if p)


def comparable_text(text: str, *, normalized: bool = False) -> str:
    lines = [
        "#" if _is_stamp_line(line) else line
        for line in (text if normalized else normalize_text(text)).split("\n")
    ]
    text = "\n".join(lines)
    for pattern in _BORING:
        text = pattern.sub("#", text)
    return text.casefold()


def text_digest(text: str, *, normalized: bool = False) -> str:
    return (
        "sha256:" + hashlib.sha256(comparable_text(text, normalized=normalized).encode("utf-8")).hexdigest()
    )


# ---- archive/catalog/fingerprint.py ----

SHINGLE_SIZE = 3
BANDS, ROWS = 20, 4
PERMUTATIONS = BANDS * ROWS
_MASK = (1 << 64) - 1
_ROTATION = 0x9E3779B97F4A7C15
_WORD = re.compile(r"\w+")


def _digest(data: str) -> bytes:
    return hashlib.blake2b(data.encode("utf-8"), digest_size=8).digest()


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text or "").casefold())


def shingles(text: str, size: int = SHINGLE_SIZE) -> set[str]:
    tokens = words(text)
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def minhash(shingle_set: set[str]) -> list[int]:
    if not shingle_set:
        return []
    return _minhash_of(sorted(map(_digest, shingle_set)))


def _minhash_of(digests: list[bytes]) -> list[int]:
    empty = _MASK
    bins = [empty] * PERMUTATIONS
    missing = PERMUTATIONS
    for digest in digests:
        slot, value = divmod(int.from_bytes(digest, "big"), PERMUTATIONS)[::-1]
        if bins[slot] == empty:
            bins[slot] = value
            missing -= 1
            if not missing:
                break
    if missing:
        filled = list(bins)
        for i in range(PERMUTATIONS):
            distance = 1
            while filled[i] == empty:
                source = bins[(i + distance) % PERMUTATIONS]
                if source != empty:
                    filled[i] = (source + distance * _ROTATION) & _MASK
                distance += 1
        bins = filled
    return bins


def band_keys(signature: list[int]) -> list[int]:
    keys = []
    for band in range(BANDS) if signature else ():
        rows = signature[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(f"{band}:{','.join(map(str, rows))}".encode(), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def simhash(shingle_set: set[str]) -> str:
    return _simhash_of(b"".join(map(_digest, shingle_set)), len(shingle_set))


def _simhash_of(joined: bytes, count: int) -> str:
    half = count / 2
    value = 0
    for j in range(8):
        column = joined[j::8]
        for bit in range(8):
            if column.translate(_BIT_TABLES[bit]).count(1) > half:
                value |= 1 << (8 * (7 - j) + bit)
    return f"{value:016x}"


_BIT_TABLES = [bytes((v >> bit) & 1 for v in range(256)) for bit in range(8)]


def fingerprints(shingle_set: set[str]) -> tuple[str | None, list[int]]:
    if not shingle_set:
        return None, []
    digests = list(map(_digest, shingle_set))
    return _simhash_of(b"".join(digests), len(digests)), _minhash_of(sorted(digests))


# ---- archive/catalog/textprep.py ----


def prepare(text: str | None, title: str | None) -> dict[str, Any]:
    text = normalize_text(text or "")
    simhash, signature = fingerprints(shingles(text))
    return {
        "text": text,
        "title": " ".join(normalize_text(title or "").split()) or None,
        "text_digest": text_digest(text, normalized=True),
        "simhash": simhash,
        "band_keys": band_keys(signature),
    }
