"""AutoThrottle that never goes below a source's own `delay` (Scrapy's only knows one global minimum)."""

from __future__ import annotations

from scrapy.extensions.throttle import AutoThrottle

__all__ = ["SourceAutoThrottle"]


class SourceAutoThrottle(AutoThrottle):
    def _adjust_delay(self, slot, latency, response) -> None:
        super()._adjust_delay(slot, latency, response)
        minimum = self._slot_minimum(slot)
        if slot.delay < minimum:
            slot.delay = minimum

    def _slot_minimum(self, slot) -> float:
        # Looked up by the slot's key every time: Scrapy drops idle slots and makes new ones, so nothing
        # keyed by the slot object itself can be trusted. There are only a few slots (one per source).
        per_slot = self.crawler.settings.getdict("DOWNLOAD_SLOTS")
        for key, candidate in self.crawler.engine.downloader.slots.items():
            if candidate is slot:
                return float(per_slot.get(key, {}).get("delay", self.mindelay))
        return self.mindelay
