"""All newsarchive settings and their defaults, in one place.

Scrapy's own settings come first; the project's are prefixed (NEWSARCHIVE_*, WARC_*, CATALOG_*, EXTRACT_*).
Override any of them with `newsarchive crawl --set NAME=VALUE` or `scrapy crawl press -s NAME=VALUE`.
"""

BOT_NAME = "newsarchive"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# --- who we are, and politeness -------------------------------------------------------------------------
NEWSARCHIVE_CONTACT_URL = "https://github.com/newsarchive/newsarchive"
USER_AGENT = f"newsarchive/0.1 (+{NEWSARCHIVE_CONTACT_URL})"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 1  # one connection per host
# Scrapy starts this many tasks per response to handle its callback's output; ours yields one item and a few
# requests, and Scrapy's default (100) cost ~10% of the crawl's main process (docs/benchmark.md)
CONCURRENT_ITEMS = 8
DOWNLOAD_DELAY = 1.0  # the default; each source's `delay` replaces it for that source's hosts
DOWNLOAD_DELAY_JITTER = 0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_TIMES = 2

# --- bounded work per URL (crawler/middlewares/bounds.py; docs/crawling.md "Bounds") -----------------------
# Entry points (robots.txt, the homepage, sitemaps, feeds) may take this long, and are retried (RETRY_TIMES).
DOWNLOAD_TIMEOUT = 30
# Pages (articles, listings found by links, photos) get less, and are not retried after a timeout in the same
# run: with one connection per source, a URL that never answers holds up its source for 15 s instead of 3 x 60 s;
# a news server answers a page in a second or two, and the next run tries the page again.
NEWSARCHIVE_PAGE_TIMEOUT = 15
# A body still arriving after this fraction of its timeout (a slow drip) is cut and kept (WARC-Truncated: time).
NEWSARCHIVE_SLOW_BODY = 0.75
DNS_TIMEOUT = 15
# Larger responses are cut here and kept as far as they came (WARC-Truncated: length; a Content-Length above
# it: status and headers only); also the limit on a body after decompression (gzip bombs). Articles are well
# under 2 MB; photos and PDFs past 32 MB are kept as a prefix.
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
# A body shorter than its Content-Length (a reset after the headers) is kept (WARC-Truncated: disconnect), not
# dropped; it counts as a failure (`truncated`), and the next run fetches the URL again.
DOWNLOAD_FAIL_ON_DATALOSS = False
REDIRECT_MAX_TIMES = 5  # news URLs redirect once or twice (http -> https, a canonical path); loops end here
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"
DEPTH_LIMIT = 4  # link following: the homepage, listings and their pagination, articles
NEWSARCHIVE_LINKS_MAX = 5000  # links followed per source per run (endless calendars and filters end here)
DEPTH_PRIORITY = 1  # breadth first: homepage and listings before deep pages
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# --- where things go ------------------------------------------------------------------------------------
NEWSARCHIVE_DATA = "data"  # the data directory (catalog.db, warc/, indexes/, state/)
NEWSARCHIVE_SOURCES = "sources.toml"
NEWSARCHIVE_PAGE_REQUISITES = 60  # images and stylesheets archived per article page, for replay (0: none)

# --- WARC and the catalog -------------------------------------------------------------------------------
WARC_ENABLED = True  # the recorder: WARC files and the catalog's captures (nothing is archived without it)
WARC_PREFIX = "newsarchive"
WARC_MAX_SIZE = 1024 * 1024 * 1024  # rotate to a new file past this many bytes
WARC_OPERATOR = ""
# warcio cannot read back br bodies written by Scrapy's brotli package, and leaves zstd undecoded.
WARC_ACCEPT_ENCODING = "gzip, deflate"
CDXJ_ENABLED = True  # keep DATA/indexes/<warc file>.cdxj current as WARC files close (replay)
CATALOG_BATCH_SIZE = 200  # capture rows per transaction
CATALOG_BATCH_SECONDS = 2.0  # ... or at least this often

# --- extraction -----------------------------------------------------------------------------------------
EXTRACT_ENABLED = True
EXTRACT_WORKERS = 2  # processes extracting article pages beside the reactor (one per spare core)
EXTRACT_PENDING = True  # also extract article pages earlier runs archived but did not (killed, stopped, off)
# Pages larger than this (after decompression) are archived but not extracted (extract_status `too_large`) nor
# read for links: extraction holds ~40 times a page in memory (a 20 MB page: 770 MB); articles are < 1 MB.
EXTRACT_MAX_BYTES = 4 * 1024 * 1024

# --- discovery, politeness, incremental runs ------------------------------------------------------------
NEWSARCHIVE_GUESS_SITEMAPS = True  # try /sitemap.xml, /sitemap_index.xml ... when robots.txt names none
NEWSARCHIVE_AUTODISCOVER_FEEDS = True  # feeds the homepage links with <link rel="alternate">
NEWSARCHIVE_SITEMAP_MAX_BYTES = 50 * 1024 * 1024  # per sitemap, after gunzip (the protocol's limit)
NEWSARCHIVE_SITEMAP_MAX_DEPTH = 4  # sitemap indexes nested deeper than this are not followed
NEWSARCHIVE_SITEMAP_MAX_FILES = 5000  # sitemaps per source per run
NEWSARCHIVE_CRAWL_DELAY_MAX = 60.0  # a robots.txt Crawl-delay is honoured up to this many seconds
NEWSARCHIVE_RETRY_AFTER_MAX = 600.0  # 429/503 Retry-After honoured up to this; longer waits give up the URL
NEWSARCHIVE_INCREMENTAL = True  # skip what the catalog holds, except re-checks
NEWSARCHIVE_RECHECK_AFTER = "1h,6h,1d,3d,7d"  # re-check an article this long after publication, then never
NEWSARCHIVE_NOW = ""  # ISO time the re-check schedule takes as now (tests, as-of runs); empty: the clock
NEWSARCHIVE_SKIP_UNCHANGED_SITEMAPS = (
    True  # a child sitemap its index says is unchanged since read whole: skipped
)
NEWSARCHIVE_MAX_PAGES = 0  # at most this many downloads in a run (`crawl --max-pages`); 0: no limit
# Refuse requests to private, loopback and link-local addresses unless a source's homepage is on such an
# address (crawler/middlewares/addresses.py); networks listed here (e.g. ["10.1.0.0/16"]) are allowed too
NEWSARCHIVE_ADDRESS_GUARD = True
NEWSARCHIVE_ALLOWED_ADDRESSES: list[str] = []
NEWSARCHIVE_RESUME = True  # JOBDIR under DATA/state/jobs/, cleared after a clean finish

# --- script-rendered pages (sources with render = true) ------------------------------------------------
NEWSARCHIVE_RENDER_TIMEOUT = (
    15.0  # seconds a page's scripts get to settle; then it is archived as far as it got
)

# --- a crawl shared over Redis (newsarchive crawl --frontier; docs/scale-out.md) ----------------------------
NEWSARCHIVE_FRONTIER = ""  # redis://HOST:PORT/DB: this process is one worker of a shared crawl; empty: alone
NEWSARCHIVE_FRONTIER_WORKER = ""  # this worker's name (in its WARC file names and in status); empty: host-pid
NEWSARCHIVE_FRONTIER_IDLE = 30.0  # exit once the shared queue is empty, nothing in flight anywhere, this long
NEWSARCHIVE_FRONTIER_LEASE = (
    60.0  # a worker silent this long is taken for dead: its requests are queued again
)
# how long Redis keeps what every worker knows of a URL (fetched when, validators, digest) after its last
# fetch; later, the worker's own catalog answers, else the URL is fetched again as new (0: kept for ever)
NEWSARCHIVE_FRONTIER_KNOWN_FOR = "14d"

# --- the console ----------------------------------------------------------------------------------------
NEWSARCHIVE_PROGRESS_ENABLED = True  # fetched, archived, articles, queued, errors, pages/s, WARC bytes
NEWSARCHIVE_PROGRESS_INTERVAL = 10.0  # seconds between progress log lines when not on a terminal (0: none)

# --- the components, in Scrapy's order -------------------------------------------------------------------
ITEM_PIPELINES = {"crawler.pipelines.extraction.ExtractionPipeline": 300}
EXTENSIONS = {
    "crawler.extensions.recorder.WarcRecorder": 100,
    "crawler.extensions.indexer.CdxjIndexer": 110,  # indexes each WARC file as it closes (DATA/indexes/*.cdxj)
    "crawler.extensions.resume.JobState": 200,
    "scrapy.extensions.throttle.AutoThrottle": None,
    "crawler.extensions.throttle.SourceAutoThrottle": 0,
    "crawler.extensions.progress.CrawlProgress": 500,
    "scrapy.extensions.logstats.LogStats": None,  # its once-a-minute line is replaced by the progress
}
DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.incremental.IncrementalMiddleware": 50,  # first: a skipped page costs nothing
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    # the same place as Scrapy's: reuses the spider's robots.txt, adds Crawl-delay
    "crawler.middlewares.politeness.RobotsRules": 100,
    "crawler.middlewares.politeness.RetryAfterMiddleware": 560,  # before RetryMiddleware (550) sees 429/503
    # sees a 3xx before RedirectMiddleware (600) follows it: a loop back into its chain is a failure row
    "crawler.middlewares.redirectloops.RedirectLoops": 610,
    # keeps cut-short bodies (WARC-Truncated); sees a page's timeout before RetryMiddleware (550) would retry it
    "crawler.middlewares.bounds.FetchBounds": 570,
    # after HttpCompressionMiddleware (590) has set its default, so ours is what the server sees
    "crawler.middlewares.headers.ArchiveRequestHeaders": 595,
    # last before the downloader: redirect hops and retries pass them again
    "crawler.middlewares.addresses.PrivateAddressGuard": 940,
    "crawler.middlewares.pagelimit.PageLimit": 950,
    "crawler.middlewares.render.RenderRequests": 960,  # last: the page goes to the browser from here
}
SPIDER_MIDDLEWARES = {"crawler.middlewares.incremental.IncrementalFilter": 50}  # drop archived pages early
