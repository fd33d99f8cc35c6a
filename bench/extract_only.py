"""Stage (b): extraction alone over the benchmark's HTML files, with the crawl's number of worker processes.

It calls the project's extraction function (`archive.extract.core.extract`), or trafilatura.extract with metadata
when that does not exist yet, and says which one ran. Workers read the files themselves: this is the CPU limit
of extraction with no fetching, archiving or cataloguing around it.

    python -m bench.extract_only --workers 2 --base http://127.0.0.1:8000 LIST_FILE    (one "path url" per line)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor

__all__ = ["extractor_name", "extract_file"]


def extractor_name() -> str:
    try:
        from archive.extract.core import extract  # noqa: F401
    except ImportError:
        return "trafilatura.extract (archive.extract.core not available)"
    return "archive.extract.core.extract"


def _extract_function():
    try:
        from archive.extract.core import extract

        return lambda html, url: extract(html, url, content_type="text/html; charset=utf-8", encoding="utf-8")
    except ImportError:
        import trafilatura

        return lambda html, url: trafilatura.extract(
            html, url=url, with_metadata=True, output_format="json", include_images=True
        )


_FUNCTION = None


def extract_file(job: tuple[str, str]) -> bool:
    global _FUNCTION
    if _FUNCTION is None:
        _FUNCTION = _extract_function()
    path, url = job
    with open(path, "rb") as fh:
        html = fh.read()
    result = _FUNCTION(html, url)
    if isinstance(result, dict):
        return bool(result.get("text"))
    return bool(result)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("list_file")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    jobs = [tuple(line.split(" ", 1)) for line in open(args.list_file).read().splitlines() if line]
    start = time.monotonic()
    ok = 0
    # Same pool shape as the crawl's: N worker processes, one page per task.
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        for good in pool.map(extract_file, jobs, chunksize=4):
            ok += good
    seconds = time.monotonic() - start
    json.dump({"pages": len(jobs), "ok": ok, "seconds": seconds, "function": extractor_name()}, sys.stdout)


if __name__ == "__main__":
    main()
