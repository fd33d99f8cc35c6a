"""The summary printed at the end of every crawl (`newsarchive crawl` and `newsarchive demo`): what was
archived, the failures by reason, the articles; figures from archive.catalog.summary, as `status` shows them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from archive.catalog.db import open_database
from archive.catalog.summary import crawl_summary

__all__ = ["print_summary", "line", "counts", "short", "FINISHED"]

FINISHED = ("finished", "closespider_pagecount")


def counts(values: dict[str, int]) -> str:
    return ", ".join(f"{key} ×{n}" for key, n in values.items()) or "none"


def line(label: str, text: str) -> None:
    click.echo(f"  {label:<12} {text}")


def short(text: str | None, width: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def print_summary(data_dir: Path, crawl_id: int, elapsed: float, what: str | None = None) -> dict[str, Any]:
    """Print crawl CRAWL_ID's summary (WHAT it crawled: a URL, else its source names); returns the figures."""
    db = open_database(data_dir / "catalog.db", readonly=True)
    try:
        s = crawl_summary(db, crawl_id, data_dir=data_dir)
    finally:
        db.conn.close()
    what = what or ", ".join(s["sources"]) or "no source"
    click.echo("")
    click.echo(f"Crawl #{crawl_id} of {what} {s['finish_reason'] or 'did not finish'} in {elapsed:.1f} s")
    new_bytes = sum(f["size"] for f in s["warc_files"])
    line(
        "WARC",
        f"{len(s['warc_files'])} new file(s), {new_bytes:,} bytes "
        f"(archive: {s['archive_warc_files']} file(s), {s['archive_warc_bytes']:,} bytes)",
    )
    for f in s["warc_files"]:
        state = ", still open" if f["open"] else ""
        line("", f"{data_dir / 'warc' / f['name']}  ({f['records'] or '?'} records{state})")
    line("captures", f"{s['captures']} this crawl, {s['archive_captures']} in the archive")
    line("  status", counts(s["by_status"]))
    line("  records", counts(s["by_record_type"]))
    if s["by_kind"]:
        line("  kind", counts(s["by_kind"]))
    if s["by_via"]:
        line("  found via", counts(s["by_via"]))
    if s.get("discovery_requests"):
        skipped = s["stats"].get("incremental/sitemaps_unchanged", 0)
        note = f"; {skipped} unchanged sitemap(s) not read again" if skipped else ""
        line(
            "  discovery",
            counts(s["discovery_requests"]) + " request(s) (robots.txt, sitemaps, feeds)" + note,
        )
    # URLs the site's robots.txt keeps out are failures rows too (issue 14), but the site's choice, not an error
    refused = s["failures"].get("robots", 0)
    errors = {reason: n for reason, n in s["failures"].items() if reason != "robots"}
    line("failures", f"{s['failed'] - refused}: {counts(errors)}" if s["failed"] - refused else "none")
    if refused:
        line("  robots.txt", f"{refused} URL(s) not fetched: the site's robots.txt disallows them")
    if s["articles"]:
        line(
            "articles",
            f"{s['articles']} in the catalog ({s.get('articles_this_crawl', 0)} from this crawl), "
            f"{s['words']:,} words; {s['duplicates']} duplicate link(s)",
        )
        for pair in s["duplicate_examples"]:
            similarity = f", {pair['similarity']:.2f}" if pair["similarity"] is not None else ""
            line(
                "",
                f"“{short(pair['title'], 50)}” duplicates “{short(pair['duplicate_of'], 50)}” "
                f"({pair['kind']}{similarity})",
            )
        line("images", f"{s['images']}, {s['captions']} with captions")
        for example in s["caption_examples"]:
            credit = f" [{example['credit']}]" if example["credit"] else ""
            line("", f"“{short(example['caption'])}”{credit}")
    else:
        line("articles", "none extracted (the articles and images tables fill when extraction runs)")
    return s
