"""A shared crawl's membership in Redis: who is working (heartbeats), who started the crawl (the entry
points), whether anything is left anywhere, and the clean-up when the last worker leaves. Each question two
workers could race on is one Lua script; times are Redis's clock."""

from __future__ import annotations

import json
from urllib.parse import urljoin, urlsplit

from crawler.frontier_redis.connection import FrontierKeys
from crawler.frontier_redis.discovery import SharedSourceState
from crawler.frontier_redis.queue import requeue_all

__all__ = ["CrawlState"]

_NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
"""

# Requests held by a worker go back to the queue with their scores (as queue._REQUEUE).
_REQUEUE_FN = """
local function requeue(queue, inflight, stats)
  local all = redis.call('HGETALL', inflight)
  local held = {}
  for i = 1, #all, 2 do held[all[i]] = all[i + 1] end
  local n = 0
  for lease, data in pairs(held) do
    if not string.find(lease, ':s$') then
      redis.call('ZADD', queue, held[lease .. ':s'] or '0', data)
      n = n + 1
    end
  end
  redis.call('DEL', inflight)
  if n > 0 then redis.call('HINCRBY', stats, 'requeued', n) end
  return n
end
"""

# KEYS: workers, queue, stats. ARGV: me, lease ms, in-flight key prefix. My heartbeat; workers silent for a
# lease lose their place and their requests go back. Returns {worker, requests returned, ...}.
_HEARTBEAT = (
    _NOW
    + _REQUEUE_FN
    + """
redis.call('ZADD', KEYS[1], now, ARGV[1])
local out = {}
for _, worker in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))) do
  redis.call('ZREM', KEYS[1], worker)
  table.insert(out, worker)
  table.insert(out, requeue(KEYS[2], ARGV[3] .. worker, KEYS[3]))
end
return out
"""
)

# KEYS: workers, queue, seeded, then the keys a new crawl starts without. ARGV: me, lease ms, in-flight
# prefix, the crawl's parameters. 1 when this worker starts the crawl (asks for the entry points).
_SEED = (
    _NOW
    + """
local busy = redis.call('ZCARD', KEYS[2]) > 0
local workers = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
for i = 1, #workers, 2 do
  local other = workers[i] ~= ARGV[1]
  if redis.call('EXISTS', ARGV[3] .. workers[i]) == 1 then busy = true end
  if other and tonumber(workers[i + 1]) > now - tonumber(ARGV[2]) then busy = true end
end
if not busy then
  for i = 3, #KEYS do redis.call('DEL', KEYS[i]) end
  redis.call('SET', KEYS[3], ARGV[4])
  return 1
end
if redis.call('SET', KEYS[3], ARGV[4], 'NX') then return 1 end
return 0
"""
)

# KEYS: queue, workers. ARGV: in-flight prefix. 1 when nothing is queued and no worker holds a request.
_IDLE = """
if redis.call('ZCARD', KEYS[1]) > 0 then return 0 end
for _, worker in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  if redis.call('EXISTS', ARGV[1] .. worker) == 1 then return 0 end
end
return 1
"""

# Kept after a crawl, for `status`: its figures. Everything else under the crawl's prefix goes.
_KEPT = ("stats", "workerstats", "workers")


class CrawlState:
    def __init__(self, server, keys: FrontierKeys, name: str, lease: float):
        self.server = server
        self.keys = keys
        self.name = name
        self.lease_ms = int(lease * 1000)
        self.prefix = keys.inflight("")
        self._heartbeat = server.register_script(_HEARTBEAT)
        self._seed = server.register_script(_SEED)
        self._idle = server.register_script(_IDLE)

    @property
    def figures_key(self) -> str:
        return f"{self.keys.crawl}:workerstats"

    def register(self) -> int:
        """Join: a worker restarted under the same name first gives back what its old self held."""
        returned = requeue_all(self.server, self.keys.queue, self.keys.inflight(self.name), self.keys.stats)
        self.heartbeat({})
        return returned

    def heartbeat(self, figures: dict) -> list[tuple[str, int]]:
        out = self._heartbeat(
            keys=[self.keys.workers, self.keys.queue, self.keys.stats],
            args=[self.name, self.lease_ms, self.prefix],
        )
        if figures:
            self.server.hset(self.figures_key, self.name, json.dumps(figures))
        return [(out[i].decode(), int(out[i + 1])) for i in range(0, len(out), 2)]

    def claim_seed(self, sources, params: str) -> bool:
        fresh = [self.keys.seen, self.keys.seq, self.keys.stats, self.figures_key]
        for source in sources:
            fresh += SharedSourceState.clear_keys(self.keys, source.name)
            fresh.append(self.keys.robots(urlsplit(urljoin(source.homepage, "/robots.txt")).netloc))
        keys = [self.keys.workers, self.keys.queue, self.keys.seeded, *fresh]
        return bool(self._seed(keys=keys, args=[self.name, self.lease_ms, self.prefix, params]))

    def idle(self) -> bool:
        return bool(self._idle(keys=[self.keys.queue, self.keys.workers], args=[self.prefix]))

    def leave(self, finished: bool) -> int:
        """Give back what this worker holds, leave; the last worker out of a finished crawl clears it."""
        returned = requeue_all(self.server, self.keys.queue, self.keys.inflight(self.name), self.keys.stats)
        self.server.zrem(self.keys.workers, self.name)
        if finished and not self.server.zcard(self.keys.workers) and self.idle():
            kept = {f"{self.keys.crawl}:{name}".encode() for name in _KEPT}
            for key in self.server.scan_iter(match=f"{self.keys.crawl}:*", count=1000):
                if key not in kept:
                    self.server.delete(key)
            self.server.hset(self.keys.stats, "finished_by", self.name)
        return returned
