"""Every command has help with an example, and the README documents it (as sqlite-utils checks its own)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from crawler.cli import COMMANDS, main
from tests.helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_top_level_help_lists_every_command():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.output.split("Commands:")[1].splitlines() if line.strip()]
    assert listed == list(COMMANDS)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_command_has_help_with_an_example_and_docs(name):
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"`newsarchive {name} --help` shows no example"
    assert f"newsarchive {name}" in README, f"README.md does not document `newsarchive {name}`"


def test_unknown_command_is_a_usage_error():
    result = CliRunner().invoke(main, ["nosuch"])
    assert result.exit_code == 2 and "No such command" in result.output
