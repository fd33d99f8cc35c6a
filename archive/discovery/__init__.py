"""Discovery: what robots.txt, sitemaps, feeds and a homepage say a site has published. Never imports scrapy."""

from __future__ import annotations

from archive.dates import in_window, iso_utc, parse_date
from archive.discovery.autodiscovery import feed_links
from archive.discovery.feeds import Feed, FeedItem, looks_like_feed, parse_feed
from archive.discovery.robots import RobotsInfo, parse_robots
from archive.discovery.sitemaps import (
    USUAL_LOCATIONS,
    Sitemap,
    SitemapEntry,
    TooLarge,
    looks_like_sitemap,
    parse_sitemap,
)

__all__ = [
    "Feed",
    "FeedItem",
    "RobotsInfo",
    "Sitemap",
    "SitemapEntry",
    "TooLarge",
    "USUAL_LOCATIONS",
    "feed_links",
    "in_window",
    "iso_utc",
    "looks_like_feed",
    "looks_like_sitemap",
    "parse_date",
    "parse_feed",
    "parse_robots",
    "parse_sitemap",
]
