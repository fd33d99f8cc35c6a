"""A crawl shared by several worker processes over Redis (`newsarchive crawl --frontier redis://...`), built
on scrapy-redis: its priority queue with leases (queue.py), its scheduler and dupefilter keyed per crawl
(scheduler.py), the worker's heartbeat, lease recovery and idle exit (worker.py, crawlstate.py), discovery
state (discovery.py), incremental state (known.py) and politeness (politeness.py) shared across workers,
the settings `--frontier` changes (config.py), and what `status --frontier` reads (status.py).
docs/scale-out.md says how to run it."""

from crawler.frontier_redis.config import apply_frontier_settings
from crawler.frontier_redis.connection import FrontierError, FrontierKeys, check_url, connect

__all__ = ["FrontierError", "FrontierKeys", "apply_frontier_settings", "check_url", "connect"]
