"""Checking a record's declared block and payload digests, in a thread while the records are read; and one
spelling for digests that other tools write differently (`digest_key`, `digest_spellings`)."""

from __future__ import annotations

import base64
import hashlib
from concurrent.futures import Future, ThreadPoolExecutor

__all__ = [
    "Digests",
    "NoDigests",
    "DigestMismatch",
    "BATCH_BYTES",
    "MAX_BATCHES",
    "digest_key",
    "digest_spellings",
]

BATCH_BYTES = 4 << 20  # digest checks handed to the thread at once
MAX_BATCHES = 4


class DigestMismatch(Exception):
    """A digest that does not pass as warcio's checker would pass it."""


class Digests:
    """Digest checks run in a thread, a batch at a time, while the next records are inflated and parsed
    (hashlib lets go of the GIL); a few batches at most are in flight, so memory stays bounded."""

    def __init__(self, pool: ThreadPoolExecutor):
        self.pool = pool
        self.batch: list[tuple[str, memoryview]] = []
        self.size = 0
        self.pending: list[Future] = []

    def add(self, declared: str, data: memoryview) -> None:
        self.batch.append((declared, data))
        self.size += len(data)
        if self.size >= BATCH_BYTES:
            self.flush()

    def flush(self) -> None:
        if self.batch:
            self.pending.append(self.pool.submit(check_all, self.batch))
            self.batch, self.size = [], 0
        while len(self.pending) > MAX_BATCHES:
            self.pending.pop(0).result()

    def wait(self) -> None:
        self.flush()
        for future in self.pending:
            future.result()
        self.pending = []


def check_all(batch: list[tuple[str, memoryview]]) -> None:
    for declared, data in batch:
        check_digest(declared, data)


class NoDigests:
    """Stands in for `Digests` when the whole file's sha256 has already vouched for every byte."""

    def add(self, declared: str, data) -> None:
        pass

    def wait(self) -> None:
        pass


def check_digest(declared: str, data) -> None:
    """Pass only a digest warcio's checker passes as is: the same algorithm, the value in base32."""
    algo, sep, value = declared.partition(":")
    if algo == "sha1":
        digest = hashlib.sha1(data)
    else:
        try:
            digest = hashlib.new(algo, data)
        except (ValueError, TypeError):
            raise DigestMismatch(f"digest algorithm {algo!r}") from None
    if not sep or value != _b32(digest.digest()):
        raise DigestMismatch(f"digest {declared} does not match (or is not base32)")


_B32_PAIRS = [a + b for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"]


def _b32(raw: bytes) -> str:
    """base64.b32encode, three times faster for digests a multiple of 5 bytes long (sha1's 20)."""
    if len(raw) % 5:
        return base64.b32encode(raw).decode("ascii")
    number = int.from_bytes(raw, "big")
    return "".join([_B32_PAIRS[(number >> shift) & 1023] for shift in range(len(raw) * 8 - 10, -1, -10)])


# Digest sizes of the algorithms WARC writers name (hashlib's names, once dashes are dropped: sha-256 = sha256)
_SIZES = {"md5": 16, "sha1": 20, "sha224": 28, "sha256": 32, "sha384": 48, "sha512": 64}


def digest_key(value: str) -> str:
    """One spelling of the digest a WARC-Payload-Digest names, to compare digests by: the algorithm in lower
    case without dashes (sha-256 = SHA256 = sha256, sha-1 = sha1), the value in lower-case base16, decoded
    from base32 (any case, padded or not), base16 or base64, as WARC allows and warcio's checker reads. Tools
    differ (pywb's samples: responses `sha256:6e5e...`, their revisits `sha-256:6e5e...`). A value it cannot
    decode keeps its text; the catalog keeps digests as written."""
    label, sep, text = value.strip().partition(":")
    if not sep:
        return value
    algo = label.strip().lower().replace("-", "").replace("_", "")
    text = text.strip()
    raw = _decoded(text, _SIZES[algo]) if algo in _SIZES else None
    return f"{algo}:{raw.hex() if raw is not None else text}"


def digest_spellings(value: str) -> list[str]:
    """The ways a WARC writer may spell the digest VALUE names (VALUE first): to find it among digests stored
    as written (an indexed `IN`), where `digest_key` would need every row read."""
    key = digest_key(value)
    algo, _, hexed = key.partition(":")
    out = [value]
    if algo in _SIZES and len(hexed) == 2 * _SIZES[algo]:
        raw = bytes.fromhex(hexed)
        dashed = algo[:3] + "-" + algo[3:] if algo.startswith("sha") else algo
        b32 = base64.b32encode(raw).decode("ascii")
        b32s = [b32, b32.rstrip("=")]  # sha1's has no padding, sha256's has four
        texts = [
            *b32s,
            *(t.lower() for t in b32s),
            hexed,
            hexed.upper(),
            base64.b64encode(raw).decode("ascii"),
        ]
        out += [f"{label}:{text}" for label in (algo, dashed, algo.upper(), dashed.upper()) for text in texts]
    return list(dict.fromkeys(out))


def _decoded(text: str, size: int) -> bytes | None:
    """The digest TEXT holds, SIZE bytes, read as base16, base32 or base64; None when it is none of them."""
    readings = (
        bytes.fromhex,
        lambda t: base64.b32decode(t.upper() + "=" * (-len(t) % 8)),
        lambda t: base64.b64decode(t + "=" * (-len(t) % 4), altchars=b"-_" if "-" in t or "_" in t else None),
    )
    for read in readings:
        try:
            raw = read(text)
        except ValueError:  # binascii.Error is one
            continue
        if len(raw) == size:
            return raw
    return None
