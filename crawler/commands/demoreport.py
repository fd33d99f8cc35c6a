"""The report `newsarchive demo` prints after its crawl: what was archived, whether it verifies, what next."""

from __future__ import annotations

import shlex
from pathlib import Path
from urllib.parse import urlsplit

import click

from archive.catalog.db import open_database
from archive.catalog.summary import crawl_summary
from archive.ops.verify.run import verify_archive

__all__ = ["print_report", "DISALLOWED", "next_commands"]

# The sample site's robots.txt rules (samplesite/press/robots.txt): nothing under them may reach the server.
DISALLOWED = ("/admin/", "/tim-kiem")
_FINISHED = ("finished", "closespider_pagecount")


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{key} ×{n}" for key, n in counts.items()) or "none"


def _line(label: str, text: str) -> None:
    click.echo(f"  {label:<12} {text}")


def next_commands(data_dir: Path) -> list[tuple[str, str]]:
    """The commands to try next, only those this installation has."""
    from crawler.cli import COMMANDS, _available

    d = shlex.quote(str(data_dir))
    candidates = [
        ("status", f"newsarchive status --data {d}", "per-source counts and the last crawl"),
        ("verify", f"newsarchive verify --data {d}", "fixity: every record against the catalog"),
        ("browse", f"newsarchive browse --data {d}", "explore the catalog in Datasette"),
        ("replay", f"newsarchive replay --data {d}", "open the archived pages as they were, in pywb"),
        (
            "export",
            f"newsarchive export --data {d} --format jsonl --out {shlex.quote(str(data_dir / 'articles.jsonl'))}",
            "the clean article texts, one JSON object a line",
        ),
        (
            "wacz",
            f"newsarchive wacz --data {d} --out {shlex.quote(str(data_dir / 'demo.wacz'))}",
            "one file for ReplayWeb.page",
        ),
        ("demo", f"newsarchive demo --data {d}", "again: an incremental crawl into the same archive"),
    ]
    return [(cmd, why) for name, cmd, why in candidates if name in COMMANDS and _available(COMMANDS[name][0])]


def _activation_hint() -> str:
    """How to put `newsarchive` on PATH, when it is not (as after `make demo`)."""
    import shutil
    import sys

    found = shutil.which("newsarchive")
    if found and Path(found).parent.resolve() == (Path(sys.prefix) / "bin").resolve():
        return ""
    venv = Path(sys.prefix)
    try:
        venv = venv.relative_to(Path.cwd())
    except ValueError:
        pass
    return f". {shlex.quote(str(venv / 'bin' / 'activate'))}"


def print_report(data_dir: Path, crawl_id: int, elapsed: float, base_url: str, server_log: list[str]) -> bool:
    """Print the summary; True when the crawl finished, nothing disallowed was fetched and verify passes."""
    db = open_database(data_dir / "catalog.db", readonly=True)
    try:
        s = crawl_summary(db, crawl_id)
    finally:
        db.conn.close()
    report = verify_archive(data_dir)
    forbidden = [line for line in server_log if urlsplit(line.split(" ", 1)[-1]).path.startswith(DISALLOWED)]
    finished = s["finish_reason"] in _FINISHED

    click.echo("")
    click.echo(
        f"Crawl #{crawl_id} of {base_url}/ {s['finish_reason'] or 'did not finish'} in {elapsed:.1f} s"
    )
    new_bytes = sum(f["size"] for f in s["warc_files"])
    _line(
        "WARC",
        f"{len(s['warc_files'])} new file(s), {new_bytes:,} bytes "
        f"(archive: {s['archive_warc_files']} file(s), {s['archive_warc_bytes']:,} bytes)",
    )
    for f in s["warc_files"]:
        _line("", f"{data_dir / 'warc' / f['name']}  ({f['records'] or '?'} records)")
    _line("captures", f"{s['captures']} this crawl, {s['archive_captures']} in the archive")
    _line("  status", _counts(s["by_status"]))
    _line("  records", _counts(s["by_record_type"]))
    if s["by_kind"]:
        _line("  kind", _counts(s["by_kind"]))
    if s["by_via"]:
        _line("  found via", _counts(s["by_via"]))
    _line(
        "robots.txt",
        f"{s['stats'].get('robotstxt/forbidden', 0)} listed URL(s) kept out by Disallow {', '.join(DISALLOWED)}; "
        f"{len(forbidden)} request(s) under them reached the server"
        + (f" ({', '.join(forbidden[:3])})" if forbidden else ""),
    )
    if s["articles"]:
        _line(
            "articles",
            f"{s['articles']} in the catalog ({s.get('articles_this_crawl', 0)} from this crawl), "
            f"{s['words']:,} words; {s['duplicates']} duplicate link(s)",
        )
        for pair in s["duplicate_examples"]:
            similarity = f", {pair['similarity']:.2f}" if pair["similarity"] is not None else ""
            _line(
                "",
                f"“{_short(pair['title'], 50)}” duplicates “{_short(pair['duplicate_of'], 50)}” "
                f"({pair['kind']}{similarity})",
            )
        _line("images", f"{s['images']}, {s['captions']} with captions")
        for example in s["caption_examples"]:
            credit = f" [{example['credit']}]" if example["credit"] else ""
            _line("", f"“{_short(example['caption'])}”{credit}")
    else:
        _line("articles", "none extracted (the articles and images tables fill when extraction runs)")
    if report.ok:
        _line(
            "verify",
            f"OK: {report.files} file(s), {report.records} records, {report.captures} captures checked",
        )
    else:
        _line("verify", f"FAILED: {len(report.problems)} problem(s)")
        for problem in report.problems[:5]:
            _line("", str(problem))
    click.echo("")
    click.echo("Next, try:")
    activate = _activation_hint()
    if activate:
        click.echo(f"  (first `{activate}`, so that `newsarchive` is on your PATH)")
    commands = next_commands(data_dir)
    width = min(max((len(cmd) for cmd, _ in commands), default=0), 72)
    for cmd, why in commands:
        click.echo(f"  {cmd:<{width}}  # {why}")
    ok = finished and report.ok and not forbidden
    if not ok:
        click.echo("")
        click.echo("The demo did not finish cleanly; run it again with --verbose to see why.", err=True)
    return ok


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
