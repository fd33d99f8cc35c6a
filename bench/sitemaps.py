"""Stage i of `make bench`: an hourly (incremental) run against a site whose sitemap index lists 3,000 daily
sitemaps (issue 19, part 4).

The site: robots.txt names a sitemap index listing one child sitemap per day for about 8 years back, each with
the `lastmod` of its newest entry (Asia/Ho_Chi_Minh time, as a Vietnamese site writes it), each listing a few
small article pages with their `lastmod`; each article has one photo of its own and the site logo (page
requisites). bench/server.py serves it on a fixed loopback port (`--conditional`: ETags and 304s, as a real
site answers a re-check; `--log`: every request written down), restarted for each run so that each run's
requests are counted alone.

    run 1   a full crawl seeds the archive (delay 0, CONCURRENCY at once; measured for information)
            then a few new articles appear in today's child sitemap (its lastmod in the index moves on) and one
            of yesterday's articles is edited (a newer lastmod, so yesterday's sitemap moves on too)
    run 2   the incremental run, each time from a copy of the seeded archive:
              on      NEWSARCHIVE_SKIP_UNCHANGED_SITEMAPS on (the default): unchanged child sitemaps skipped
              off     the same setting off (the "before"): every child sitemap asked for again (mostly 304)
              on @1s  the skip on with the source's delay of 1 s and the project's politeness defaults

Per run: the requests the server saw by kind (robots, index, child sitemaps, homepage, articles, requisites,
other; 304s counted apart), seconds and CPU, the crawl's own discovery-request figure (captures of robots.txt,
sitemaps and feeds, as the crawl summary prints it) and its count of sitemaps not read again, and what the
requests would cost at the source's delay of 1 s (requests x 1 s: minutes per hourly run). It checks that the
new articles and the edit were archived by every incremental run and that the skip-on run asked for far fewer
child sitemaps, and prints a CHECK FAILED line when not.

    python -m bench.run --stages i [--sitemap-days 3000]
    python -m bench.sitemaps --days 30 --workdir /tmp/x        (this stage alone)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from html import escape
from pathlib import Path

from .procstats import run_measured
from .sitegen import _sentence

__all__ = ["measure", "stage_sitemaps", "report_sitemaps", "SiteModel", "KINDS"]

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ZONE = timezone(timedelta(hours=7))  # the site writes its dates in Vietnam's time
KINDS = ("robots", "index", "sitemaps", "homepage", "articles", "requisites", "other")
DELAY = 1.0  # the source's politeness delay the per-run cost is given at (seconds per request)
SETTING = "NEWSARCHIVE_SKIP_UNCHANGED_SITEMAPS"


def log(msg: str) -> None:
    print(msg, flush=True)


# -- the site -------------------------------------------------------------------------------------------
@dataclass
class Story:
    id: int
    published: datetime  # aware, in ZONE
    lastmod: datetime
    edited: bool = False

    @property
    def day(self) -> date:
        return self.published.date()

    @property
    def path(self) -> str:
        d = self.published
        return f"/tin-tuc/{d:%Y/%m/%d}/ban-tin-thoi-su-so-{self.id}.html"


def _iso(when: datetime) -> str:
    return when.astimezone(ZONE).isoformat(timespec="seconds")


@dataclass
class SiteModel:
    """The site's articles; `write` renders what changed since the last write."""

    root: Path
    stories: list[Story] = field(default_factory=list)
    dirty_days: set[date] = field(default_factory=set)

    @classmethod
    def generate(cls, root: Path, days: int, per_day: int, now: datetime) -> SiteModel:
        """Articles every 24/PER_DAY hours back from three hours before NOW, over DAYS local dates. Re-check
        checkpoints (1 h, 6 h, 1 d ...) after their publication then all fall at least two hours away from
        NOW, so no old article is due a re-check while the stage runs: what run 2 fetches is what changed."""
        shutil.rmtree(root, ignore_errors=True)
        (root / "sitemaps").mkdir(parents=True)
        site = cls(root)
        step = timedelta(hours=24 / per_day)
        first = (now - timedelta(hours=3)).astimezone(ZONE).replace(microsecond=0)
        seen: set[date] = set()
        k = 0
        while True:
            when = first - k * step
            if when.date() not in seen and len(seen) == days:
                break
            seen.add(when.date())
            site.stories.append(Story(1_000_000 + k, when, when))
            k += 1
        site.dirty_days = seen
        site.write(everything=True)
        return site

    def add_news(self, count: int, now: datetime) -> tuple[list[str], str | None, int]:
        """COUNT new articles published in the minutes up to NOW, and the newest article of the day before
        today edited at NOW. Returns the new paths, the edited one and how many child sitemaps changed."""
        now = now.astimezone(ZONE).replace(microsecond=0)
        new = []
        for i in range(count):
            when = now - timedelta(minutes=count - 1 - i)
            story = Story(2_000_000 + len(self.stories) + i, when, when)
            new.append(story)
        yesterday = now.date() - timedelta(days=1)
        edited = next((s for s in self.stories if s.day == yesterday), None)
        if edited is not None:
            edited.lastmod, edited.edited = now, True
            self.dirty_days.add(edited.day)
            self._write_article(edited)
        for story in new:
            self._write_article(story)
            self.dirty_days.add(story.day)
        self.stories[:0] = reversed(new)
        changed = len(self.dirty_days)
        self.write()
        return [s.path for s in new], edited.path if edited is not None else None, changed

    # -- rendering ------------------------------------------------------------------------------------
    def write(self, everything: bool = False) -> None:
        by_day: dict[date, list[Story]] = {}
        for story in self.stories:
            by_day.setdefault(story.day, []).append(story)
        for day in sorted(self.dirty_days):
            entries = "".join(
                f"<url><loc>{{{{base}}}}{s.path}</loc><lastmod>{_iso(s.lastmod)}</lastmod></url>"
                for s in by_day[day]
            )
            (self.root / "sitemaps" / f"{day.isoformat()}.xml").write_text(
                '<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>\n',
                encoding="utf-8",
            )
        if everything:
            for story in self.stories:
                self._write_article(story)
        self.dirty_days = set()
        index = "".join(
            f"<sitemap><loc>{{{{base}}}}/sitemaps/{day.isoformat()}.xml</loc>"
            f"<lastmod>{_iso(max(s.lastmod for s in stories))}</lastmod></sitemap>\n"
            for day, stories in sorted(by_day.items(), reverse=True)
        )
        (self.root / "sitemap.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{index}</sitemapindex>\n',
            encoding="utf-8",
        )
        (self.root / "robots.txt").write_text(
            "User-agent: *\nAllow: /\nSitemap: {{base}}/sitemap.xml\n", encoding="utf-8"
        )
        latest = "".join(
            f'<li><a href="{s.path}">{escape(self._title(s))}</a></li>' for s in self.stories[:10]
        )
        (self.root / "index.html").write_text(
            '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Báo Mẫu</title></head><body>'
            f'<header><img src="/images/thumb/logo.jpg" alt="Báo Mẫu"></header><ul>{latest}</ul></body></html>',
            encoding="utf-8",
        )

    @staticmethod
    def _title(story: Story) -> str:
        return f"{_sentence(random.Random(story.id), 8, 14).rstrip('.!?')} ({story.id})"

    def _write_article(self, story: Story) -> None:
        rng = random.Random(story.id)
        title = self._title(story)
        paragraphs = [" ".join(_sentence(rng) for _ in range(3)) for _ in range(4)]
        if story.edited:
            paragraphs.append(f"Cập nhật lúc {story.lastmod:%H:%M ngày %d/%m/%Y}: bài viết đã được bổ sung.")
        body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
        published = _iso(story.published)
        path = self.root / story.path.lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
            f'<title>{escape(title)}</title><meta property="article:published_time" content="{published}">'
            f'<meta property="article:modified_time" content="{_iso(story.lastmod)}"></head><body>'
            '<header><img src="/images/thumb/logo.jpg" alt="Báo Mẫu"></header>'
            f'<article><h1>{escape(title)}</h1><time datetime="{published}">'
            f"{story.published:%d/%m/%Y %H:%M}</time>"
            f'<figure><img src="/images/thumb/a{story.id}.jpg" alt="Ảnh bài {story.id}">'
            f"<figcaption>Ảnh minh họa cho bài số {story.id}.</figcaption></figure>{body}</article>"
            "</body></html>",
            encoding="utf-8",
        )


def kind_of(path: str) -> str:
    path = path.split("?", 1)[0]
    if path == "/robots.txt":
        return "robots"
    if path == "/sitemap.xml":
        return "index"
    if path.startswith("/sitemaps/"):
        return "sitemaps"
    if path in ("/", "/index.html"):
        return "homepage"
    if path.startswith("/tin-tuc/"):
        return "articles"
    if path.startswith("/images/"):
        return "requisites"
    return "other"


# -- serving and crawling -------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Server:
    """bench/server.py on PORT for one run, every request written to LOG."""

    def __init__(self, root: Path, port: int, log_path: Path):
        log_path.unlink(missing_ok=True)
        self.log_path = log_path
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.server", str(root), "--port", str(port), "--conditional"]
            + ["--log", str(log_path)],
            cwd=REPO,
            env=_env(),
            stdout=subprocess.PIPE,
            text=True,
        )
        line = self.proc.stdout.readline().strip()
        if not line.startswith("ready "):
            self.proc.kill()
            raise SystemExit(f"bench server did not start: {line!r}")
        self.base = line.split(" ", 1)[1]

    def stop(self) -> dict:
        self.proc.terminate()
        self.proc.wait(30)
        kinds: Counter = Counter()
        not_modified: Counter = Counter()
        lines = self.log_path.read_text(encoding="utf-8").splitlines() if self.log_path.exists() else []
        for line in lines:
            status, _, path = line.split(" ", 2)
            kinds[kind_of(path)] += 1
            if status == "304":
                not_modified[kind_of(path)] += 1
        return {
            "total": sum(kinds.values()),
            **{k: kinds.get(k, 0) for k in KINDS},
            "not_modified": dict(not_modified),
        }


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _crawl_figures(data: Path) -> dict:
    db = sqlite3.connect(f"file:{data / 'catalog.db'}?mode=ro", uri=True)
    try:
        crawl_id, stats, reason = db.execute(
            "SELECT id, stats, finish_reason FROM crawls ORDER BY id DESC LIMIT 1"
        ).fetchone()
        stats = json.loads(stats or "{}")
        discovery = db.execute(
            "SELECT count(*) FROM captures WHERE crawl_id = ? AND page_kind IN ('robots', 'sitemap', 'feed')",
            (crawl_id,),
        ).fetchone()[0]
        return {
            "crawl_id": crawl_id,
            "finish_reason": reason,
            "discovery_requests": discovery,
            "sitemaps_unchanged": stats.get("incremental/sitemaps_unchanged", 0),
            "captures": db.execute(
                "SELECT count(*) FROM captures WHERE crawl_id = ?", (crawl_id,)
            ).fetchone()[0],
            "articles_in_catalog": db.execute("SELECT count(*) FROM articles").fetchone()[0],
        }
    finally:
        db.close()


def _archived(data: Path, base: str, paths: list[str], crawl_id: int) -> int:
    """How many of PATHS this crawl fetched as articles (200) and the catalog holds as articles."""
    if not paths:
        return 0
    urls = [base + p for p in paths]
    marks = ",".join("?" * len(urls))
    db = sqlite3.connect(f"file:{data / 'catalog.db'}?mode=ro", uri=True)
    try:
        fetched = {
            u
            for (u,) in db.execute(
                f"SELECT url FROM captures WHERE crawl_id = ? AND status = 200 AND page_kind = 'article' "
                f"AND url IN ({marks})",
                (crawl_id, *urls),
            )
        }
        stored = {
            u
            for (u,) in db.execute(
                f"SELECT c.url FROM captures c JOIN articles a ON a.canonical_url = c.url "
                f"WHERE c.url IN ({marks})",
                urls,
            )
        }
        return len(fetched & stored)
    finally:
        db.close()


def _crawl(
    name: str,
    root: Path,
    port: int,
    data: Path,
    work: Path,
    *,
    delay: float,
    concurrency: int,
    workers: int,
    skip: bool,
) -> dict:
    sources = work / f"sources-{name}.toml"
    sources.write_text(
        f'[sources.bench]\ntitle = "Bench sitemaps"\nhomepage = "http://127.0.0.1:{port}/"\n'
        f'language = "vi"\ndelay = {delay}\n',
        encoding="utf-8",
    )
    sets = {"EXTRACT_WORKERS": str(workers), "LOG_LEVEL": "INFO", SETTING: "True" if skip else "False"}
    if delay == 0:  # as fast as loopback allows; with a delay, the project's politeness defaults
        sets.update(
            {
                "DOWNLOAD_DELAY": "0",
                "AUTOTHROTTLE_ENABLED": "False",
                "CONCURRENT_REQUESTS": str(concurrency),
                "CONCURRENT_REQUESTS_PER_DOMAIN": str(concurrency),
                "DOWNLOAD_SLOTS": json.dumps({"source:bench": {"concurrency": concurrency, "delay": 0}}),
            }
        )
    argv = [str(BIN / "newsarchive"), "crawl", "bench", "--sources", str(sources), "--data", str(data)]
    for key, value in sets.items():
        argv += ["--set", f"{key}={value}"]
    server = _Server(root, port, work / f"requests-{name}.log")
    load = os.getloadavg()[0]
    log(f"[i {name}] crawl, delay {delay:g}, skip {'on' if skip else 'off'} ... (load {load:.2f})")
    try:
        with open(work / f"crawl-{name}.log", "wb") as fh:
            stats = run_measured(argv, stdout=fh, stderr=subprocess.STDOUT, cwd=REPO, env=_env())
    finally:
        requests = server.stop()
    out = {
        "delay": delay,
        "skip_unchanged_sitemaps": skip,
        "seconds": round(stats.wall, 2),
        "cpu_s": round(stats.cpu, 2),
        "peak_rss_tree_mb": round(stats.peak_rss_tree / 1024 / 1024, 1),
        "returncode": stats.returncode,
        "requests": requests,
        # what these requests cost an hourly run at the source's politeness delay, one request at a time
        "minutes_at_1s": round(requests["total"] * DELAY / 60, 1),
    }
    if stats.returncode != 0:
        log(f"[i {name}] exited {stats.returncode}; see {work / f'crawl-{name}.log'}")
    if (data / "catalog.db").exists():
        out["crawl"] = _crawl_figures(data)
    return out


# -- the stage ------------------------------------------------------------------------------------------
def measure(
    work: Path,
    *,
    days: int = 3000,
    per_day: int = 2,
    new: int = 5,
    concurrency: int = 16,
    workers: int = 2,
    slow_run: bool = True,
) -> dict:
    """Generate the site under WORK, seed an archive, add news, measure the incremental runs."""
    work.mkdir(parents=True, exist_ok=True)
    root = work / "site"
    start = time.monotonic()
    site = SiteModel.generate(root, days, per_day, datetime.now(UTC))
    sitemaps = len({s.day for s in site.stories})
    log(
        f"[i] site: {sitemaps} daily sitemaps, {len(site.stories)} articles "
        f"({time.monotonic() - start:.1f} s to write) under {root}"
    )
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    fast = {"concurrency": concurrency, "workers": workers}
    seed = work / "data-seed"
    shutil.rmtree(seed, ignore_errors=True)
    results: dict = {
        "days": days,
        "child_sitemaps": sitemaps,
        "articles_per_day": per_day,
        "articles_seeded": len(site.stories),
        "new_articles": new,
        "concurrency": concurrency,
        "workers": workers,
    }
    results["seed"] = _crawl("seed", root, port, seed, work, delay=0, skip=True, **fast)
    time.sleep(1.1)  # the news comes after the seeding run's last reading, to the second
    new_paths, edited, results["sitemaps_changed"] = site.add_news(new, datetime.now(UTC))
    # one more when the news opened today's sitemap (a run soon after midnight in the site's zone)
    results["child_sitemaps_after"] = len({s.day for s in site.stories})
    runs = [("off", 0.0, False), ("on", 0.0, True)] + ([("on-1s", DELAY, True)] if slow_run else [])
    for name, delay, skip in runs:
        data = work / f"data-{name}"
        shutil.rmtree(data, ignore_errors=True)
        shutil.copytree(seed, data)
        figures = _crawl(name, root, port, data, work, delay=delay, skip=skip, **fast)
        crawl = figures.get("crawl") or {}
        figures["new_archived"] = _archived(data, base, new_paths, crawl.get("crawl_id", -1))
        figures["edited_refetched"] = _archived(
            data, base, [edited] if edited else [], crawl.get("crawl_id", -1)
        )
        results[name] = figures
        for path in (data / "logs").glob("*.log"):  # the crawl's own log is kept beside the console's
            if not (seed / "logs" / path.name).exists():
                shutil.copy(path, work / f"crawl-{name}-scrapy.log")
        shutil.rmtree(data, ignore_errors=True)  # the seed stays for a look; the copies are only measured
    results["checks"] = _checks(results, bool(edited))
    for problem in results["checks"]:
        log(f"CHECK FAILED (stage i): {problem}")
    return results


def _checks(r: dict, edited: bool) -> list[str]:
    problems = []
    for name in ("seed", "off", "on", "on-1s"):
        if name in r and r[name]["returncode"] != 0:
            problems.append(f"the {name} crawl exited {r[name]['returncode']}")
    if r["seed"]["requests"]["sitemaps"] < r["child_sitemaps"]:
        problems.append(
            f"the seeding crawl read {r['seed']['requests']['sitemaps']} of {r['child_sitemaps']} child sitemaps"
        )
    for name in ("off", "on", "on-1s"):
        if name not in r:
            continue
        if r[name]["new_archived"] != r["new_articles"]:
            problems.append(
                f"run {name} archived {r[name]['new_archived']} of {r['new_articles']} new articles"
            )
        if edited and r[name]["edited_refetched"] != 1:
            problems.append(f"run {name} did not fetch the edited article again")
    on, off = r["on"]["requests"]["sitemaps"], r["off"]["requests"]["sitemaps"]
    if on > r["sitemaps_changed"] or on * 10 > off:
        problems.append(
            f"with the skip on, {on} child sitemaps were asked for ({r['sitemaps_changed']} changed; "
            f"{off} with it off)"
        )
    return problems


def stage_sitemaps(args, server, site, run: Path) -> dict:
    """bench/run.py's stage i (the main bench site and server are not used)."""
    return measure(
        run / "sitemaps",
        days=getattr(args, "sitemap_days", 3000),
        concurrency=args.concurrency,
        workers=args.workers,
    )


def report_sitemaps(r: dict | None, log=log) -> None:
    if not r or "skipped" in r:
        return
    log("")
    log(
        f"incremental run (stage i): {r['child_sitemaps']} daily child sitemaps, {r['articles_seeded']} articles "
        f"seeded, then {r['new_articles']} new + 1 edited"
    )
    head = "".join(f"{k:>11}" for k in ("robots", "index", "sitemaps", "homepage", "articles", "requisites"))
    log(
        f"{'run':<22}{head}{'total':>8}{'(304)':>7}{'seconds':>9}{'CPU s':>7}"
        f"{'disc. req':>10}{'skipped':>9}{'min @1s':>9}"
    )
    labels = {
        "seed": "run 1: full (seed)",
        "off": "run 2: skip off",
        "on": "run 2: skip on",
        "on-1s": "run 2: skip on, 1 s",
    }
    for name, label in labels.items():
        f = r.get(name)
        if not f:
            continue
        q = f["requests"]
        crawl = f.get("crawl") or {}
        cells = "".join(
            f"{q[k]:>11,}" for k in ("robots", "index", "sitemaps", "homepage", "articles", "requisites")
        )
        log(
            f"{label:<22}{cells}{q['total']:>8,}{sum(q['not_modified'].values()):>7,}"
            f"{f['seconds']:>9.1f}{f['cpu_s']:>7.1f}"
            f"{crawl.get('discovery_requests', 0):>10,}{crawl.get('sitemaps_unchanged', 0):>9,}"
            f"{f['minutes_at_1s']:>9.1f}"
        )
    on, off = r.get("on"), r.get("off")
    if on and off:
        log(
            f"child sitemaps asked for in run 2: {off['requests']['sitemaps']:,} -> {on['requests']['sitemaps']:,}; "
            f"requests {off['requests']['total']:,} -> {on['requests']['total']:,} "
            f"(x{off['requests']['total'] / max(on['requests']['total'], 1):.0f} fewer); at 1 s a request "
            f"{off['minutes_at_1s']:.1f} -> {on['minutes_at_1s']:.1f} min per hourly run"
        )
        log(
            f"new articles archived: {off['new_archived']}/{r['new_articles']} (off), "
            f"{on['new_archived']}/{r['new_articles']} (on); edited article fetched again: "
            f"{off['edited_refetched']} (off), {on['edited_refetched']} (on)"
        )
    slow = r.get("on-1s")
    if slow:
        log(
            f"skip on at delay 1 s (measured): {slow['seconds']:.1f} s for {slow['requests']['total']} requests, "
            f"{slow['new_archived']}/{r['new_articles']} new articles archived"
        )
    for problem in r.get("checks", []):
        log(f"CHECK FAILED: {problem}")
    if not r.get("checks"):
        log(
            "checks: new articles and the edit archived by every run 2; skip on read only the changed sitemaps"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--days", type=int, default=3000)
    parser.add_argument("--per-day", type=int, default=2)
    parser.add_argument("--new", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--no-slow-run", action="store_true", help="skip the run at the source's delay of 1 s"
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(os.environ.get("BENCH_DIR", "/tmp/newsarchive-bench")) / "sitemaps",
    )
    args = parser.parse_args()
    results = measure(
        args.workdir,
        days=args.days,
        per_day=args.per_day,
        new=args.new,
        concurrency=args.concurrency,
        workers=args.workers,
        slow_run=not args.no_slow_run,
    )
    report_sitemaps(results)
    out = args.workdir / f"results-{time.strftime('%Y%m%dT%H%M%S')}.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    log(f"results: {out}")


if __name__ == "__main__":
    main()
