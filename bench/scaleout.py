"""The scale-out stage of `make bench` (stage s): 1, 2 and 3 workers of a crawl shared over Redis
(`newsarchive crawl --frontier`), on a latency-bound site (each answer LATENCY seconds late, as a distant
site's are; each worker capped at CONCURRENT requests) and on the CPU-bound bench site (no latency).

What is timed, for each run (all workers launched at once, a fresh redis-server each run):
- `seconds` / `pages_per_s` / `speedup`, the headline: from the launch of the workers to the exit of the last
  one, less NEWSARCHIVE_FRONTIER_IDLE (the wait a worker makes, once nothing is left anywhere, before it
  believes the crawl is over: a setting, 30 s by default, 2 s here). In: process start, the entry points
  (robots.txt -> sitemap index -> sitemaps, one latency each, by the worker that starts the crawl while the
  others wait for what they list), every page, noticing the end, closing (WARC, catalog, extraction pool).
- `crawl_seconds` / `crawl_pages_per_s`: from the launch to the last answer (the last request sent, from the
  catalogs' fetched_at, plus LATENCY): the same less noticing the end and closing.
- `steady_pages_per_s`: articles between the first and the last article request: the rate a long crawl has.
- per worker: when it sent its first request and its first article request, its last request, its exit,
  its CPU (its main process's, and with its extraction process's, bench.procstats), the mean time it waited for a politeness turn
  in Redis (`frontier/turn_wait_s`, round trips included), and the leases it held (sampled).
- Redis: `used_memory` sampled every 0.25 s (its peak during the crawl, per URL), requests in flight to the
  site from all workers (the politeness turns held), and after the crawl the bytes per URL of the state that
  stays (`newsarchive:known:*`), beside what the single hash of earlier versions takes for the same captures.

    python -m bench.run --stages s [--n 2000] [--scale-latency 1.0] [--scale-concurrency 8]
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

from .procstats import run_measured

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


CRAWL = "newsarchive:crawl:bench"  # the keys of the bench's shared crawl (its one source)
TURNS = "newsarchive:polite:source:bench:active"  # requests in flight to the site, from every worker
SAMPLE = 0.25  # seconds between samples of Redis


def _sample(client, stop: threading.Event, out: list, workers: int) -> None:
    """Every SAMPLE s: (time, Redis used_memory, requests in flight to the site, leases held per worker, queued)."""
    while not stop.is_set():
        pipe = client.pipeline(transaction=False)
        pipe.info("memory")
        pipe.zcard(TURNS)
        for n in range(workers):
            pipe.hlen(f"{CRAWL}:inflight:w{n}")
        pipe.zcard(f"{CRAWL}:queue")
        try:
            info, active, *held, queued = pipe.execute()
        except Exception:  # the server stopping under us
            return
        out.append((time.time(), int(info["used_memory"]), active, [h // 2 for h in held], queued))
        stop.wait(SAMPLE)


def _epoch(iso: str) -> float:
    from archive.dates import parse_iso

    return parse_iso(iso).timestamp()


def _shard(data: Path) -> dict:
    """What one worker archived: article count, when its requests (all, articles) were sent, Scrapy's stats."""
    if not (data / "catalog.db").exists():
        return {"pages": 0, "times": [], "article_times": [], "stats": {}, "captures": []}
    conn = sqlite3.connect(data / "catalog.db")
    conn.row_factory = sqlite3.Row
    try:
        rows = [dict(r) for r in conn.execute("SELECT * FROM captures ORDER BY fetched_at")]
        stats = conn.execute("SELECT stats FROM crawls ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    articles = [r for r in rows if r["status"] == 200 and r["page_kind"] == "article"]
    return {
        "pages": len(articles),
        "times": [_epoch(r["fetched_at"]) for r in rows],
        "article_times": [_epoch(r["fetched_at"]) for r in articles],
        "stats": json.loads(stats[0] or "{}") if stats else {},
        "captures": rows,
    }


def _run(argv: list[str], log_file, out: dict) -> None:
    """Run one worker to its exit: when it exited, its code, and its CPU, the whole tree's (its extraction
    processes are a forkserver's children, which wait4 does not count: bench.procstats samples /proc) and
    its main process's."""
    stats = run_measured(argv, cwd=REPO, stdout=log_file, stderr=subprocess.STDOUT)
    out.update(exit=time.time(), code=stats.returncode, cpu_s=stats.cpu, cpu_main_s=stats.cpu_main)


def _known_bytes(client, captures: list[dict]) -> dict:
    """Redis's memory for the kept state after the crawl: MEMORY USAGE of every per-URL key (and their count),
    and, for comparison, what the one hash of JSON objects that earlier versions kept would take for the
    same captures (built in database 15 of the same server, then dropped)."""
    from crawler.frontier_redis.connection import FrontierKeys
    from crawler.frontier_redis.known import entry_after

    keys = list(client.scan_iter(match=FrontierKeys.known_prefix() + "*", count=1000))
    usage = sum(client.memory_usage(k, samples=0) or 0 for k in keys)
    before = int(client.info("memory")["used_memory"])
    import redis

    kwargs = client.connection_pool.connection_kwargs
    legacy = redis.Redis(host=kwargs.get("host", "127.0.0.1"), port=kwargs["port"], db=15)
    entries: dict[str, dict] = {}
    for capture in sorted(captures, key=lambda c: c["fetched_at"]):
        updated = entry_after(entries.get(capture["url"]), capture)
        if updated is not None:
            entries[capture["url"]] = updated
    pipe = legacy.pipeline(transaction=False)
    for url, entry in entries.items():
        pipe.hset(FrontierKeys.known(), url, json.dumps(entry, separators=(",", ":")))
    pipe.execute()
    legacy_usage = legacy.memory_usage(FrontierKeys.known(), samples=0) or 0
    legacy_used = int(client.info("memory")["used_memory"]) - before
    legacy.flushdb()
    # the per-URL keys measured the same way: copied with their expiry into the scratch database
    before = int(client.info("memory")["used_memory"])
    pipe = legacy.pipeline(transaction=False)
    for key in keys:
        pipe.set(key, client.get(key), px=client.pttl(key) if client.pttl(key) > 0 else None)
    pipe.execute()
    used = int(client.info("memory")["used_memory"]) - before
    legacy.flushdb()
    n = len(keys)
    return {
        "urls_known": n,
        "known_bytes_per_url": round(usage / n) if n else None,
        "known_used_memory_per_url": round(used / n) if n else None,
        "legacy_urls": len(entries),
        "legacy_bytes_per_url": round(legacy_usage / len(entries)) if entries else None,
        "legacy_used_memory_per_url": round(legacy_used / len(entries)) if entries else None,
    }


def _one(args, server, run: Path, case: str, workers: int, concurrency: int, latency: float = 0.0) -> dict:
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
    samples, stop = [], threading.Event()
    ended = [{} for _ in shards]
    sampler = threading.Thread(target=_sample, args=(client, stop, samples, workers), daemon=True)
    for shard in shards:
        shutil.rmtree(shard, ignore_errors=True)
    logs = []
    started = time.time()
    sampler.start()
    try:
        runners = []
        for n, shard in enumerate(shards):
            argv = [sys.executable, "-m", "crawler", "crawl", "bench", "--sources", str(sources)]
            argv += ["--data", str(shard), "--frontier", f"redis://127.0.0.1:{port}/0"]
            argv += ["--set", f"NEWSARCHIVE_FRONTIER_WORKER=w{n}"]
            for key, value in sets.items():
                argv += ["--set", f"{key}={value}"]
            logs.append(open(shard.parent / f"{shard.name}.log", "wb"))  # noqa: SIM115 - closed below
            runners.append(threading.Thread(target=_run, args=(argv, logs[-1], ended[n])))
        for runner in runners:
            runner.start()
        for runner in runners:
            runner.join()
        stop.set()
        sampler.join()
        done = [_shard(shard) for shard in shards]
        kept_used = int(client.info("memory")["used_memory"]) - baseline
        known = _known_bytes(client, [c for d in done for c in d["captures"]])
    finally:
        stop.set()
        for log_file in logs:
            log_file.close()
        proc.terminate()
        proc.wait(10)
    return _figures(started, latency, workers, ended, done, samples, baseline, kept_used, known)


def _figures(started, latency, workers, ended, done, samples, baseline, kept_used, known) -> dict:
    """A capture's fetched_at is when its request was sent (the WARC-Date); its answer came LATENCY later."""
    pages = sum(d["pages"] for d in done)
    last_exit = max(e["exit"] for e in ended)
    seconds = last_exit - started - IDLE  # launch to the last exit, less the idle wait the bench sets
    times = [t for d in done for t in d["times"]]  # requests sent
    articles = sorted(t for d in done for t in d["article_times"])
    crawl_seconds = (max(times) + latency - started) if times else None  # launch to the last answer
    steady = None
    if len(articles) > 10:
        steady = round((len(articles) - 1) / (articles[-1] - articles[0]), 2)
    during = [s for s in samples if articles and articles[0] <= s[0] <= articles[-1]]
    per_worker = []
    for n, (e, d) in enumerate(zip(ended, done, strict=True)):
        stats = d["stats"]
        turns = stats.get("frontier/turns") or 0
        per_worker.append(
            {
                "worker": f"w{n}",
                "pages": d["pages"],
                "first_request_s": round(d["times"][0] - started, 2) if d["times"] else None,
                "first_article_s": round(d["article_times"][0] - started, 2) if d["article_times"] else None,
                "last_request_s": round(d["times"][-1] - started, 2) if d["times"] else None,
                "exit_s": round(e["exit"] - started, 2),
                "cpu_s": round(e["cpu_s"], 1),
                "cpu_ms_per_page": round(1000 * e["cpu_s"] / d["pages"], 1) if d["pages"] else None,
                "cpu_main_ms_per_page": round(1000 * e["cpu_main_s"] / d["pages"], 1) if d["pages"] else None,
                "turn_wait_ms": round(1000 * (stats.get("frontier/turn_wait_s") or 0) / turns, 2)
                if turns
                else None,
                "held_mean": round(sum(s[3][n] for s in during) / len(during), 1) if during else None,
            }
        )
    peak = max((s[1] for s in samples), default=baseline) - baseline
    urls = known["urls_known"]
    return {
        "workers": workers,
        "exit_codes": [e["code"] for e in ended],
        "pages": pages,
        "seconds": round(seconds, 1),
        "pages_per_s": round(pages / seconds, 2) if seconds > 0 else None,
        "crawl_seconds": round(crawl_seconds, 1) if crawl_seconds else None,
        "crawl_pages_per_s": round(pages / crawl_seconds, 2) if crawl_seconds else None,
        "steady_pages_per_s": steady,
        "first_article_s": round(articles[0] - started, 2) if articles else None,
        "tail_s": round(last_exit - max(times) - latency, 1) if times else None,  # last answer to last exit
        "in_flight_mean": round(sum(s[2] for s in during) / len(during), 1) if during else None,
        "cpu_s": round(sum(e["cpu_s"] for e in ended), 1),
        "per_worker": per_worker,
        "redis_peak_bytes": peak,
        "peak_bytes_per_url": round(peak / urls) if urls else None,
        "left_used_memory_per_url": round(kept_used / urls) if urls else None,  # all Redis holds after
        **known,
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
            runs = [_one(args, server, run, case, n, concurrency, latency) for n in (1, 2, 3)]
        finally:
            server.stop()
        one = runs[0]["pages_per_s"] or 0
        crawl_one = runs[0]["crawl_pages_per_s"] or 0
        for r in runs:
            r["speedup"] = round(r["pages_per_s"] / one, 2) if one and r["pages_per_s"] else None
            r["crawl_speedup"] = (
                round(r["crawl_pages_per_s"] / crawl_one, 2) if crawl_one and r["crawl_pages_per_s"] else None
            )
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
                f"{r['pages_per_s']} pages/s (x{r['speedup']}); to the last answer {r['crawl_seconds']} s = "
                f"{r['crawl_pages_per_s']} pages/s (x{r.get('crawl_speedup')}); steady {r['steady_pages_per_s']} "
                f"pages/s; first article asked for at {r['first_article_s']} s, last exit {r['tail_s']} s after the last "
                f"answer; {r['in_flight_mean']} in flight; CPU {r['cpu_s']} s"
            )
            for w in r.get("per_worker", []):
                log(
                    f"      {w['worker']}: {w['pages']} pages, first request {w['first_request_s']} s, "
                    f"first article {w['first_article_s']} s, last request {w['last_request_s']} s, exit {w['exit_s']} s, "
                    f"{w['cpu_ms_per_page']} ms CPU/page ({w['cpu_main_ms_per_page']} main), turn {w['turn_wait_ms']} ms, {w['held_mean']} held"
                )
            log(
                f"      Redis peak {r['peak_bytes_per_url']} B/URL; kept {r['known_bytes_per_url']} B/URL "
                f"(MEMORY USAGE; {r['known_used_memory_per_url']} B/URL of used_memory; all Redis still holds: "
                f"{r['left_used_memory_per_url']} B/URL), the former single "
                f"hash {r['legacy_bytes_per_url']} B/URL ({r['legacy_used_memory_per_url']} of used_memory)"
            )
