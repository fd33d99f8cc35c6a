"""The scale-out stage of `make bench` (stage s): 1, 2 and 3 workers of a crawl shared over Redis
(`newsarchive crawl --frontier`), on a latency-bound site (each answer LATENCY seconds late, as a distant
site's are; each worker capped at CONCURRENT requests) and on the CPU-bound bench site (no latency). It
reports pages/s and the speed-up over one worker, and what Redis held: its peak memory over the crawl per
URL (queue, seen-set, in flight: gone when the crawl ends) and the bytes per URL of the incremental state
that stays (`newsarchive:known`).

    python -m bench.run --stages s [--n 2000]        (the site of bench/run.py, generated once)
"""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

__all__ = ["stage_scaleout", "report_scaleout"]

REPO = Path(__file__).resolve().parent.parent
IDLE = 2.0  # NEWSARCHIVE_FRONTIER_IDLE for the bench: the workers' idle wait is taken off the time measured


def _redis() -> tuple[subprocess.Popen, int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            return proc, port
        except redis.ConnectionError:
            time.sleep(0.05)
    raise SystemExit("redis-server did not start")


def _peak_memory(client, stop: threading.Event, out: list[int]) -> None:
    while not stop.is_set():
        out.append(int(client.info("memory")["used_memory"]))
        stop.wait(0.25)


def _pages(data: Path) -> int:
    if not (data / "catalog.db").exists():
        return 0
    conn = sqlite3.connect(data / "catalog.db")
    try:
        return conn.execute(
            "SELECT count(*) FROM captures WHERE status = 200 AND page_kind = 'article'"
        ).fetchone()[0]
    finally:
        conn.close()


def _one(args, server, run: Path, case: str, workers: int, concurrency: int) -> dict:
    import redis

    proc, port = _redis()
    client = redis.Redis(port=port)
    baseline = int(client.info("memory")["used_memory"])
    sources = run / "sources-scaleout.toml"
    sources.write_text(f'[sources.bench]\nhomepage = "{server.base}/"\ndelay = 0\n', encoding="utf-8")
    sets = {
        "AUTOTHROTTLE_ENABLED": "False",
        "CONCURRENT_REQUESTS": str(concurrency),  # one worker's cap: what more workers add
        "DOWNLOAD_SLOTS": json.dumps({"source:bench": {"concurrency": 64, "delay": 0}}),
        "EXTRACT_WORKERS": "1",
        "NEWSARCHIVE_PAGE_REQUISITES": "0",
        "NEWSARCHIVE_FRONTIER_IDLE": str(IDLE),
    }
    shards = [run / f"scale-{case}-{workers}-w{n}" for n in range(workers)]
    procs, samples, stop = [], [], threading.Event()
    sampler = threading.Thread(target=_peak_memory, args=(client, stop, samples), daemon=True)
    started = time.monotonic()
    sampler.start()
    try:
        for n, shard in enumerate(shards):
            shutil.rmtree(shard, ignore_errors=True)
            argv = [sys.executable, "-m", "crawler", "crawl", "bench", "--sources", str(sources)]
            argv += ["--data", str(shard), "--frontier", f"redis://127.0.0.1:{port}/0"]
            argv += ["--set", f"NEWSARCHIVE_FRONTIER_WORKER=w{n}"]
            for key, value in sets.items():
                argv += ["--set", f"{key}={value}"]
            log_file = open(shard.parent / f"{shard.name}.log", "wb")  # noqa: SIM115 - closed with the process
            procs.append(subprocess.Popen(argv, cwd=REPO, stdout=log_file, stderr=subprocess.STDOUT))
        codes = [p.wait() for p in procs]
        seconds = time.monotonic() - started - IDLE
        stop.set()
        sampler.join()
        known = client.hlen("newsarchive:known")
        known_bytes = client.memory_usage("newsarchive:known") or 0
    finally:
        stop.set()
        proc.terminate()
        proc.wait(10)
    pages = sum(_pages(shard) for shard in shards)
    return {
        "workers": workers,
        "exit_codes": codes,
        "pages": pages,
        "seconds": round(seconds, 1),
        "pages_per_s": round(pages / seconds, 2) if seconds > 0 else None,
        "redis_peak_bytes": max(samples, default=baseline) - baseline,
        "urls_known": known,
        "known_bytes_per_url": round(known_bytes / known) if known else None,
        "peak_bytes_per_url": round((max(samples, default=baseline) - baseline) / known) if known else None,
    }


def stage_scaleout(args, server_factory, site: Path, run: Path) -> dict:
    """1, 2, 3 workers on the latency-bound and on the CPU-bound site; SERVER_FACTORY(latency) serves SITE."""
    if shutil.which("redis-server") is None:
        return {"skipped": "redis-server is not installed (make redis)"}
    out = {"latency_s": args.scale_latency, "concurrency_per_worker": args.scale_concurrency}
    for case, latency, concurrency in (
        ("latency", args.scale_latency, args.scale_concurrency),
        ("cpu", 0.0, args.concurrency),
    ):
        server = server_factory(latency)
        try:
            runs = [_one(args, server, run, case, n, concurrency) for n in (1, 2, 3)]
        finally:
            server.stop()
        one = runs[0]["pages_per_s"] or 0
        for r in runs:
            r["speedup"] = round(r["pages_per_s"] / one, 2) if one and r["pages_per_s"] else None
        out[case] = runs
    return out


def report_scaleout(s: dict, log) -> None:
    if not s:
        return
    if "skipped" in s:
        log(f"scale-out skipped: {s['skipped']}")
        return
    log(
        f"scale-out (crawl --frontier; latency-bound: {s['latency_s']} s per answer, "
        f"{s['concurrency_per_worker']} requests per worker)"
    )
    for case in ("latency", "cpu"):
        for r in s.get(case, []):
            log(
                f"  {case:<8} {r['workers']} worker(s): {r['pages']} pages in {r['seconds']} s = "
                f"{r['pages_per_s']} pages/s (x{r['speedup']}); Redis peak {r['peak_bytes_per_url']} B/URL, "
                f"kept {r['known_bytes_per_url']} B/URL"
            )
