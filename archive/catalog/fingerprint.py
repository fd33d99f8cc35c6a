"""Text fingerprints for duplicate detection: word shingles, MinHash with LSH band keys, and SimHash.

Everything here is a pure function of the text (NFC, casefolded, punctuation dropped) with fixed seeds, so
the same article gets the same fingerprints on every machine and in every crawl order."""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
from collections.abc import Iterable
from itertools import compress

__all__ = [
    "words",
    "shingles",
    "minhash",
    "band_keys",
    "simhash",
    "fingerprints",
    "text_fingerprints",
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


# Never updated: each shingle is hashed by a copy of it, which costs less than making a new hash object.
_BLAKE2B = hashlib.blake2b(digest_size=8)


def _digests(data: Iterable[bytes]) -> list[bytes]:
    """Each item's 64-bit hash (blake2b, digest size 8) as 8 big-endian bytes."""
    copy = _BLAKE2B.copy
    out = []
    for item in data:
        hasher = copy()
        hasher.update(item)
        out.append(hasher.digest())
    return out


def words(text: str) -> list[str]:
    """Casefolded NFC words; digits kept (numbers matter in news), punctuation dropped."""
    return _WORD.findall(unicodedata.normalize("NFC", text or "").casefold())


def shingles(text: str, size: int = SHINGLE_SIZE) -> set[str]:
    return _shingles_of(words(text), size)


def _shingles_of(tokens: list[str], size: int) -> set[str]:
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    if size < 1:
        return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}
    return set(map(" ".join, zip(*(tokens[i:] for i in range(size)), strict=False)))


def minhash(shingle_set: set[str]) -> list[int]:
    """PERMUTATIONS values; two sets agree in a position with probability about their Jaccard.

    One-permutation hashing: each shingle is hashed once and falls into one of PERMUTATIONS bins, keeping
    the minimum per bin (O(shingles), not O(shingles x permutations)); empty bins of short texts borrow the
    next filled bin's value, rotated, so that they still agree only when the texts do."""
    if not shingle_set:
        return []
    return _minhash_of(b"".join(_digests(s.encode("utf-8") for s in shingle_set)))


_FEW = 600  # hashes looked at first, of a long text: a bin stays empty among 600 with p = 0.04
_NO_HASH = 1 << 64  # above every hash


def _minhash_of(joined: bytes) -> list[int]:
    """minhash() from the concatenated 8-byte digests of the shingles. A bin's value is its smallest hash
    // PERMUTATIONS, and with 80 bins the smallest few hundred hashes of a text fill them all, whatever its
    length: of a long text, the hashes whose first byte puts them among about _FEW of the smallest are looked at
    first (a C-level selection), all of them only when those leave a bin empty (a few texts in a hundred). Both
    give the same values: a bin's smallest hash passes whenever any of its hashes does."""
    count = len(joined) // 8
    hashes = struct.unpack(f">{count}Q", joined)
    smallest = None
    if count > 3 * _FEW // 2:
        top = -(-_FEW * 256 // count)  # first bytes below TOP: about _FEW hashes
        kept = joined[::8].translate(b"\x01" * top + b"\x00" * (256 - top))
        smallest = _smallest(compress(hashes, kept))
        if _NO_HASH in smallest:
            smallest = None
    if smallest is None:
        smallest = _smallest(hashes)
    empty = _MASK
    bins = [empty if h == _NO_HASH else h // PERMUTATIONS for h in smallest]
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


def _smallest(hashes: Iterable[int]) -> list[int]:
    """The smallest of HASHES in each bin (h % PERMUTATIONS), _NO_HASH for a bin none falls into."""
    smallest = [_NO_HASH] * PERMUTATIONS
    for h in hashes:
        slot = h % PERMUTATIONS
        if h < smallest[slot]:
            smallest[slot] = h
    return smallest


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
    return _simhash_of(b"".join(_digests(s.encode("utf-8") for s in shingle_set)), len(shingle_set))


def _simhash_of(joined: bytes, count: int) -> str:
    """simhash() from the concatenated 8-byte digests of COUNT shingles. Bit k of the hash is set when more
    than half of the digests have it: the digests' byte j (j::8, a C-level slice) holds bits 8*(7-j) to
    8*(7-j)+7; read as one integer, its bit b of every byte, masked out, is counted by int.bit_count()."""
    half = count / 2
    ones = int.from_bytes(b"\x01" * count, "big")  # bit 0 of every byte
    value = 0
    for j in range(8):
        column = int.from_bytes(joined[j::8], "big")
        for bit in range(8):
            if ((column >> bit) & ones).bit_count() > half:
                value |= 1 << (8 * (7 - j) + bit)
    return f"{value:016x}"


def fingerprints(shingle_set: set[str]) -> tuple[str | None, list[int]]:
    """(simhash, minhash) of a set, hashing each shingle once; (None, []) for no shingles."""
    if not shingle_set:
        return None, []
    joined = b"".join(_digests(s.encode("utf-8") for s in shingle_set))
    return _simhash_of(joined, len(shingle_set)), _minhash_of(joined)


def text_fingerprints(
    text: str, size: int = SHINGLE_SIZE, *, casefolded: str | None = None
) -> tuple[str | None, list[int]]:
    """fingerprints(shingles(TEXT, SIZE)), the same values, cheaper: the shingles are made as UTF-8 bytes (the
    words joined by a space and encoded once, then split), which is what hashing them as text encodes them to.
    `casefolded`: the NFC TEXT's casefold() when the caller has it (prepare() does)."""
    if casefolded is None:
        casefolded = unicodedata.normalize("NFC", text or "").casefold()
    tokens = _WORD.findall(casefolded)
    if len(tokens) < size or size < 1:
        return fingerprints(_shingles_of(tokens, size))
    encoded = " ".join(tokens).encode("utf-8").split(b" ")  # a word never holds a space
    grams = set(map(b" ".join, zip(*(encoded[i:] for i in range(size)), strict=False)))
    joined = b"".join(_digests(grams))
    return _simhash_of(joined, len(grams)), _minhash_of(joined)


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def containment(a: set[str], b: set[str]) -> float:
    """The share of the smaller set found in the larger: high when one text is the other plus extras."""
    small = min(len(a), len(b))
    return len(a & b) / small if small else 0.0
