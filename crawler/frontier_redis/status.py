"""What `newsarchive status --frontier` shows of the shared crawls in one Redis database: per crawl, the
requests queued, each worker's requests in flight, heartbeat and figures, and the totals done and requeued."""

from __future__ import annotations

import json

from crawler.frontier_redis.connection import PREFIX, FrontierKeys

__all__ = ["frontier_status", "format_status"]


def frontier_status(server) -> list[dict]:
    """One dict per crawl whose keys are in this database."""
    crawls = set()
    for key in server.scan_iter(match=f"{PREFIX}:crawl:*", count=1000):
        name = key.decode()
        for suffix in (":stats", ":seeded", ":queue", ":workers"):
            if name.endswith(suffix):
                crawls.add(name[: -len(suffix)])
    now_ms = _now_ms(server)
    out = []
    for crawl in sorted(crawls):
        keys = FrontierKeys(crawl)
        stats = {k.decode(): v.decode() for k, v in server.hgetall(keys.stats).items()}
        figures = {k.decode(): json.loads(v) for k, v in server.hgetall(f"{crawl}:workerstats").items()}
        workers = []
        for name, beat in server.zrange(keys.workers, 0, -1, withscores=True):
            name = name.decode()
            workers.append(
                {
                    "worker": name,
                    "in_flight": server.hlen(keys.inflight(name)) // 2,
                    "heartbeat_age": round((now_ms - beat) / 1000, 1),
                    **figures.pop(name, {}),
                }
            )
        for name, values in sorted(figures.items()):  # workers that have left
            workers.append({"worker": name, "in_flight": 0, "heartbeat_age": None, **values})
        seeded = server.get(keys.seeded)
        out.append(
            {
                "crawl": crawl[len(f"{PREFIX}:crawl:") :],
                "state": "running" if seeded else "finished" if stats.get("finished_by") else "idle",
                "params": json.loads(seeded) if seeded else {},
                "queued": server.zcard(keys.queue),
                "seen": server.scard(keys.seen),
                "done": int(stats.get("done", 0)),
                "requeued": int(stats.get("requeued", 0)),
                "errors": sum(int(w.get("errors", 0)) for w in workers),
                "workers": workers,
            }
        )
    return out


def _now_ms(server) -> float:
    seconds, micros = server.time()
    return seconds * 1000 + micros / 1000


def format_status(url: str, crawls: list[dict]) -> list[str]:
    if not crawls:
        return [f"frontier {url}: no shared crawl"]
    lines = []
    for crawl in crawls:
        lines.append(
            f"frontier {url}, crawl {crawl['crawl']} ({crawl['state']}): {crawl['queued']} queued, "
            f"{sum(w['in_flight'] for w in crawl['workers'])} in flight, {crawl['done']} done, "
            f"{crawl['errors']} errors, {crawl['requeued']} requeued from stopped workers"
        )
        lines.append(
            f"  {'worker':<24} {'in flight':>9} {'fetched':>8} {'archived':>8} {'errors':>7}  heartbeat"
        )
        for w in crawl["workers"]:
            age = "left" if w["heartbeat_age"] is None else f"{w['heartbeat_age']:.0f} s ago"
            lines.append(
                f"  {w['worker']:<24} {w['in_flight']:>9} {w.get('fetched', 0):>8} {w.get('archived', 0):>8} "
                f"{w.get('errors', 0):>7}  {age}"
            )
    return lines
