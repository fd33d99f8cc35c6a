"""The newsarchive benchmark (`make bench`, `make bench N=20000`): one run, the same pages, every stage.

    (a) crawl      `newsarchive crawl` of the local site: fetch, WARC, extraction, catalog (page requisites too)
    (p) pages      the same crawl of the article pages only (NEWSARCHIVE_PAGE_REQUISITES=0)
    (b) extract    extraction alone over the same HTML files, same number of worker processes
    (e) extract 1  extraction alone with one worker process (the other core left to a crawl's main process)
    (c) fetch      Scrapy fetching the same article URLs with no processing
    (d) peer       trafilatura's command line fetching and extracting the same URLs (archives nothing)
    (v) verify     `newsarchive verify` read throughput against a raw read (+ sha256) of the same WARC files
    (r) reindex    `newsarchive reindex` rate against extraction alone, when the command exists
    (q) reindex 1  `newsarchive reindex --workers 1` against extraction alone with one worker (e)
    (s) scale-out  1, 2 and 3 workers of `crawl --frontier` over Redis, latency-bound and CPU-bound (scaleout.py)
    (i) incremental  an hourly run against a site of 3,000 daily child sitemaps after a few new articles:
                   requests by kind and seconds, unchanged sitemaps skipped and not (sitemaps.py, its own site)

The site (N articles of 100-200 KB, sitemaps, listings) is generated once per (N, seed) under the work
directory and served by bench/server.py in its own process. Figures are printed and written as JSON; the
machine is shared and noisy, so compare ratios measured in the same run, not absolute numbers across runs.

    python -m bench.run --n 2000 [--stages apbecdvrqsi] [--workers 2] [--concurrency 16] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from . import queryplans, sitegen
from .extract_only import extractor_name
from .procstats import RunStats, cpu_seconds, run_measured
from .scaleout import report_scaleout, stage_scaleout
from .sitemaps import report_sitemaps, stage_sitemaps

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MB = 1024 * 1024
CORES = os.cpu_count() or 1


def log(msg: str) -> None:
    print(msg, flush=True)


def machine() -> dict:
    info = {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return info


class Server:
    """bench/server.py in its own process; its CPU is read from /proc around each stage."""

    def __init__(self, site: Path, identity: bool = False, sitemaps: bool = True, latency: float = 0.0):
        flags = (["--identity"] if identity else []) + ([] if sitemaps else ["--no-sitemaps"])
        flags += ["--latency", str(latency)] if latency else []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.server", str(site), *flags],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        line = self.proc.stdout.readline().strip()
        if not line.startswith("ready "):
            raise SystemExit(f"bench server did not start: {line!r}")
        self.base = line.split(" ", 1)[1]

    def cpu(self) -> float:
        return cpu_seconds(self.proc.pid)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _stage(name: str, argv: list[str], server: Server, out: Path, **kw) -> tuple[RunStats, float]:
    load = os.getloadavg()[0]
    log(f"[{name}] {' '.join(argv[:4])} ... (load {load:.2f})")
    before = server.cpu()
    with open(out, "wb") as fh:
        stats = run_measured(
            argv, stdout=fh, stderr=subprocess.STDOUT if kw.pop("merge", True) else None, **kw
        )
    server_cpu = server.cpu() - before
    if stats.returncode != 0:
        log(f"[{name}] exited {stats.returncode}; see {out}")
    return stats, server_cpu


def _figures(stats: RunStats, pages: int, server_cpu: float) -> dict:
    return {
        "pages": pages,
        "seconds": round(stats.wall, 2),
        "pages_per_s": round(pages / stats.wall, 2) if stats.wall else 0,
        "cpu_s_per_page": round(stats.cpu / pages, 4) if pages else None,
        "cpu_utilisation": round(stats.cpu / stats.wall, 2) if stats.wall else 0,
        "cpu_s": round(stats.cpu, 2),
        "cpu_main_s_per_page": round(stats.cpu_main / pages, 4) if pages else None,
        # what two cores could do if nothing else ran: the tree's CPU over both, or the main process alone
        "cpu_bound_pages_per_s": round(min(CORES / (stats.cpu / pages), 1 / (stats.cpu_main / pages)), 1)
        if pages and stats.cpu and stats.cpu_main
        else None,
        "bench_sampler_cpu_s": round(stats.sampler_cpu, 2),
        "cpu_s_wait4": round(stats.cpu_wait4, 2),
        "peak_rss_tree_mb": round(stats.peak_rss_tree / MB, 1),
        "peak_pss_tree_mb": round(stats.peak_pss_tree / MB, 1),
        "peak_rss_largest_process_mb": round(stats.peak_rss_main / MB, 1),
        "max_processes": stats.max_processes,
        "rss_quartiles_mb": _quartiles(stats),
        "server_cpu_s": round(server_cpu, 2),
        "returncode": stats.returncode,
    }


def _quartiles(stats: RunStats) -> list[float]:
    """Tree RSS at 25/50/75/100% of the run: growth within a run shows here."""
    if not stats.samples:
        return []
    end = stats.samples[-1][0]
    out = []
    for q in (0.25, 0.5, 0.75, 1.0):
        before = [rss for t, rss in stats.samples if t <= end * q]
        out.append(round((before[-1] if before else 0) / MB, 1))
    return out


def _catalog_counts(data: Path) -> dict:
    db = sqlite3.connect(f"file:{data / 'catalog.db'}?mode=ro", uri=True)
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    out = {
        "captures": one("SELECT count(*) FROM captures"),
        "article_captures": one("SELECT count(*) FROM captures WHERE page_kind = 'article' AND status = 200"),
        "errors": one("SELECT count(*) FROM captures WHERE status >= 400"),
    }
    try:
        out["articles"] = one("SELECT count(*) FROM articles")
    except sqlite3.Error:
        out["articles"] = None
    stats = db.execute("SELECT stats FROM crawls ORDER BY id DESC LIMIT 1").fetchone()
    crawl_stats = json.loads(stats[0] or "{}") if stats else {}
    out["stats"] = {
        k: v for k, v in crawl_stats.items() if k.startswith(("extract", "warc/", "item_", "catalog"))
    }
    out["finish_reason"] = crawl_stats.get("finish_reason")
    db.close()
    return out


def _warc_files(data: Path) -> list[Path]:
    return sorted((data / "warc").glob("*.warc.gz"))


def _raw_read(files: list[Path], digest: bool) -> float:
    start = time.monotonic()
    for path in files:
        h = hashlib.sha256()
        with open(path, "rb", buffering=0) as fh:
            while chunk := fh.read(MB):
                if digest:
                    h.update(chunk)
    return time.monotonic() - start


def _has_command(name: str) -> bool:
    probe = subprocess.run([str(BIN / "newsarchive"), name, "--help"], capture_output=True, cwd=REPO)
    return probe.returncode == 0


def stage_crawl(args, server: Server, site: Path, run: Path, pages_only: bool = False) -> dict:
    data = run / ("crawl-pages-data" if pages_only else "crawl-data")
    shutil.rmtree(data, ignore_errors=True)
    sources = run / "sources.toml"
    sources.write_text(
        f'[sources.bench]\ntitle = "Bench"\nhomepage = "{server.base}/"\nlanguage = "vi"\ndelay = 0\n',
        encoding="utf-8",
    )
    c = args.concurrency
    sets = {
        "DOWNLOAD_DELAY": "0",
        "AUTOTHROTTLE_ENABLED": "False",
        "CONCURRENT_REQUESTS": str(c),
        "CONCURRENT_REQUESTS_PER_DOMAIN": str(c),
        # the spider gives each source one connection unless its slot is configured
        "DOWNLOAD_SLOTS": json.dumps({"source:bench": {"concurrency": c, "delay": 0}}),
        "EXTRACT_WORKERS": str(args.workers),
        "LOG_LEVEL": "INFO",
    }
    for item in args.crawl_set:  # e.g. NEWSARCHIVE_PAGE_REQUISITES=0 for pages only, as the peer fetches
        key, _, value = item.partition("=")
        sets[key] = value
    if pages_only:
        sets["NEWSARCHIVE_PAGE_REQUISITES"] = "0"
    argv = [str(BIN / "newsarchive"), "crawl", "bench", "--sources", str(sources), "--data", str(data)]
    for key, value in sets.items():
        argv += ["--set", f"{key}={value}"]
    name, log_name = ("p crawl pages", "crawl-pages.log") if pages_only else ("a crawl", "crawl.log")
    stats, server_cpu = _stage(name, argv, server, run / log_name, cwd=REPO, env=_env())
    counts = _catalog_counts(data) if (data / "catalog.db").exists() else {}
    pages = counts.get("article_captures") or 0
    out = _figures(stats, pages, server_cpu)
    warc_bytes = sum(p.stat().st_size for p in _warc_files(data))
    out.update(
        warc_bytes=warc_bytes,
        warc_bytes_per_page=round(warc_bytes / pages) if pages else None,
        catalog_bytes=(data / "catalog.db").stat().st_size if (data / "catalog.db").exists() else 0,
        catalog=counts,
        settings=sets,
    )
    if (data / "catalog.db").exists():
        out["lookups_that_scan"] = [
            name for name, _, scans in queryplans.plans(str(data / "catalog.db")) if scans
        ]
    return out


def stage_extract(args, server: Server, site: Path, run: Path, workers: int | None = None) -> dict:
    jobs = run / "jobs.txt"
    workers = workers or args.workers
    stats, server_cpu = _stage(
        f"{'b' if workers == args.workers else 'e'} extract, {workers} worker(s)",
        [sys.executable, "-m", "bench.extract_only", "--workers", str(workers), str(jobs)],
        server,
        run / "extract.json",
        cwd=REPO,
        env=_env(),
        merge=False,
    )
    result = json.loads((run / "extract.json").read_text() or "{}")
    out = _figures(stats, result.get("pages", 0), server_cpu)
    out.update(extracted=result.get("ok"), function=result.get("function", extractor_name()), workers=workers)
    return out


def stage_fetch(args, server: Server, site: Path, run: Path) -> dict:
    stats, server_cpu = _stage(
        "c fetch",
        [
            sys.executable,
            "-m",
            "bench.fetch_only",
            str(run / "urls.txt"),
            "--concurrency",
            str(args.concurrency),
        ],
        server,
        run / "fetch.json",
        cwd=run,  # no scrapy.cfg above: Scrapy's defaults, not the project's
        env=_env(),
        merge=False,
    )
    result = json.loads((run / "fetch.json").read_text() or "{}")
    out = _figures(stats, result.get("pages", 0), server_cpu)
    out["bytes"] = result.get("bytes")
    return out


def stage_peer(args, server: Server, site: Path, run: Path) -> dict:
    config = run / "trafilatura.cfg"
    # The peer's defaults with its per-domain sleep at 0 and loopback allowed (its SSRF guard blocks it).
    defaults = (Path(sys.modules["trafilatura"].__file__).parent / "settings.cfg").read_text()
    lines = []
    for line in defaults.splitlines():
        if line.startswith("SLEEP_TIME"):
            line = "SLEEP_TIME = 0"
        elif line.startswith("SSRF_PROTECTION"):
            line = "SSRF_PROTECTION = off"
        lines.append(line)
    config.write_text("\n".join(lines) + "\n")
    argv = [
        str(BIN / "trafilatura"),
        "-i",
        str(run / "urls.txt"),
        "--parallel",
        str(args.concurrency),
        "--config-file",
        str(config),
        "--with-metadata",
        "--json",
    ]
    out_file = run / "peer.jsonl"
    stats, server_cpu = _stage("d peer", argv, server, out_file, cwd=run, env=_env(), merge=False)
    extracted = sum(1 for line in out_file.open("rb") if line.startswith(b"{"))
    out = _figures(stats, args.n, server_cpu)
    out.update(extracted=extracted, command=" ".join(argv[:1] + argv[1:]))
    return out


def stage_verify(args, server: Server, site: Path, run: Path) -> dict:
    data = run / "crawl-data"
    files = _warc_files(data)
    if not files:
        return {"skipped": "no WARC files (stage a did not run)"}
    size = sum(p.stat().st_size for p in files)
    stats, _ = _stage(
        "v verify",
        [str(BIN / "newsarchive"), "verify", "--data", str(data)],
        server,
        run / "verify.log",
        cwd=REPO,
        env=_env(),
    )
    raw = _raw_read(files, digest=False)
    hashed = _raw_read(files, digest=True)
    return {
        "warc_mb": round(size / MB, 1),
        "verify_seconds": round(stats.wall, 2),
        "verify_mb_per_s": round(size / MB / stats.wall, 1),
        "verify_cpu_s": round(stats.cpu, 2),
        "raw_read_mb_per_s": round(size / MB / raw, 1),
        "raw_read_sha256_mb_per_s": round(size / MB / hashed, 1),
        "returncode": stats.returncode,
        "note": "page cache warm (files just written) for verify and both raw reads",
    }


def stage_reindex(args, server: Server, site: Path, run: Path, workers: int | None = None) -> dict:
    if not _has_command("reindex"):
        return {"skipped": "`newsarchive reindex` does not exist yet"}
    source = run / "crawl-data"
    if not _warc_files(source):
        return {"skipped": "no WARC files (stage a did not run)"}
    data = run / "reindex-data"
    shutil.rmtree(data, ignore_errors=True)
    (data / "warc").mkdir(parents=True)
    for path in _warc_files(source):
        os.link(path, data / "warc" / path.name)
    workers = workers or args.workers
    stats, _ = _stage(
        f"{'r' if workers == args.workers else 'q'} reindex, {workers} worker(s)",
        [str(BIN / "newsarchive"), "reindex", "--data", str(data), "--workers", str(workers)],
        server,
        run / "reindex.log",
        cwd=REPO,
        env=_env(),
    )
    counts = _catalog_counts(data) if (data / "catalog.db").exists() else {}
    pages = counts.get("articles") or counts.get("article_captures") or 0
    out = _figures(stats, pages, 0.0)
    out.update(catalog=counts, workers=workers)
    return out


STAGES = {
    "a": stage_crawl,
    "p": lambda args, server, site, run: stage_crawl(args, server, site, run, pages_only=True),
    "b": stage_extract,
    "e": lambda args, server, site, run: stage_extract(args, server, site, run, workers=1),
    "q": lambda args, server, site, run: stage_reindex(args, server, site, run, workers=1),
    "c": stage_fetch,
    "d": stage_peer,
    "v": stage_verify,
    "r": stage_reindex,
    "s": lambda args, server, site, run: stage_scaleout(
        args, lambda latency: Server(site, args.identity, not args.no_sitemaps, latency), site, run
    ),
    "i": stage_sitemaps,
}
NAMES = {
    "a": "crawl",
    "p": "crawl_pages",
    "b": "extract",
    "e": "extract_1w",
    "q": "reindex_1w",
    "c": "fetch",
    "d": "peer",
    "v": "verify",
    "r": "reindex",
    "s": "scaleout",
    "i": "sitemaps",
}


def report(results: dict) -> None:
    s = results["stages"]
    log("")
    log(
        f"newsarchive bench  N={results['n']}  workers={results['workers']}  concurrency={results['concurrency']}"
    )
    m = results["machine"]
    log(f"machine: {m.get('cpu', '?')}, {m['cpus']} CPUs, {m.get('memory_gb', '?')} GB, Python {m['python']}")
    log(f"extraction function: {results['extractor']}")
    head = (
        f"{'stage':<12}{'pages':>7}{'sec':>9}{'pages/s':>9}{'CPU s/pg':>10}{'main s/pg':>10}{'bound p/s':>10}"
        f"{'CPU use':>9}{'RSS MB':>8}{'PSS MB':>8}{'srv CPU':>9}"
    )
    log(head)
    for key in "apbecdrq":
        f = s.get(NAMES[key])
        if not f or "skipped" in f:
            if f:
                log(f"{NAMES[key]:<10}skipped: {f['skipped']}")
            continue
        log(
            f"{NAMES[key]:<12}{f['pages']:>7}{f['seconds']:>9.1f}{f['pages_per_s']:>9.2f}"
            f"{(f['cpu_s_per_page'] or 0):>10.4f}{(f['cpu_main_s_per_page'] or 0):>10.4f}"
            f"{(f['cpu_bound_pages_per_s'] or 0):>10.1f}{f['cpu_utilisation']:>9.2f}{f['peak_rss_tree_mb']:>8.0f}"
            f"{f['peak_pss_tree_mb']:>8.0f}{f['server_cpu_s']:>9.1f}"
        )
    a = s.get("crawl")
    if a and "skipped" not in a:
        log(f"crawl: {a['warc_bytes_per_page']} WARC bytes/page, {a['catalog']}")
        log(f"crawl tree RSS at 25/50/75/100% of the run (MB): {a['rss_quartiles_mb']}")
        scans = a.get("lookups_that_scan")
        if scans is not None:
            log(
                f"per-article catalog lookups that scan a table: {', '.join(scans) or 'none'} (bench/queryplans.py)"
            )
        if not a["catalog"].get("articles"):
            log(
                "WARNING: the crawl stored no articles: extraction did not run in it (no pipeline?), so a/b and a/d"
            )
            log("         compare a crawl WITHOUT extraction against extraction")
    log("ratios: measured pages/s (noisy on a shared machine) | CPU-bound ceilings ('bound p/s': what the")
    log("        measured CPU per page allows on these cores, the main process counted alone as one core)")
    for key, other in (("extract", "a/b"), ("peer", "a/d"), ("fetch", "a/c")):
        if a and s.get(key) and s[key].get("pages_per_s") and "skipped" not in a:
            wall = a["pages_per_s"] / s[key]["pages_per_s"]
            bound = (a["cpu_bound_pages_per_s"] or 0) / (s[key]["cpu_bound_pages_per_s"] or 1)
            log(f"{other} = {wall:.2f} measured | {bound:.2f} CPU-bound")
    for rkey, bkey in (("reindex", "extract"), ("reindex_1w", "extract_1w")):
        r, b = s.get(rkey), s.get(bkey)
        if r and "skipped" not in r and b and b.get("pages_per_s"):
            bound = (r["cpu_bound_pages_per_s"] or 0) / (b["cpu_bound_pages_per_s"] or 1)
            log(
                f"{rkey}/{bkey} = {r['pages_per_s'] / b['pages_per_s']:.2f} measured | {bound:.2f} CPU-bound"
                f" ({r.get('workers')} worker(s) each)"
            )
    report_cpu_per_article(s, log)
    v = s.get("verify")
    if v and "skipped" not in v:
        log(
            f"verify: {v['verify_mb_per_s']} MB/s over {v['warc_mb']} MB (raw read {v['raw_read_mb_per_s']} MB/s, "
            f"raw read + sha256 {v['raw_read_sha256_mb_per_s']} MB/s), exit {v['returncode']}"
        )

    report_scaleout(s.get("scaleout"), log)
    report_sitemaps(s.get("sitemaps"), log)


def report_cpu_per_article(s: dict, log) -> None:
    """CPU seconds per article of each stage (all its processes; the main process alone in brackets) and the
    ratio to extraction alone's: the measure that holds on any machine (issue 19: a crawl <= 1.25 x pages
    only, <= 1.5 x with page requisites)."""
    base = s.get("extract") or s.get("extract_1w")
    if not base or not base.get("cpu_s_per_page"):
        return
    per = base["cpu_s_per_page"]
    log(f"CPU per article, against extraction alone ({per:.4f} s, {base.get('workers')} worker(s)):")
    for key, label in (
        ("crawl_pages", "crawl, pages only"),
        ("crawl", "crawl, with page requisites"),
        ("reindex", "reindex"),
        ("reindex_1w", "reindex, one worker"),
        ("extract_1w", "extraction, one worker"),
    ):
        f = s.get(key)
        if f and "skipped" not in f and f.get("cpu_s_per_page"):
            log(
                f"  {label:<30}{f['cpu_s_per_page']:.4f} s (main {f['cpu_main_s_per_page']:.4f}, server "
                f"{f['server_cpu_s'] / max(1, f['pages']):.4f})  x{f['cpu_s_per_page'] / per:.2f}"
            )


def _working_tree_label() -> str:
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO)
    return head.stdout.strip() + " + working tree"


def _rerun_in_snapshot(workdir: Path) -> None:
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO
    ).stdout.strip()
    tree = workdir / f"tree-{head}"
    if not tree.exists():
        partial = workdir / f"tree-{head}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", "HEAD"], capture_output=True, check=True, cwd=REPO).stdout
        subprocess.run(["tar", "-x", "-C", str(partial)], input=archive, check=True)
        partial.rename(tree)
    _rerun_in(tree, head, workdir)


def _rerun_in(tree: Path, label: str, workdir: Path) -> None:
    """Run this same bench (this bench/ copied in) against another source tree."""
    if tree.resolve() == REPO.resolve():
        raise SystemExit("--tree is this working tree: run the bench without --tree to measure it")
    shutil.rmtree(tree / "bench", ignore_errors=True)
    shutil.copytree(REPO / "bench", tree / "bench", ignore=shutil.ignore_patterns("__pycache__"))
    log(f"measuring {label} from {tree}")
    env = dict(os.environ, BENCH_SNAPSHOT=label, PYTHONPATH=str(tree))
    argv = [sys.executable, "-m", "bench.run", *sys.argv[1:]]
    if not any(a.startswith("--workdir") for a in argv):
        argv += ["--workdir", str(workdir)]
    raise SystemExit(subprocess.run(argv, cwd=tree, env=env).returncode)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=int(os.environ.get("N", 2000)))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--stages",
        default="apbecdvrqsi",
        help="which stages to run, in order (default apbecdvrqsi)",
    )
    parser.add_argument(
        "--sitemap-days", type=int, default=3000, help="daily child sitemaps of stage i's site (i)"
    )
    parser.add_argument("--scale-latency", type=float, default=1.0, help="seconds per answer (stage s)")
    parser.add_argument(
        "--scale-concurrency", type=int, default=8, help="requests per worker, latency-bound (s)"
    )
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 2, help="extraction processes (a, b, r)"
    )
    parser.add_argument("--concurrency", type=int, default=16, help="concurrent requests (a, c, d)")
    parser.add_argument(
        "--workdir", type=Path, default=Path(os.environ.get("BENCH_DIR", "/tmp/newsarchive-bench"))
    )
    parser.add_argument("--tag", default="", help="a label stored with the results")
    parser.add_argument("--identity", action="store_true", help="the server never sends gzip")
    parser.add_argument(
        "--no-sitemaps",
        action="store_true",
        help="the site has no sitemap: the crawl follows links (the peer still gets the URL list)",
    )
    parser.add_argument(
        "--crawl-set",
        action="append",
        default=[],
        metavar="SETTING=VALUE",
        help="an extra setting for stage a (repeatable), e.g. NEWSARCHIVE_PAGE_REQUISITES=0",
    )
    parser.add_argument(
        "--snapshot",
        action="store_true",
        help="measure the last commit (git archive HEAD, plus this bench/), not a working tree others are editing",
    )
    parser.add_argument("--tree", type=Path, help="measure this source tree (e.g. a patched copy) instead")
    args = parser.parse_args()
    if not os.environ.get("BENCH_SNAPSHOT"):
        if args.tree:
            _rerun_in(args.tree.resolve(), args.tree.name, args.workdir)
        elif args.snapshot:
            _rerun_in_snapshot(args.workdir)

    import trafilatura  # noqa: F401 - stage d reads its default settings file

    args.workdir.mkdir(parents=True, exist_ok=True)
    log(f"generating the site (N={args.n}) under {args.workdir} ...")
    site = sitegen.generate(args.workdir, args.n, args.seed, log=log)
    run = args.workdir / f"run-n{args.n}"
    run.mkdir(exist_ok=True)
    server = Server(site, identity=args.identity, sitemaps=not args.no_sitemaps)
    try:
        urls = sitegen.article_urls(site, server.base)
        (run / "urls.txt").write_text("\n".join(urls) + "\n")
        items = sitegen.articles(args.n, args.seed)
        (run / "jobs.txt").write_text(
            "".join(f"{site / a.path.lstrip('/')} {server.base}{a.path}\n" for a in items)
        )
        results = {
            "n": args.n,
            "seed": args.seed,
            "workers": args.workers,
            "concurrency": args.concurrency,
            "tag": args.tag,
            "content_encoding": "identity" if args.identity else "gzip",
            "sitemaps": not args.no_sitemaps,
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "machine": machine(),
            "extractor": extractor_name(),
            "git": os.environ.get("BENCH_SNAPSHOT") or _working_tree_label(),
            "stages": {},
        }
        for key in args.stages:
            results["stages"][NAMES[key]] = STAGES[key](args, server, site, run)
            log(f"  {json.dumps(results['stages'][NAMES[key]], ensure_ascii=False)[:600]}")
    finally:
        server.stop()
    report(results)
    out = run / f"results-{time.strftime('%Y%m%dT%H%M%S')}.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    log(f"results: {out}")


if __name__ == "__main__":
    main()
