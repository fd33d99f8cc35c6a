"""The `request.meta` keys newsarchive's components pass to each other, named once. Scrapy's own keys
(download_slot, depth, dont_retry, handle_httpstatus_list, redirect_urls, ...) keep Scrapy's names.

| key | written by | read by | what it holds |
| --- | --- | --- | --- |
| SOURCE | spider | recorder, pipeline, politeness | the source's name |
| VIA | spider | recorder, incremental, spider | how the URL was found: robots, homepage, sitemap, feed, link, requisite |
| DISCOVERED_FROM | spider | recorder | the URL of the page, sitemap or feed that named it |
| PAGE_KIND | spider | recorder, incremental, spider | article, listing, document, sitemap, feed, robots, requisite |
| PAGE_KIND_REASON | spider | recorder | the evidence the kind was decided on |
| DISCOVERY | spider | recorder, incremental, items | what the sitemap or feed said of it (dates, title, lastmod) |
| ENTRY_POINT | spider | spider | a discovery request (robots, sitemap, feed, homepage), counted until answered |
| HOMEPAGE | spider | spider | the source's homepage (feeds are autodiscovered there) |
| SITEMAP_DEPTH | spider | spider | how deep in sitemap indexes |
| RECHECK | spider | incremental | "always" (entry points, listings) or "never" (requisites) |
| UNCONDITIONAL | spider | incremental | fetch without If-None-Match (a 304 lied) |
| INCREMENTAL_CHECKED | incremental | incremental | the request passed the incremental filter once |
| PREVIOUS_CAPTURE | incremental | recorder, frontier | the catalog's last capture of the URL (for conditional GETs and revisits) |
| CAPTURE_ID, FETCHED_AT, WARC_RECORD_ID, RECORD_TYPE, RESPONSE_URL | recorder | items, spider | where the response went |
| RENDER | spider | render middleware | fetch this page through headless Chromium (a `render = true` source) |
| RENDER_CAPTURE | render middleware | recorder | the BrowserCapture: every exchange the browser made for the page |
| TRUNCATED | bounds, recorder | recorder, spider | why the body was cut short: length, time or disconnect (WARC-Truncated) |
| REFUSED | politeness, redirectloops | failures | the reason code of a middleware that refused the request (robots, redirect_loop) |
| BODY_RECEIVED, BODY_STARTED | bounds | bounds | bytes of the body received so far, and when the download started |
| FRONTIER_LEASE | frontier scheduler | frontier worker | with --frontier: the lease under which this worker holds the request (never sent to Redis) |

`PressSpider.request()` and `.entry()` take the spider's keys as keyword arguments of the same names."""

from __future__ import annotations

SOURCE = "source"
VIA = "via"
DISCOVERED_FROM = "discovered_from"
PAGE_KIND = "page_kind"
PAGE_KIND_REASON = "page_kind_reason"
DISCOVERY = "discovery"
ENTRY_POINT = "entry"
HOMEPAGE = "homepage"
SITEMAP_DEPTH = "sitemap_depth"
RECHECK = "recheck"
UNCONDITIONAL = "unconditional"
INCREMENTAL_CHECKED = "incremental_checked"
PREVIOUS_CAPTURE = "previous_capture"
CAPTURE_ID = "capture_id"
FETCHED_AT = "fetched_at"
WARC_RECORD_ID = "warc_record_id"
RESPONSE_URL = "response_url"
RECORD_TYPE = "record_type"
RENDER = "render"
RENDER_CAPTURE = "render_capture"
TRUNCATED = "truncated"
REFUSED = "refused"
BODY_RECEIVED = "body_received"
BODY_STARTED = "body_started"
FRONTIER_LEASE = "frontier_lease"
