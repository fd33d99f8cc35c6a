"""newsarchive's library: WARC writing and reading, the catalog, extraction, dedup, replay, export, verify.

It never imports Scrapy, so it is usable from the CLI, tests or a notebook."""
