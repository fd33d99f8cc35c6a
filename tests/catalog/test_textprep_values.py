"""prepare() and the functions under it return exactly what they returned before they were made faster
(tests/helpers/textprep_reference.py is the frozen copy): stored text digests, SimHashes and band keys of existing
archives must stay valid. Compared on real article texts (the fixture pages and ../shared/data, extracted; the
article extraction benchmark's gold texts), on hand-made edge cases and on random texts made of them; and the facts
the shortcuts rely on (how re.IGNORECASE matches the masked words, which characters are printable) are checked on
every code point."""

from __future__ import annotations

import gzip
import json
import random
import re
import struct
import sys

import pytest

from archive.catalog import fingerprint, versions
from archive.catalog.fingerprint import (
    band_keys,
    fingerprints,
    minhash,
    shingles,
    simhash,
    text_fingerprints,
    words,
)
from archive.catalog.textprep import prepare
from archive.catalog.versions import comparable_text, normalize_text, text_digest
from archive.extract.core import extract
from archive.extract.encoding import decode_html
from tests.helpers import FIXTURES, SHARED_DATA
from tests.helpers import textprep_reference as ref
from tests.helpers.catalog import OTHER, WIRE, edited_copy

ALL_CHARACTERS = "".join(map(chr, range(sys.maxunicode + 1)))


def assert_same_values(text, title=None, *, sizes=(3,)):
    """Every function of the pipeline on TEXT, new against frozen."""
    normal = ref.normalize_text(text)
    assert normalize_text(text) == normal
    for raw in (text, normal):  # normalized=True is a promise callers can break: same values anyway
        for normalized in (False, True):
            expected = ref.comparable_text(raw, normalized=normalized)
            assert comparable_text(raw, normalized=normalized) == expected
            assert text_digest(raw, normalized=normalized) == ref.text_digest(raw, normalized=normalized)
    assert comparable_text(normal, normalized=True, casefolded=normal.casefold()) == ref.comparable_text(
        normal, normalized=True
    )
    assert words(text) == ref.words(text)
    for size in sizes:
        found = ref.shingles(text, size)
        assert shingles(text, size) == found
        expected = ref.fingerprints(found)
        assert fingerprints(found) == expected
        assert text_fingerprints(text, size) == expected
        assert minhash(found) == ref.minhash(found)
        assert simhash(found) == ref.simhash(found)
        assert band_keys(expected[1]) == ref.band_keys(expected[1])
    assert prepare(text, title) == ref.prepare(text, title)


# ---- real texts ----


def _real_pages():
    pages = [*sorted((FIXTURES / "pages").glob("*.html")), *sorted((FIXTURES / "outlets").glob("*.html"))]
    for folder in ("vn-real", "pages"):
        pages.extend(sorted((SHARED_DATA / folder).glob("*.html")))
    return pages


@pytest.mark.parametrize("page", _real_pages(), ids=lambda p: p.name[:60])
def test_same_values_for_the_text_extracted_from_a_real_page_and_for_the_page_itself(page):
    html = page.read_bytes()
    result = extract(html, f"https://bao.example.vn/tin/{page.name}")
    assert_same_values(result.get("text") or "", result.get("title"), sizes=(1, 2, 3, 4))
    # the whole page as text: tabs, CRLF, runs of spaces, no-break spaces, scripts
    assert_same_values(decode_html(html, "", "")[0])


def test_same_values_for_the_extraction_benchmark_gold_texts():
    truth = SHARED_DATA / "aeb" / "ground-truth.json"
    if not truth.exists():
        pytest.skip("../shared/data is not beside the repository")
    entries = json.loads(truth.read_text(encoding="utf-8"))
    texts = [entry.get("articleBody") or "" for entry in entries.values()]
    assert len(texts) > 100
    for text in texts:
        assert_same_values(text, text[:80])
    # a few of the benchmark's pages as raw text
    for path in sorted((SHARED_DATA / "aeb" / "html").glob("*.html.gz"))[:4]:
        assert_same_values(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))


def test_same_values_for_the_catalog_fixture_stories():
    for text in [*WIRE, *OTHER, "\n".join(WIRE), edited_copy()]:
        assert_same_values(text, text[:40], sizes=(1, 2, 3, 4))


# ---- edge cases ----

EDGE_CASES = [
    "",
    " ",
    "\n\n",
    "\u200b",
    "\u00ad\ufeff\u2060",
    "Tin",
    "Tin ngắn",
    "Tin ngắn.",
    "a b c",
    "ſ",
    "ı",
    "İ",
    "\u212a",  # KELVIN SIGN
    "ß",
    "ẞ",
    "１２３",
    "１２ giờ trước",
    "Views：１２",
    "1.234 lượt xem",
    "Lượt xem: 1234",
    "1,234 views",
    "Views: 12",
    "VIEWS: 12",
    "12 bình luận",
    "12 BÌNH LUẬN",
    "Bình luận (12)",
    "Cập nhật: 10:35 25/11/2024",
    "CẬP NHẬT lúc 10:35",
    "Updated 2024-11-25 10:35",
    "Last updated on 25/11/2024 10:35 GMT+7",
    "Lần cập nhật cuối: 9h30",
    "5 phút trước",
    "5 PHÚT TRƯỚC",
    "2 hours ago",
    "2 HOURS AGO",
    "30 seconds ago.",
    "1 day ago",
    "2 days ago",
    "5 minutes ago",
    "3 DAYS AGO",
    "3 ngày trước đó",
    # the lookalikes re.IGNORECASE matches for "i" and "s": the casefolded text does not show the word
    "vıews: 12",
    "VİEWS: 12",
    "12 comments and 3 readſ",
    "updated 10:35",
    "UPDATED 10:35",
    "updated 10:35 ı",
    "upda\u0130ed 10:35",
    "5 mınutes ago",
    "5 MİNUTES AGO",
    "5 \u212aphút trước",
    "5 phút  \t trước",
    "5 phúttrước",
    "5phút\ntrước",
    "trước 5 phút trước",
    "5 phút. trước",
    "5 giờ\u00a0trước",
    "10 SECONDS\u3000AGO",
    "12 vıews",
    "12 VİEWS",
    "lượt xem: ١٢٣",  # Arabic-Indic digits are \d too
    # stamp lines and datelines
    "Thứ Hai, 25/11/2024 10:35 (GMT+7)",
    "Thứ Hai, 25/11/2024 10:35 (GMT+7)\nHà Nội, lúc 14:30, vụ cháy xảy ra tại phố Hàng Bạc.",
    "25/11/2024\n10:35\n14:30 ngày 25/11\nlúc 14:30, vụ cháy",
    "Chủ nhật, 01/12/2024 - 08:00 AM",
    "Thứ Sáu, ngày 29/11/2024 - 21:15 PM (GMT+7)\n" * 3,
    "a" * 60 + " 25/11/2024",
    "25/11/2024 " + "a" * 60,
    # zero-width characters, soft hyphens, combining marks, line breaks
    "Bộ\u200b Công\u200c an\u200d tổng\u2060 kết\ufeff cả\u00adnăm",
    "Ba\u0300 Ri\u0323a - Vu\u0303ng Ta\u0300u",  # NFD Vietnamese
    "o\u200b\u0302 and o\u00ad\u0302 and e\u0301\u0323",  # a zero-width character between a letter and its mark
    "line one\r\nline two\rline three\n\nline four",
    "\tTab\tseparated\x0bvertical\x0cform\x1cfile\x1dgroup\x1erecord\x85next\u2028line\u2029para",
    "no\u00a0break\u202fnarrow\u3000ideographic\u2003em",
    "  leading and trailing  \n  spaces  ",
    "trailing newline\n",
    "\nleading newline",
    "x " * 3000,
    "Một dòng rất dài " * 800,
    "word " + "x" * 20000,
    "\u200b" * 50 + "text",
    "#",
    "# # #\n#",
    "ﬅ ﬆ ﬀ",
    "ΣΊΣΥΦΟΣ σίσυφος ς",
    "Straße STRASSE",
    "\U0001f600 emoji 😀 \U0001f1fb\U0001f1f3",
]


@pytest.mark.parametrize("text", EDGE_CASES, ids=lambda t: repr(t[:30]))
def test_same_values_for_edge_cases(text):
    assert_same_values(text, text, sizes=(0, 1, 2, 3, 4))


def test_the_same_error_for_a_lone_surrogate():
    text = "\ud800 lone surrogate 5 phút trước"
    assert comparable_text(text) == ref.comparable_text(text)
    assert shingles(text) == ref.shingles(text) and text_fingerprints(text) == ref.fingerprints(
        ref.shingles(text)
    )
    for function in (
        text_digest,
        ref.text_digest,
        lambda t: prepare(t, None),
        lambda t: ref.prepare(t, None),
    ):
        with pytest.raises(UnicodeEncodeError):
            function(text)


def test_same_values_for_no_text_and_no_title():
    assert prepare(None, None) == ref.prepare(None, None)
    assert prepare("", "") == ref.prepare("", "")
    assert normalize_text(None) == ref.normalize_text(None)
    assert text_digest(None) == ref.text_digest(None)
    assert words(None) == ref.words(None)
    assert fingerprints(set()) == ref.fingerprints(set())
    assert minhash(set()) == ref.minhash(set()) == []
    assert simhash(set()) == ref.simhash(set())
    assert band_keys([]) == ref.band_keys([]) == []


# ---- random texts ----

PIECES = [
    *(text for text in EDGE_CASES if len(text) < 100),
    *(line for text in WIRE for line in text.split(", ")),
    "read",
    "REАD",  # Cyrillic А
    "comment",
    "Comments",
    "lượt",
    "xem",
    "đọc",
    "lượt thích",
    "lượt chia sẻ",
    "bình",
    "luận",
    "cập",
    "nhật",
    "trước",
    "TRƯỚC",
    "ago",
    "giây",
    "phút",
    "giờ",
    "ngày",
    "minutes",
    "lúc",
    "at",
    "on",
    ":",
    "：",
    "0",
    "12",
    "1.234",
    "1,5",
    "２０２４",
    "25/11/2024",
    "2024-11-25T10:35+07:00",
    "10:35",
    "GMT+7",
    "(",
    ")",
    "-",
    "ı",
    "İ",
    "ſ",
    "\u212a",
    "ß",
    "\u0302",
    "\u0323",
    "\u200b",
    "\u00ad",
]
SEPARATORS = [
    " ",
    " ",
    " ",
    "",
    "  ",
    "\n",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\t",
    "\u00a0",
    "\u2028",
    "\x0b",
    " \n ",
]


def _random_text(rng: random.Random, length: int) -> str:
    parts = []
    for _ in range(length):
        piece = rng.choice(PIECES)
        change = rng.random()
        if change < 0.1:
            piece = piece.upper()
        elif change < 0.15:
            piece = piece.title()
        elif change < 0.2:
            piece = piece.swapcase()
        parts.append(piece)
        parts.append(rng.choice(SEPARATORS))
    return "".join(parts)


def test_same_values_for_random_texts_made_of_the_edge_cases():
    rng = random.Random(20241125)
    for n in range(1500):
        text = _random_text(rng, rng.randint(1, 40))
        assert_same_values(text, text[:50], sizes=(3,) if n % 10 else (1, 2, 3, 4))


def test_same_values_for_random_long_texts():
    """Long texts: more than 1,200 shingles, where minhash first sorts only its smallest hashes."""
    rng = random.Random(7)
    vocabulary = [w for text in WIRE + OTHER for w in text.split()] + [
        "1.234 lượt xem",
        "5 phút trước",
        "ı",
        "\n",
    ]
    for _ in range(60):
        text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(300, 4000)))
        assert_same_values(text, None)


# ---- minhash and simhash on chosen hashes ----


def _joined(hashes: list[int]) -> bytes:
    return struct.pack(f">{len(hashes)}Q", *hashes)


def _chosen_hash_sets():
    rng = random.Random(3)
    top = (1 << 64) - 1
    yield [0]
    yield [top]
    yield [top, 0, top]
    yield list(range(80))
    yield list(range(79))  # one bin empty: densified
    yield [h * 80 for h in range(2000)]  # all in bin 0
    # many small hashes in one bin, the rest large: the smallest hashes leave bins empty, all of them do not
    yield [rng.randrange(1 << 40) * 80 for _ in range(1500)] + [rng.randrange(top) for _ in range(300)]
    yield [rng.randrange(1 << 40) * 80 + 1 for _ in range(3000)] + [top - k for k in range(79)]
    for size in (1, 2, 7, 79, 80, 81, 400, 600, 1199, 1200, 1201, 1500, 2400, 5000):
        yield [rng.randrange(top + 1) for _ in range(size)]
    yield [rng.choice((0, top)) for _ in range(1000)]
    yield [0x5555555555555555] * 2 + [0xAAAAAAAAAAAAAAAA] * 2  # every bit set in exactly half: not set


def test_minhash_and_simhash_of_chosen_hashes():
    for hashes in _chosen_hash_sets():
        joined = _joined(hashes)
        digests = [joined[i : i + 8] for i in range(0, len(joined), 8)]
        assert fingerprint._minhash_of(joined) == ref._minhash_of(sorted(digests))
        assert fingerprint._simhash_of(joined, len(hashes)) == ref._simhash_of(joined, len(hashes))


# ---- what the shortcuts rely on, on every code point ----


def test_a_masked_word_matches_under_ignorecase_only_what_casefolds_to_it_or_a_dotless_or_dotted_i():
    """comparable_text() skips a pattern when none of its words is in the casefolded text (for the last one,
    after a unit of time and white space), unless the text holds one of versions._I_LOOKALIKES. That is safe when
    every character that re.IGNORECASE matches to a letter of those words casefolds to that letter, or is a
    lookalike, and white space casefolds to itself."""
    letters = {
        letter for group in versions._BORING_WORDS for words_ in group for word in words_ for letter in word
    }
    assert "m" in letters and "#" not in letters
    for letter in sorted(letters):
        assert letter.casefold() == letter
        matched = set(re.findall(re.escape(letter), ALL_CHARACTERS, re.I))
        strays = {char for char in matched if char.casefold() != letter}
        assert strays <= set(versions._I_LOOKALIKES), (letter, strays)
    assert all(c.casefold() == c for c in ALL_CHARACTERS if c.isspace())
    assert [c for c in ALL_CHARACTERS if re.fullmatch(r"\s", c)] == [c for c in ALL_CHARACTERS if c.isspace()]


def _alternatives(group: str) -> set[str]:
    """A group's alternatives, each with and without its optional letters ("views?": "view", "views")."""
    out = set()
    for alternative in group.split("|"):
        out.add(re.sub(r".\?", "", alternative))
        out.add(alternative.replace("?", ""))
    return out


def test_every_masking_pattern_needs_one_of_its_words():
    """Each pattern has a group, not optional, whose every alternative holds one of the words comparable_text()
    looks for first; and where they must follow a unit, the pattern has the units' group, then \\s*, then theirs."""
    for pattern, (words_, after) in zip(versions._BORING, versions._BORING_WORDS, strict=True):
        groups = re.findall(r"\(([^()]*)\)(?![?*])", pattern.pattern)

        def covered(group, words_=words_):
            return all(any(word in alternative for word in words_) for alternative in _alternatives(group))

        assert any(covered(group) for group in groups), pattern.pattern
        if after:
            units, words_group = re.search(r"\(([^()]*)\)\\s\*\(([^()]*)\)(?![?*])", pattern.pattern).groups()
            assert _alternatives(units) <= set(after) and _alternatives(words_group) <= set(words_)


def test_a_hint_is_its_pattern_without_the_leading_word_boundary():
    """Any match of the pattern matches its hint (an assertion less), so no hint match means no pattern match."""
    for pattern, hint in zip(versions._BORING, versions._BORING_HINTS, strict=True):
        if hint is None:
            continue
        assert pattern.pattern.startswith(r"\b\d")
        assert hint.pattern == pattern.pattern[2:] and hint.flags == pattern.flags


def test_only_a_space_is_both_printable_and_white_space_or_a_line_break():
    """normalize_text() returns a text as it is when it has no whitespace but single spaces and single
    newlines: it tells the rest from str.isprintable()."""
    printable_spaces = [c for c in ALL_CHARACTERS if c.isspace() and c.isprintable()]
    assert printable_spaces == [" "]
    breaks = [c for c in ALL_CHARACTERS if len(f"a{c}b".splitlines()) > 1]
    assert breaks and all(c.isspace() and not c.isprintable() for c in breaks)
