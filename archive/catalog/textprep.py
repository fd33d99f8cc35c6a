"""What the catalog derives from an article's text alone, computed where the text is made.

The crawl and `reindex` extract in worker processes; computing these pure functions of the text there (the
normalised text and title, the text digest, SimHash and the MinHash band keys) keeps them off the process
that writes the catalog. ArticleStore.upsert() uses them when an extraction carries them and computes them
itself otherwise (import, callers without a pool): the values are the same either way."""

from __future__ import annotations

from typing import Any

from archive.catalog.fingerprint import band_keys, fingerprints, shingles
from archive.catalog.versions import normalize_text, text_digest

__all__ = ["PREPARED_KEY", "prepare"]

PREPARED_KEY = "prepared"  # where an extraction result carries them (removed before it is stored anywhere)


def prepare(text: str | None, title: str | None) -> dict[str, Any]:
    """{text, title, text_digest, simhash, band_keys} as ArticleStore stores and compares them."""
    text = normalize_text(text or "")
    simhash, signature = fingerprints(shingles(text))
    return {
        "text": text,
        "title": " ".join(normalize_text(title or "").split()) or None,
        "text_digest": text_digest(text, normalized=True),
        "simhash": simhash,
        "band_keys": band_keys(signature),
    }
