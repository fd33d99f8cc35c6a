"""Checking a record's declared block and payload digests, in a thread while the records are read."""

from __future__ import annotations

import base64
import hashlib
from concurrent.futures import Future, ThreadPoolExecutor

__all__ = ["Digests", "NoDigests", "DigestMismatch", "BATCH_BYTES", "MAX_BATCHES"]

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
