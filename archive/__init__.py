"""newsarchive's library: everything but the crawling itself, usable from the CLI, tests or a notebook. It never
imports Scrapy (import-linter checks it in `make test`).

The front door, by concern (each subpackage's `__init__` names its public API):

- `archive.sources`    the sources file: `load_sources(path) -> {name: Source}`
- `archive.dates`      dates as sites write them; the catalog's UTC timestamps
- `archive.charsets`   charset labels and a guess from the bytes, for pages and for feeds alike
- `archive.warc`       WARC files: `RecordFactory` and `WarcFileWriter` to write, `iter_records`/`read_record`
                       (ours), `scan` (anyone's, with salvage), `scan_records` (fast), CDXJ indexes
- `archive.discovery`  robots.txt, sitemaps, feeds, the order of discovery (`plan`), article or listing
                       (`pagekinds`), `probe`
- `archive.extract`    one page or PDF in, the extraction JSON out: `extract`, `extract_document`
- `archive.catalog`    the SQLite catalog: `Catalog`, `capture_row`/`capture_rows` (a capture from its WARC
                       records), `ArticleStore` (articles, images, versions, duplicates, search), summaries
- `archive.ops`        whole-archive operations: `extraction` (extract and store, shared by the crawl, reindex
                       and import), `reindex`, `importing`, `export`, `report`, `verify`, `lock`
- `archive.replay`     pywb as a separate process, WACZ packages

A notebook session, for example::

    from archive.catalog import Catalog
    from archive.extract import extract
    result = extract(open("page.html", "rb").read(), "https://baochinhphu.vn/abc-102240101.htm")
"""

__all__ = ["catalog", "dates", "discovery", "extract", "ops", "replay", "sources", "warc"]
