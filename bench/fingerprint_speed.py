"""Micro-benchmark: the catalog's text fingerprints (archive/fingerprint.py) against faster exact equivalents.

The extraction workers compute them for every article (archive.catalog.textprep.prepare). At commit 4331441 (64
multiply-add MinHash permutations, a 64-step loop per shingle for SimHash) they cost ~20 ms per article, as much
as extraction; one-permutation MinHash and bit-sliced SimHash (6339eb4) cut that to ~7 ms; one hash per shingle
for both (`fingerprints`, second session) to ~2.3 ms with the shingles.

    python -m bench.fingerprint_speed SITE_DIR [--pages 50]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from archive.catalog import fingerprint as fp

__all__: list[str] = []


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
    from archive.extract.core import extract

    texts = []
    for path in sorted(args.site.glob("*/*-*.html"))[: args.pages]:
        texts.append(extract(path.read_bytes(), "http://127.0.0.1/" + path.name)["text"])
    sets = [fp.shingles(t) for t in texts]
    print(f"{len(texts)} articles, {sum(map(len, sets)) // len(sets)} shingles each on average")
    rows = [
        ("shingles", fp.shingles, texts, None),
        ("minhash (fingerprint.py)", fp.minhash, sets, None),
        ("simhash (fingerprint.py)", fp.simhash, sets, None),
        ("fingerprints: both, one hash per shingle", fp.fingerprints, sets, None),
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
