"""Text fingerprints for duplicate detection: word shingles, MinHash with LSH band keys, and SimHash.

Everything here is a pure function of the text (NFC, casefolded, punctuation dropped) with fixed seeds, so
the same article gets the same fingerprints on every machine and in every crawl order."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

__all__ = [
    "words",
    "shingles",
    "minhash",
    "band_keys",
    "simhash",
    "jaccard",
    "containment",
    "SHINGLE_SIZE",
    "PERMUTATIONS",
    "BANDS",
    "ROWS",
]

SHINGLE_SIZE = 3  # word 3-grams: robust to reordering of boilerplate, sensitive to edited sentences
BANDS, ROWS = 20, 4  # 80 values: a pair at Jaccard 0.6 shares a band with p = 0.94, at 0.3 with p = 0.15
PERMUTATIONS = BANDS * ROWS
_MASK = (1 << 64) - 1
# Fixed multiply-add hash family: odd multipliers make each a permutation of 64-bit values.
_ROTATION = 0x9E3779B97F4A7C15  # densification offset per bin of distance (the golden-ratio constant)
_WORD = re.compile(r"\w+")


@functools.lru_cache(
    maxsize=1 << 16
)  # a shingle is hashed for SimHash and MinHash, and recurs across articles
def _h64(data: str) -> int:
    return int.from_bytes(hashlib.blake2b(data.encode("utf-8"), digest_size=8).digest(), "big")


def words(text: str) -> list[str]:
    """Casefolded NFC words; digits kept (numbers matter in news), punctuation dropped."""
    return _WORD.findall(unicodedata.normalize("NFC", text or "").casefold())


def shingles(text: str, size: int = SHINGLE_SIZE) -> set[str]:
    tokens = words(text)
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def minhash(shingle_set: set[str]) -> list[int]:
    """PERMUTATIONS values; two sets agree in a position with probability about their Jaccard.

    One-permutation hashing: each shingle is hashed once and falls into one of PERMUTATIONS bins, keeping
    the minimum per bin (O(shingles), not O(shingles x permutations)); empty bins of short texts borrow the
    next filled bin's value, rotated, so that they still agree only when the texts do."""
    if not shingle_set:
        return []
    empty = _MASK
    bins = [empty] * PERMUTATIONS
    for s in shingle_set:
        h = _h64(s)
        slot, value = h % PERMUTATIONS, h // PERMUTATIONS
        if value < bins[slot]:
            bins[slot] = value
    if empty in bins:
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
    """One signed 64-bit key per band (the band number is hashed in, so one index serves all bands).
    Two articles become candidates when any key is shared."""
    keys = []
    for band in range(BANDS) if signature else ():
        rows = signature[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(f"{band}:{','.join(map(str, rows))}".encode(), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def simhash(shingle_set: set[str]) -> str:
    """64-bit SimHash as 16 hex digits (close texts differ in few bits): a portable fingerprint for
    other tools; the catalog's own near-duplicate search uses MinHash bands."""
    # Per-bit counts of set bits, kept bit-sliced (counters[k] holds bit k of all 64 counts) so each
    # shingle costs a few integer operations instead of a loop over 64 bits.
    counters: list[int] = []
    for s in shingle_set:
        carry = _h64(s)
        for k in range(len(counters)):
            counters[k], carry = counters[k] ^ carry, counters[k] & carry
            if not carry:
                break
        if carry:
            counters.append(carry)
    half = len(shingle_set) / 2
    value = 0
    for bit in range(64):
        count = sum(((c >> bit) & 1) << k for k, c in enumerate(counters))
        if count > half:
            value |= 1 << bit
    return f"{value:016x}"


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def containment(a: set[str], b: set[str]) -> float:
    """The share of the smaller set found in the larger: high when one text is the other plus extras."""
    small = min(len(a), len(b))
    return len(a & b) / small if small else 0.0
