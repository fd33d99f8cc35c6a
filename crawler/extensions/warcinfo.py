"""What a crawl says about itself: the `warcinfo` record at the head of each WARC file (software and versions,
operator, user agent, robots policy, crawl id, sources), and the settings kept with the crawl's catalog row."""

from __future__ import annotations

import functools
import json
import platform
import socket
from importlib.metadata import PackageNotFoundError, version

__all__ = ["software_versions", "warcinfo_fields", "worth_keeping"]


@functools.cache
def software_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for dist in ("newsarchive", "scrapy", "warcio", "trafilatura", "twisted", "sqlite-utils"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            pass
    return out


def warcinfo_fields(
    operator: str, user_agent: str, robots_obey: bool, crawl_id: int | None, sources: list[str]
) -> dict[str, str]:
    return {
        "software": "newsarchive " + software_versions().get("newsarchive", ""),
        "format": "WARC File Format 1.1",
        "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
        "hostname": socket.gethostname(),
        "operator": operator,
        "http-header-user-agent": user_agent,
        "robots": "obey" if robots_obey else "ignore",
        "crawl-id": str(crawl_id),
        "sources": ", ".join(sources),
        "software-versions": json.dumps(software_versions(), sort_keys=True),
    }


def worth_keeping(name: str) -> bool:
    """A setting recorded with the crawl (crawls.settings): the project's own and those that shape a crawl."""
    prefixes = ("NEWSARCHIVE_", "WARC_", "CATALOG_", "EXTRACT_", "DOWNLOAD_", "CONCURRENT_", "AUTOTHROTTLE_")
    return name.startswith(prefixes) or name in ("USER_AGENT", "ROBOTSTXT_OBEY", "DEPTH_LIMIT", "JOBDIR")
