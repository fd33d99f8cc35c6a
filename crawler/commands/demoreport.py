"""The report `newsarchive demo` prints after its crawl: what was archived, whether it verifies, what next."""

from __future__ import annotations

import shlex
from pathlib import Path
from urllib.parse import urlsplit

import click

from archive.ops.verify.run import verify_archive
from crawler.commands.crawlsummary import FINISHED, print_summary
from crawler.commands.crawlsummary import line as _line

__all__ = ["print_report", "DISALLOWED", "next_commands"]

# The sample site's robots.txt rules (samplesite/press/robots.txt): nothing under them may reach the server.
DISALLOWED = ("/admin/", "/tim-kiem")


def next_commands(data_dir: Path) -> list[tuple[str, str]]:
    """The commands to try next, only those this installation has."""
    from crawler.cli import COMMANDS, _available

    d = shlex.quote(str(data_dir))
    candidates = [
        ("status", f"newsarchive status --data {d}", "per-source counts and the last crawl"),
        ("verify", f"newsarchive verify --data {d}", "fixity: every record against the catalog"),
        ("browse", f"newsarchive browse --data {d}", "explore the catalog in Datasette"),
        ("replay", f"newsarchive replay --data {d}", _replay_why()),
        (
            "report",
            f"newsarchive report --data {d} --out {shlex.quote(str(data_dir / 'report.html'))}",
            "one HTML page with charts of the archive",
        ),
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


def _replay_why() -> str:
    from archive.replay.pywb import PROJECT_ROOT, replay_env

    if (replay_env() / "bin" / "wayback").exists():
        return "open the archived pages as they were, in pywb"
    return f"pywb: first `make replay-env` in {PROJECT_ROOT} (`make demo` does it)"


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
    s = print_summary(data_dir, crawl_id, elapsed, f"{base_url}/")
    report = verify_archive(data_dir)
    forbidden = [line for line in server_log if urlsplit(line.split(" ", 1)[-1]).path.startswith(DISALLOWED)]
    finished = s["finish_reason"] in FINISHED
    _line(
        "robots.txt",
        f"{s['stats'].get('robotstxt/forbidden', 0)} listed URL(s) kept out by Disallow {', '.join(DISALLOWED)}; "
        f"{len(forbidden)} request(s) under them reached the server"
        + (f" ({', '.join(forbidden[:3])})" if forbidden else ""),
    )
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
