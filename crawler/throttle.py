"""AutoThrottle that never goes below a source's own `delay` (Scrapy's only knows one global minimum)."""

from __future__ import annotations

from scrapy.extensions.throttle import AutoThrottle

__all__ = ["SourceAutoThrottle"]


class SourceAutoThrottle(AutoThrottle):
    def __init__(self, crawler):
        super().__init__(crawler)
        self._minimums: dict[int, float] = {}  # id(slot) -> the delay its source asks for

    def _adjust_delay(self, slot, latency, response) -> None:
        super()._adjust_delay(slot, latency, response)
        minimum = self._slot_minimum(slot)
        if slot.delay < minimum:
            slot.delay = minimum

    def _slot_minimum(self, slot) -> float:
        minimum = self._minimums.get(id(slot))
        if minimum is None:
            per_slot = self.crawler.settings.getdict("DOWNLOAD_SLOTS")
            minimum = 0.0
            for key, candidate in self.crawler.engine.downloader.slots.items():
                if candidate is slot:
                    minimum = float(per_slot.get(key, {}).get("delay", self.mindelay))
                    break
            self._minimums[id(slot)] = minimum
        return minimum
