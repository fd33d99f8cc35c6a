"""Scrapy middlewares: request headers for archiving, incremental runs, politeness (robots.txt, Retry-After)."""
