"""scrapy-redis's priority queue with leases: a popped request is held for its worker, not forgotten.

scrapy-redis pops a request and forgets it, so a worker killed with requests in hand loses them. Here a pop
moves the request into the worker's in-flight hash (under a lease number, with its score); the worker acks
it when the request is done, hands it over when the request comes back as another (a redirect, a retry),
and a worker whose heartbeat stops has its in-flight requests put back in the queue by whichever worker
notices first (crawler.frontier_redis.worker)."""

from __future__ import annotations

from scrapy import Request
from scrapy_redis.queue import PriorityQueue

from crawler.meta import FRONTIER_LEASE

__all__ = ["LeasedQueue", "requeue_all"]

# KEYS: queue, in-flight hash, lease counter. The first request (lowest score) moves to the in-flight hash.
_POP = """
local found = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #found == 0 then return false end
redis.call('ZREM', KEYS[1], found[1])
local lease = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[2], lease, found[1], lease .. ':s', found[2])
return {lease, found[1]}
"""

# KEYS: in-flight hash, stats. ARGV: lease. Counted as done once.
_ACK = """
local n = redis.call('HDEL', KEYS[1], ARGV[1], ARGV[1] .. ':s')
if n > 0 then redis.call('HINCRBY', KEYS[2], 'done', 1) end
return n
"""

# KEYS: queue, in-flight hash, stats. Every request held goes back with its score; the hash goes.
_REQUEUE = """
local all = redis.call('HGETALL', KEYS[2])
local held = {}
for i = 1, #all, 2 do held[all[i]] = all[i + 1] end
local n = 0
for lease, data in pairs(held) do
  if not string.find(lease, ':s$') then
    redis.call('ZADD', KEYS[1], held[lease .. ':s'] or '0', data)
    n = n + 1
  end
end
redis.call('DEL', KEYS[2])
if n > 0 then redis.call('HINCRBY', KEYS[3], 'requeued', n) end
return n
"""


class LeasedQueue(PriorityQueue):
    """The priority queue of scrapy-redis (a sorted set of pickled requests, score = -priority), leased."""

    def __init__(self, server, spider, key: str, inflight: str, seq: str, stats: str, serializer=None):
        super().__init__(server, spider, key, serializer)
        self.inflight, self.seq, self.stats = inflight, seq, stats
        self._pop = server.register_script(_POP)
        self._ack = server.register_script(_ACK)

    def _encode_request(self, request: Request) -> bytes:
        lease = request.meta.pop(FRONTIER_LEASE, None)  # a lease is this worker's, never shared
        try:
            return super()._encode_request(request)
        finally:
            if lease is not None:
                request.meta[FRONTIER_LEASE] = lease

    def pop(self, timeout: int = 0) -> Request | None:
        found = self._pop(keys=[self.key, self.inflight, self.seq])
        if not found:
            return None
        lease, data = found
        request = self._decode_request(data)
        request.meta[FRONTIER_LEASE] = int(lease)
        return request

    def ack(self, lease: int) -> bool:
        return bool(self._ack(keys=[self.inflight, self.stats], args=[lease]))

    def hand_over(self, request: Request, lease: int) -> None:
        """REQUEST replaces the leased request LEASE (a redirect or a retry): queued, and the lease ended, at
        once (a worker killed in between loses neither)."""
        data = self._encode_request(request)
        pipe = self.server.pipeline(transaction=True)
        pipe.zadd(self.key, {data: -request.priority})
        pipe.hdel(self.inflight, lease, f"{lease}:s")
        pipe.execute()

    def held(self) -> int:
        return self.server.hlen(self.inflight) // 2


def requeue_all(server, queue_key: str, inflight_key: str, stats_key: str) -> int:
    """Put every request of one worker's in-flight hash back in the queue; returns how many."""
    return int(server.register_script(_REQUEUE)(keys=[queue_key, inflight_key, stats_key]))
