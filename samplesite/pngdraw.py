"""Tiny, real PNG pictures drawn with the standard library only, so the sample site needs no image files
from elsewhere and stays small. Each name gives its own colours and shapes, always the same bytes."""

from __future__ import annotations

import hashlib
import struct
import zlib

__all__ = ["photo_png"]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def photo_png(name: str, width: int = 640, height: int = 360) -> bytes:
    """A landscape-like picture: a sky gradient, a horizon band and a few blocks (buildings, people)."""
    seed = hashlib.sha256(name.encode()).digest()
    sky_top, sky_low, ground = seed[0:3], seed[3:6], seed[6:9]
    horizon = height * (55 + seed[9] % 20) // 100
    blocks = []
    for i in range(4 + seed[10] % 4):
        b = seed[11 + i * 3 : 14 + i * 3]
        w = width // 12 + b[0] % (width // 6)
        h = height // 8 + b[1] % (height // 3)
        x = (b[2] * width) // 256
        blocks.append((x, min(x + w, width), max(horizon - h, 0), bytes(c // 2 + 40 for c in b)))
    rows = []
    for y in range(height):
        if y < horizon:
            t = y / max(horizon - 1, 1)
            base = bytes(int(a + (b - a) * t) for a, b in zip(sky_top, sky_low, strict=True))
        else:
            shade = 1 - 0.4 * (y - horizon) / max(height - horizon, 1)
            base = bytes(int(c * shade) for c in ground)
        row = bytearray(base * width)
        for x0, x1, top, colour in blocks:
            if top <= y < horizon:
                row[x0 * 3 : x1 * 3] = colour * (x1 - x0)
        rows.append(b"\x00" + bytes(row))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _chunk(b"IEND", b"")
    )
