"""`newsarchive replay`: pywb over the archive, on loopback."""

from __future__ import annotations

import signal

import click

from archive.replay.check import check_replay, index_missing
from archive.replay.pywb import DEFAULT_PORT, ReplayEnvMissing, ReplayServer
from crawler.commands import data_option, fail, port_free

__all__ = ["command"]


def _names(names: list[str], shown: int = 5) -> str:
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


def _interrupt(signum, frame):
    raise KeyboardInterrupt


@click.command()
@data_option
@click.option(
    "--port",
    default=DEFAULT_PORT,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port on 127.0.0.1 (0: any free port).",
)
def command(data_dir, port):
    """Replay archived pages with pywb on 127.0.0.1 and print the collection's URL; Ctrl-C stops it.

    pywb runs from its own environment (`make replay-env` builds `.venv-replay`; `make demo` does too),
    over DATA/warc and the CDXJ indexes in DATA/indexes, which crawls keep current. Before it starts, the
    files are checked: a WARC file the catalog or an index names but DATA/warc lacks is named (exit 1),
    and a closed WARC file without an index is indexed. Open a capture at
    URL/archive/YYYYmmddHHMMSS/PAGE-URL (the links Datasette shows).

    \b
    Example:
      newsarchive replay --data /srv/archive --port 8080
    """
    if port and not port_free(port):
        raise fail(f"port {port} on 127.0.0.1 is in use: pass another with --port N (or --port 0 for any)")
    check = check_replay(data_dir)
    if not check.warc_files and not check.open_files:
        raise fail(f"no WARC files in {data_dir / 'warc'}: run `newsarchive crawl` first, or pass --data DIR")
    if check.missing_files:
        raise fail(
            f"{len(check.missing_files)} WARC file(s) that the catalog or the indexes name are missing from "
            f"{data_dir / 'warc'}: {_names(check.missing_files)}. Restore them from a copy, or run "
            f"`newsarchive reindex --data {data_dir}` so that the catalog and the indexes forget them"
        )
    if check.missing_indexes:
        click.echo(
            f"indexing {len(check.missing_indexes)} WARC file(s) that had no CDXJ index in "
            f"{data_dir / 'indexes'}: {_names(check.missing_indexes)}",
            err=True,
        )
        index_missing(data_dir, check.missing_indexes)
    if check.open_files:
        click.echo(
            f"{len(check.open_files)} WARC file(s) still being written ({_names(check.open_files)}): "
            "their pages replay once the crawl closes them",
            err=True,
        )
    try:
        server = ReplayServer(data_dir, port=port)
    except ReplayEnvMissing as exc:
        raise fail(str(exc)) from None
    try:
        server.start()
    except RuntimeError as exc:
        raise fail(f"pywb did not start: {exc}") from None
    click.echo(server.collection_url)
    click.echo(f"pywb is replaying {data_dir}; log in {server.log_path}. Press Ctrl-C to stop.", err=True)
    # a service manager stops us with SIGTERM: stop pywb too rather than leave it orphaned
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        status = server.wait()
    except KeyboardInterrupt:
        status = 0
    finally:
        server.stop()
    if status:
        raise fail(f"pywb stopped with status {status}; see {server.log_path}")
