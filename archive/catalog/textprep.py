"""What the catalog derives from an article's text alone, computed where the text is made.

The crawl and `reindex` extract in worker processes; computing these pure functions of the text there (the
normalised text and title, the text digest, SimHash and the MinHash band keys) keeps them off the process
that writes the catalog. ArticleStore.upsert() uses them when an extraction carries them and computes them
itself otherwise (import, callers without a pool): the values are the same either way."""

from __future__ import annotations

import unicodedata
from typing import Any

from archive.catalog.fingerprint import band_keys, text_fingerprints
from archive.catalog.versions import normalize_text, text_digest

__all__ = ["PREPARED_KEY", "prepare"]

PREPARED_KEY = "prepared"  # where an extraction result carries them (removed before it is stored anywhere)


def prepare(text: str | None, title: str | None) -> dict[str, Any]:
    """{text, title, text_digest, simhash, band_keys} as ArticleStore stores and compares them."""
    text = normalize_text(text or "")
    # one casefold for the digest and, when TEXT is NFC (almost always), for the words
    folded = text.casefold()
    nfc = unicodedata.is_normalized("NFC", text)
    simhash, signature = text_fingerprints(text, casefolded=folded if nfc else None)
    return {
        "text": text,
        "title": " ".join(normalize_text(title or "").split()) or None,
        "text_digest": text_digest(text, normalized=True, casefolded=folded),
        "simhash": simhash,
        "band_keys": band_keys(signature),
    }
