"""Micro-benchmark: the catalog's text fingerprints (archive/fingerprint.py) against faster exact equivalents.

The crawl computes them in the reactor thread for every article (ArticleStore.upsert and dedup), where they
cost more CPU than extraction itself. The variants below give identical values and are what
docs/benchmark.md recommends (plus computing them once, in the extraction worker).

    python -m bench.fingerprint_speed SITE_DIR [--pages 50]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from archive import fingerprint as fp

__all__ = ["simhash_columns", "minhash_lists"]


def simhash_columns(shingle_set: set[str]) -> str:
    """Same value as fingerprint.simhash: per-bit majority counted column-wise over the binary strings."""
    hashes = [format(fp._h64(s), "064b") for s in shingle_set]
    half = len(hashes) / 2
    value = 0
    for pos, column in enumerate(zip(*hashes, strict=True)):
        if column.count("1") > half:  # counts[bit] > 0 in the original: more ones than zeros
            value |= 1 << (63 - pos)
    return f"{value:016x}"


def minhash_lists(shingle_set: set[str]) -> list[int]:
    """Same values as fingerprint.minhash with list comprehensions inside min(): the best exact pure-Python
    form found (chained map() of int methods and 128-bit-lane packing were no faster); only moving the work
    off the reactor, or numpy, changes the picture."""
    if not shingle_set:
        return []
    hashes = [fp._h64(s) for s in shingle_set]
    mask = fp._MASK
    return [min([(a * x + b) & mask for x in hashes]) for a, b in fp._FAMILY]


def _time(fn, items) -> float:
    start = time.process_time()
    out = [fn(x) for x in items]
    return (time.process_time() - start) / len(items), out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("site", type=Path)
    parser.add_argument("--pages", type=int, default=50)
    args = parser.parse_args()
    from archive.extraction import extract

    texts = []
    for path in sorted(args.site.glob("*/*-*.html"))[: args.pages]:
        texts.append(extract(path.read_bytes(), "http://127.0.0.1/" + path.name)["text"])
    sets = [fp.shingles(t) for t in texts]
    print(f"{len(texts)} articles, {sum(map(len, sets)) // len(sets)} shingles each on average")
    rows = [
        ("shingles (done 3x per article today)", fp.shingles, texts, None),
        ("minhash (fingerprint.py)", fp.minhash, sets, None),
        ("minhash (list comprehensions)", minhash_lists, sets, fp.minhash),
        ("simhash (fingerprint.py)", fp.simhash, sets, None),
        ("simhash (column counts)", simhash_columns, sets, fp.simhash),
    ]
    for name, fn, items, reference in rows:
        per, out = _time(fn, items)
        same = (
            ""
            if reference is None
            else ("  identical" if out == [reference(x) for x in items] else "  DIFFERENT")
        )
        print(f"{name:<40}{per * 1000:8.2f} ms/article{same}")


if __name__ == "__main__":
    main()
