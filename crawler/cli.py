"""The `newsarchive` command line. Each command lives in `crawler/commands/<name>.py` and is imported only
when it runs, so `newsarchive --help` stays fast.

Usage errors (a bad option or argument, a sources file that does not validate) exit 2 with one line; failures
(the work could not be done: a damaged archive, a busy data directory, an unreachable site) exit 1 with a
message that says what to do."""

from __future__ import annotations

import importlib
import importlib.util
import sys

import click

__all__ = ["main"]

# name -> (module, one-line help shown by `newsarchive --help`)
COMMANDS = {
    "crawl": ("crawler.commands.crawl", "Crawl press sources into WARC files and the catalog."),
    "sources": ("crawler.commands.sources", "List the sources, or probe what discovery finds for one."),
    "extract": ("crawler.commands.extract", "Extract article text, metadata and captions from saved pages."),
    "merge": ("crawler.commands.merge", "Fold worker data directories into one archive."),
    "reindex": ("crawler.commands.reindex", "Rebuild the catalog from the WARC files."),
    "import": ("crawler.commands.importer", "Catalog WARC files written by other tools."),
    "verify": ("crawler.commands.verify", "Check fixity and consistency; exit 0 only when all checks pass."),
    "status": ("crawler.commands.status", "Per-source counts, the last crawl, errors."),
    "report": ("crawler.commands.report", "One self-contained HTML report with charts."),
    "browse": ("crawler.commands.browse", "Explore the catalog in Datasette."),
    "replay": ("crawler.commands.replay", "Replay archived pages with pywb."),
    "wacz": ("crawler.commands.wacz", "Package the archive as one WACZ file."),
    "export": ("crawler.commands.export", "Export articles as JSON Lines, Parquet or text files."),
    "schedule": ("crawler.commands.schedule", "Print cron lines or systemd units for scheduled crawls."),
    "demo": ("crawler.commands.demo", "Serve a bundled sample press site on loopback and crawl it."),
}


class LazyGroup(click.Group):
    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """Click's main, with a usage error said in one line (click prints the usage and a hint around it)."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            where = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx is not None else ""
            click.echo(f"Error: {exc.format_message()}{where}", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context):
        """Expected trouble found mid-command becomes one line and exit 1: a catalog damaged deeper than the
        commands' first check sees, or a disk that fills up."""
        try:
            return super().invoke(ctx)
        except Exception as exc:
            raise _expected(ctx, exc) or exc from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name, (module, _) in COMMANDS.items() if _available(module)]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        entry = COMMANDS.get(name)
        if entry is None or not _available(entry[0]):
            return None
        return importlib.import_module(entry[0]).command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _expected(ctx: click.Context, exc: Exception) -> click.ClickException | None:
    from pathlib import Path

    from archive.catalog.health import CatalogDamaged, damaged, damaged_message, storage_full, storage_message

    data = Path(ctx.meta.get("newsarchive.data_dir") or "data")
    if isinstance(exc, CatalogDamaged):
        return click.ClickException(str(exc))
    if damaged(exc):
        return click.ClickException(damaged_message(data / "catalog.db", str(exc)))
    if storage_full(exc):
        return click.ClickException(storage_message(str(data), exc))
    return None


def _available(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsarchive")
def main() -> None:
    """newsarchive: crawl official press sites into WARC files, extract clean text and captions, and
    catalog it all in SQLite for Datasette and replay.

    Start with `newsarchive demo`, then `newsarchive crawl SOURCE`. Defaults: --data ./data (or
    NEWSARCHIVE_DATA), --sources ./sources.toml (or NEWSARCHIVE_SOURCES)."""


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
