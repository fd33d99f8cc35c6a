"""What robots.txt says beyond allow/deny: its Sitemap lines and the Crawl-delay asked of us."""

from __future__ import annotations

from dataclasses import dataclass, field

from protego import Protego

__all__ = ["RobotsInfo", "parse_robots"]


@dataclass
class RobotsInfo:
    sitemaps: list[str] = field(default_factory=list)
    crawl_delay: float | None = None
    request_rate: float | None = None  # seconds per request, from Request-rate

    @property
    def min_delay(self) -> float:
        """The delay between requests these rules ask for (0 when they ask for none)."""
        return max(self.crawl_delay or 0.0, self.request_rate or 0.0)


def parse_robots(body: bytes | str, user_agent: str = "*") -> RobotsInfo:
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    rules = Protego.parse(text)
    delay = rules.crawl_delay(user_agent)
    rate = rules.request_rate(user_agent)
    per_request = rate.seconds / rate.requests if rate and rate.requests else None
    return RobotsInfo(
        sitemaps=list(dict.fromkeys(s.strip() for s in rules.sitemaps if s.strip())),
        crawl_delay=float(delay) if delay is not None else None,
        request_rate=per_request,
    )
