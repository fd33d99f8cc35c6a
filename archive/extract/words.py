"""Language-specific words, from data (words.toml, keyed by language) rather than scattered through the generic
extractor: which words introduce a photo credit ("Ảnh:", "Photo:"), which close an article with its source
("Theo <agency>", "Source: AFP"), which start a byline, name the home page in breadcrumbs, or start a site's name.

`Words.of(language)` gives that language's lists plus English (CMSs write "Photo:" everywhere); an unknown or
missing language gives every language's, because a rule that misses a credit is worse than one that checks a
few more words."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["Words", "words_for"]

_DATA = Path(__file__).with_name("words.toml")
_KINDS = ("credit", "source_line", "byline_prefix", "home", "site_prefix")


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, list[str]]]:
    data = tomllib.loads(_DATA.read_text(encoding="utf-8"))
    return {lang: {k: [w.lower() for w in entry.get(k, [])] for k in _KINDS} for lang, entry in data.items()}


@dataclass(frozen=True)
class Words:
    credit: tuple[str, ...]
    source_line: tuple[str, ...]
    byline_prefix: tuple[str, ...]
    home: tuple[str, ...]
    site_prefix: tuple[str, ...]

    def alternation(self, kind: str) -> str:
        """A regex alternation of one list, longest first, spaces as `\\s+`."""
        words = sorted(set(getattr(self, kind)), key=len, reverse=True)
        return "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in words)


@lru_cache(maxsize=32)
def words_for(language: str | None = None) -> Words:
    table = _table()
    primary = (language or "").strip().lower().replace("_", "-").split("-")[0]
    langs = [primary, "en"] if primary in table else list(table)
    merged = {k: tuple(dict.fromkeys(w for lang in langs for w in table[lang][k])) for k in _KINDS}
    return Words(**merged)
