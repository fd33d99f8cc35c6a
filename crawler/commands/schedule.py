"""`newsarchive schedule`: print cron lines and systemd service + timer units for scheduled crawls."""

from __future__ import annotations

import shlex
import shutil
import sys
import zlib
from datetime import timedelta
from pathlib import Path

import click

from crawler.commands import data_option, load_named, sources_option

__all__ = ["command", "cron_line", "systemd_units", "interval"]


def interval(ctx, param, value: str) -> timedelta:
    from crawler.middlewares.incremental import parse_durations

    try:
        parts = parse_durations(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    if len(parts) != 1:
        raise click.BadParameter(f"{value!r}: give one interval, like 30m, 1h, 6h or 1d")
    every = parts[0]
    seconds = int(every.total_seconds())
    ok = (
        (seconds % 60 == 0 and 60 <= seconds < 3600 and 3600 % seconds == 0)
        or (seconds % 3600 == 0 and 3600 <= seconds < 86400 and 86400 % seconds == 0)
        or seconds == 86400
    )
    if not ok:
        raise click.BadParameter(
            f"{value!r}: cron and OnCalendar repeat evenly only for minutes dividing an hour (5m, 15m, 30m), "
            "hours dividing a day (1h, 2h, 6h, 12h) or 1d"
        )
    return every


def _minute(names: list[str], minute: int | None) -> int:
    # Spread runs of different source sets over the hour instead of all starting at :00.
    return minute if minute is not None else zlib.crc32(",".join(names).encode()) % 60


def cron_line(every: timedelta, minute: int, hour: int, command: str) -> str:
    seconds = int(every.total_seconds())
    if seconds < 3600:
        step = seconds // 60
        return f"{minute % step}-59/{step} * * * * {command}"
    if seconds < 86400:
        return f"{minute} */{seconds // 3600} * * * {command}"
    return f"{minute} {hour} * * * {command}"


def on_calendar(every: timedelta, minute: int, hour: int) -> str:
    seconds = int(every.total_seconds())
    if seconds < 3600:
        step = seconds // 60
        return f"*-*-* *:{minute % step:02d}/{step}:00"
    if seconds < 86400:
        return f"*-*-* 00/{seconds // 3600}:{minute:02d}:00"
    return f"*-*-* {hour:02d}:{minute:02d}:00"


def systemd_units(
    name: str, description: str, workdir: Path, argv: list[str], calendar: str, user: str | None
):
    """(service text, timer text) for a oneshot crawl and the timer that starts it."""
    user_line = f"User={user}\n" if user else ""
    service = f"""# {name}.service: {description}
[Unit]
Description={description}
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
{user_line}WorkingDirectory={workdir}
ExecStart={shlex.join(argv)}
# SIGTERM lets the crawl close its WARC files and keep its queue; the next run resumes it.
KillSignal=SIGTERM
TimeoutStopSec=300
# Exit status 1 also covers "the data directory is in use by another run": the next tick tries again.
Nice=10
IOSchedulingClass=idle
"""
    timer = f"""# {name}.timer: starts {name}.service
[Unit]
Description=Timer for {description}

[Timer]
OnCalendar={calendar}
# Catch up after downtime, and do not hit the sites at the exact same second as every other crawler.
Persistent=true
RandomizedDelaySec=120

[Install]
WantedBy=timers.target
"""
    return service, timer


def _program() -> list[str]:
    script = Path(sys.executable).with_name("newsarchive")
    if script.exists():
        return [str(script)]
    found = shutil.which("newsarchive")
    return [found] if found else [sys.executable, "-m", "crawler"]


@click.command()
@click.argument("sources", nargs=-1)
@sources_option
@data_option
@click.option(
    "--every",
    "every",
    default="1h",
    show_default=True,
    callback=interval,
    help="How often: 5m, 15m, 30m, 1h, 2h, 6h, 12h or 1d.",
)
@click.option(
    "--minute", type=click.IntRange(0, 59), help="Minute of the hour to start (default: spread by name)."
)
@click.option(
    "--hour", type=click.IntRange(0, 23), default=3, show_default=True, help="Hour of day, with --every 1d."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["all", "cron", "systemd"]),
    default="all",
    show_default=True,
    help="What to print.",
)
@click.option("--name", help="Unit name (default: newsarchive-SOURCES).")
@click.option("--user", help="User= for the systemd service.")
@click.option("--max-pages", type=click.IntRange(min=1), help="Passed on to `newsarchive crawl`.")
def command(sources, sources_file, data_dir, every, minute, hour, fmt, name, user, max_pages):
    """Print cron lines and systemd service + timer units that run `newsarchive crawl` on a schedule.

    With no SOURCE, the scheduled crawl covers every source in the sources file. Runs never overlap: a run
    that finds the data directory in use exits at once, and an interrupted run is resumed by the next one.

    \b
    Examples:
      newsarchive schedule --every 1h --format cron > newsarchive.cron && crontab newsarchive.cron
      newsarchive schedule baochinhphu vietnamplus --every 30m --format cron
      (`crontab FILE` replaces your whole crontab: add the lines to `crontab -l` output if you have others)
      newsarchive schedule --every 6h --format systemd --user archive
      (save the two units under /etc/systemd/system/, then: systemctl enable --now NAME.timer)
    """
    load_named(sources_file, sources)
    names = list(sources)
    workdir = Path.cwd()
    argv = [
        *_program(),
        "crawl",
        *names,
        "--data",
        str(data_dir.resolve()),
        "--sources",
        str(sources_file.resolve()),
    ]
    if max_pages:
        argv += ["--max-pages", str(max_pages)]
    unit = name or "newsarchive-" + ("-".join(names) if names and len(names) <= 3 else "all")
    start_minute = _minute(names, minute)
    what = ", ".join(names) if names else "all sources"
    if fmt in ("all", "cron"):
        log = data_dir.resolve() / "logs" / f"{unit}.log"
        run = (
            f"cd {shlex.quote(str(workdir))} && mkdir -p {shlex.quote(str(log.parent))} && {shlex.join(argv)}"
        )
        line = cron_line(every, start_minute, hour, run)
        click.echo(f"# crontab: {unit}, crawl {what} every {_human(every)} (log in {log})")
        click.echo(f"{line} >> {shlex.quote(str(log))} 2>&1")
    if fmt == "all":
        click.echo()
    if fmt in ("all", "systemd"):
        service, timer = systemd_units(
            unit,
            f"newsarchive crawl of {what}",
            workdir,
            argv,
            on_calendar(every, start_minute, hour),
            user,
        )
        click.echo(service)
        click.echo(timer, nl=False)


def _human(every: timedelta) -> str:
    seconds = int(every.total_seconds())
    if seconds % 86400 == 0:
        return f"{seconds // 86400} d"
    if seconds % 3600 == 0:
        return f"{seconds // 3600} h"
    return f"{seconds // 60} min"
