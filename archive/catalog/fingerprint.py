"""Text fingerprints for duplicate detection: word shingles, MinHash with LSH band keys, and SimHash.

Everything here is a pure function of the text (NFC, casefolded, punctuation dropped) with fixed seeds, so
the same article gets the same fingerprints on every machine and in every crawl order."""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = [
    "words",
    "shingles",
    "minhash",
    "band_keys",
    "simhash",
    "fingerprints",
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
_ROTATION = 0x9E3779B97F4A7C15  # densification offset per bin of distance (the golden-ratio constant)
_WORD = re.compile(r"\w+")


def _digest(data: str) -> bytes:
    """A shingle's 64-bit hash as 8 big-endian bytes: sorting the bytes sorts the numbers."""
    return hashlib.blake2b(data.encode("utf-8"), digest_size=8).digest()


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
    return _minhash_of(sorted(map(_digest, shingle_set)))


def _minhash_of(digests: list[bytes]) -> list[int]:
    """minhash() from the shingles' digests in ascending order. A bin's minimum value (h // PERMUTATIONS) is
    its smallest hash, so the bins fill from the front of the list: with 80 bins that is a few hundred
    hashes, whatever the length of the text."""
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
    return _simhash_of(b"".join(map(_digest, shingle_set)), len(shingle_set))


def _simhash_of(joined: bytes, count: int) -> str:
    """simhash() from the concatenated 8-byte digests of COUNT shingles. Bit k of the hash is set when more
    than half of the digests have it: the digests' byte j (j::8, a C-level slice) holds bits 8*(7-j) to
    8*(7-j)+7, and a byte translation table per bit turns the count into bytes.count()."""
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
    """(simhash, minhash) of a set, hashing each shingle once; (None, []) for no shingles."""
    if not shingle_set:
        return None, []
    digests = list(map(_digest, shingle_set))
    return _simhash_of(b"".join(digests), len(digests)), _minhash_of(sorted(digests))


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def containment(a: set[str], b: set[str]) -> float:
    """The share of the smaller set found in the larger: high when one text is the other plus extras."""
    small = min(len(a), len(b))
    return len(a & b) / small if small else 0.0
