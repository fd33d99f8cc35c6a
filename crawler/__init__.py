"""The Scrapy layer of newsarchive: thin adapters between Scrapy and the `archive` library."""
