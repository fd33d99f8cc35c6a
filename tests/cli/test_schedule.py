"""`newsarchive schedule`: cron lines and systemd units that real tools accept."""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta

import pytest
from click.testing import CliRunner

from crawler.commands.schedule import command, cron_line, on_calendar
from tests.helpers import ROOT, write_sources


@pytest.fixture
def sources(tmp_path):
    return write_sources(
        tmp_path / "sources.toml",
        {
            "baochinhphu": {"homepage": "https://baochinhphu.vn/"},
            "nhandan": {"homepage": "https://nhandan.vn/"},
        },
    )


def run(*args):
    return CliRunner().invoke(command, list(args), catch_exceptions=False)


@pytest.mark.parametrize(
    ("every", "cron", "calendar"),
    [
        (timedelta(minutes=15), "7-59/15 * * * * X", "*-*-* *:07/15:00"),
        (timedelta(hours=1), "7 */1 * * * X", "*-*-* 00/1:07:00"),
        (timedelta(hours=6), "7 */6 * * * X", "*-*-* 00/6:07:00"),
        (timedelta(days=1), "7 3 * * * X", "*-*-* 03:07:00"),
    ],
)
def test_intervals(every, cron, calendar):
    assert cron_line(every, 7, 3, "X") == cron
    assert on_calendar(every, 7, 3) == calendar


def test_cron_line_runs_the_crawl(sources, tmp_path):
    result = run(
        "baochinhphu",
        "--sources",
        str(sources),
        "--data",
        str(tmp_path / "d"),
        "--every",
        "30m",
        "--minute",
        "5",
        "--format",
        "cron",
    )
    assert result.exit_code == 0, result.output
    comment, line = result.output.strip().splitlines()
    assert comment.startswith("# crontab: newsarchive-baochinhphu")
    fields = line.split(" ", 5)
    assert fields[:5] == ["5-59/30", "*", "*", "*", "*"]
    assert f"crawl baochinhphu --data {tmp_path / 'd'} --sources {sources}" in fields[5]
    assert fields[5].endswith(f">> {tmp_path / 'd' / 'logs' / 'newsarchive-baochinhphu.log'} 2>&1")


def test_systemd_units_verify(sources, tmp_path):
    result = run(
        "--sources",
        str(sources),
        "--data",
        str(tmp_path / "d"),
        "--every",
        "6h",
        "--format",
        "systemd",
        "--name",
        "na",
    )
    assert result.exit_code == 0, result.output
    service, timer = result.output.split("# na.timer")
    assert "Type=oneshot" in service and "crawl --data" in service and "KillSignal=SIGTERM" in service
    assert (
        "OnCalendar=*-*-* 00/6:" in timer and "Persistent=true" in timer and "WantedBy=timers.target" in timer
    )
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    (tmp_path / "na.service").write_text(service)
    (tmp_path / "na.timer").write_text("# na.timer" + timer)
    check = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", "na.service", "na.timer"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    calendar = timer.split("OnCalendar=")[1].split()[0]
    check = subprocess.run(["systemd-analyze", "calendar", calendar], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_bad_interval_and_unknown_source_are_usage_errors(sources):
    assert run("--sources", str(sources), "--every", "7m").exit_code == 2
    assert run("--sources", str(sources), "--every", "soon").exit_code == 2
    assert run("nosuch", "--sources", str(sources)).exit_code == 2


def test_help_has_examples():
    result = run("--help")
    assert "Examples:" in result.output and "systemctl enable --now" in result.output
    assert (ROOT / "crawler" / "commands" / "schedule.py").exists()
