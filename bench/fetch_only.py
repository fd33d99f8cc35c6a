"""Stage (c): Scrapy fetching the benchmark's article URLs with no processing (no WARC, extraction or catalog).

Runs outside the project (no scrapy.cfg, no project settings): Scrapy's defaults, with the same concurrency,
zero delay, the same Accept-Encoding (so the body is still decompressed as in the crawl) and the same
CONCURRENT_ITEMS as the crawl (Scrapy's default of 100 starts 100 asyncio tasks per response, scrapy/scrapy#5182:
~0.7 ms more per page, ~1.1 ms more per photo, which the crawl does not pay).

    python -m bench.fetch_only URLS_FILE --concurrency 16
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from scrapy import Request, Spider
from scrapy.crawler import CrawlerProcess

__all__ = ["FetchSpider"]


class FetchSpider(Spider):
    name = "fetch_only"

    def __init__(self, urls_file: str = "", **kwargs):
        super().__init__(**kwargs)
        self.urls_file = urls_file
        self.pages = 0
        self.bytes = 0

    async def start(self):
        with open(self.urls_file) as fh:
            for line in fh:
                if line.strip():
                    yield Request(line.strip(), callback=self.parse)

    def parse(self, response):
        self.pages += 1
        self.bytes += len(response.body)
        return None


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("urls_file")
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    process = CrawlerProcess(
        {
            "CONCURRENT_REQUESTS": args.concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": args.concurrency,
            "CONCURRENT_ITEMS": 8,  # as settings.py
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "ROBOTSTXT_OBEY": False,
            "COOKIES_ENABLED": False,
            "TELNETCONSOLE_ENABLED": False,
            "LOG_LEVEL": "WARNING",
            "DEFAULT_REQUEST_HEADERS": {"Accept-Encoding": "gzip, deflate"},
            "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
        }
    )
    crawler = process.create_crawler(FetchSpider)
    start = time.monotonic()
    process.crawl(crawler, urls_file=args.urls_file)
    process.start()
    spider = crawler.spider
    json.dump({"pages": spider.pages, "bytes": spider.bytes, "seconds": time.monotonic() - start}, sys.stdout)


if __name__ == "__main__":
    main()
