"""Replay: pywb run from its own environment as a separate process (pywb), and WACZ packages (wacz)."""

from __future__ import annotations

__all__: list[str] = []
