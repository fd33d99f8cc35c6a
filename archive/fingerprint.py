"""Text fingerprints for duplicate detection: word shingles, MinHash with LSH band keys, and SimHash.

Everything here is a pure function of the text (NFC, casefolded, punctuation dropped) with fixed seeds, so
the same article gets the same fingerprints on every machine and in every crawl order."""

from __future__ import annotations

import hashlib
import random
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
BANDS, ROWS = 16, 4  # 64 MinHash values; candidates above Jaccard ~0.5: (1/16) ** (1/4)
PERMUTATIONS = BANDS * ROWS
_MASK = (1 << 64) - 1
# Fixed multiply-add hash family: odd multipliers make each a permutation of 64-bit values.
_rng = random.Random(20240501)
_FAMILY = [(_rng.getrandbits(64) | 1, _rng.getrandbits(64)) for _ in range(PERMUTATIONS)]
_WORD = re.compile(r"\w+")


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
    """PERMUTATIONS minimum hash values; two sets agree in a position with probability = their Jaccard."""
    if not shingle_set:
        return []
    hashes = [_h64(s) for s in shingle_set]
    return [min((a * x + b) & _MASK for x in hashes) for a, b in _FAMILY]


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
    counts = [0] * 64
    for s in shingle_set:
        h = _h64(s)
        for bit in range(64):
            counts[bit] += 1 if h >> bit & 1 else -1
    value = sum(1 << bit for bit in range(64) if counts[bit] > 0)
    return f"{value:016x}"


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def containment(a: set[str], b: set[str]) -> float:
    """The share of the smaller set found in the larger: high when one text is the other plus extras."""
    small = min(len(a), len(b))
    return len(a & b) / small if small else 0.0
