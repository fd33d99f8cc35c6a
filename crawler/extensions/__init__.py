"""Scrapy extensions: the WARC recorder, the CDXJ indexer, resumable job state, per-source AutoThrottle."""
