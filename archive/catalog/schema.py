"""The catalog's schema, as sqlite-utils migrations: applying them twice is a no-op.

One ordered list, kept in one file past the usual ~350 lines on purpose: the order in which the migrations apply
is the order they stand in here, and an applied migration is never edited (a change is a new one at the end)."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from archive.catalog.canonical import normal_url

__all__ = ["migrations", "migrate"]

migrations = Migrations("newsarchive")


@migrations()
def m001_crawls_files_captures(db: Database) -> None:
    db["crawls"].create(
        {
            "id": int,
            "started_at": str,
            "finished_at": str,
            "finish_reason": str,
            "sources": str,  # JSON list of source names
            "settings": str,  # JSON object of the settings that differ from the defaults
            "software": str,  # JSON object of versions
            "stats": str,  # JSON object of Scrapy's stats at the end
            "data_dir": str,
            "pid": int,
        },
        pk="id",
    )
    db["warc_files"].create(
        {
            "name": str,
            "crawl_id": int,
            "opened_at": str,
            "size": int,
            "sha256": str,
            "records": int,
            "closed_at": str,
        },
        pk="name",
        foreign_keys=[("crawl_id", "crawls", "id")],
    )
    db["captures"].create(
        {
            "id": int,
            "crawl_id": int,
            "source": str,
            "url": str,
            "fetched_at": str,
            "status": int,
            "content_type": str,
            "record_type": str,  # response or revisit
            "warc_file": str,  # relative to DATA/warc/
            "warc_offset": int,
            "warc_length": int,
            "warc_record_id": str,
            "payload_digest": str,
            "payload_length": int,
            "refers_to": str,  # WARC-Refers-To of a revisit: the record id of the original
            "revisit_profile": str,
            "via": str,  # how the URL was found: homepage, link, sitemap, feed, robots, redirect, ...
            "discovered_from": str,  # the URL of the page, feed or sitemap that named it
            "redirect_to": str,
            "etag": str,
            "last_modified": str,
            "page_kind": str,  # article, listing, feed, sitemap, robots, other
            "extract_status": str,  # ok, or the reason a page yielded no article
            "request_record_id": str,
            "depth": int,
        },
        pk="id",
        foreign_keys=[("crawl_id", "crawls", "id"), ("warc_file", "warc_files", "name")],
    )
    db["captures"].create_index(["url", "fetched_at"])
    db["captures"].create_index(["warc_file", "warc_offset"], unique=True)
    db["captures"].create_index(["payload_digest"])
    db["captures"].create_index(["warc_record_id"], unique=True)
    db["captures"].create_index(["source", "fetched_at"])
    db["captures"].create_index(["crawl_id"])


@migrations()
def m002_articles(db: Database) -> None:
    db["articles"].create(
        {
            "id": int,
            "source": str,
            "url": str,
            "canonical_url": str,
            "title": str,
            "author": str,
            "published": str,
            "modified": str,
            "language": str,
            "sitename": str,
            "text": str,
            "word_count": int,
            "text_digest": str,
            "simhash": str,
            "capture_id": int,
            "first_seen": str,
            "last_seen": str,
            "duplicate_of": int,
            "extractor_version": str,
        },
        pk="id",
        foreign_keys=[("capture_id", "captures", "id"), ("duplicate_of", "articles", "id")],
    )
    db["articles"].create_index(["canonical_url"], unique=True)
    db["articles"].create_index(["source", "published"])
    db["articles"].create_index(["text_digest"])
    db["images"].create(
        {
            "id": int,
            "article_id": int,
            "position": int,
            "src": str,
            "caption": str,
            "credit": str,
            "alt": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["images"].create_index(["article_id", "position"])
    db["article_versions"].create(
        {
            "id": int,
            "article_id": int,
            "version": int,
            "capture_id": int,
            "observed_at": str,
            "title": str,
            "text_digest": str,
            "chars_added": int,
            "chars_removed": int,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id"), ("capture_id", "captures", "id")],
    )
    db["article_versions"].create_index(["article_id", "version"], unique=True)
    db["duplicates"].create(
        {"article_id": int, "duplicate_of": int, "kind": str, "similarity": float},
        pk=("article_id", "duplicate_of", "kind"),
        foreign_keys=[("article_id", "articles", "id"), ("duplicate_of", "articles", "id")],
    )


@migrations()
def m003_catalog_provenance_dedup_search(db: Database) -> None:
    """Versions keep their text (for diffs), articles keep every URL and capture that led to them, MinHash
    band keys find near duplicates by index lookup, and FTS5 searches titles, text and captions."""
    db["article_versions"].add_column("text", str)
    db["article_versions"].create_index(["text_digest"])
    db["articles"].add_column("published_month", str)  # YYYY-MM, for the facet
    db["articles"].create_index(["published_month"])
    db["articles"].create_index(["last_seen"])
    db["articles"].create_index(["duplicate_of"])
    db["duplicates"].create_index(["duplicate_of"])
    db["article_urls"].create(  # every (canonicalised) URL that named an article: link, rel=canonical, og:url
        {"url": str, "article_id": int, "first_seen": str},
        pk=("url", "article_id"),
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["article_urls"].create_index(["article_id"])
    db["article_captures"].create(  # every capture an article was extracted from
        {"article_id": int, "capture_id": int, "fetched_at": str, "payload_digest": str, "version": int},
        pk=("article_id", "capture_id"),
        foreign_keys=[("article_id", "articles", "id"), ("capture_id", "captures", "id")],
    )
    db["article_captures"].create_index(["payload_digest"])
    db["article_captures"].create_index(["capture_id"])
    # MinHash LSH: one row per (band key, article); a shared key makes two articles candidates.
    db.execute(
        "CREATE TABLE near_buckets (bucket INTEGER NOT NULL, article_id INTEGER NOT NULL, "
        "PRIMARY KEY (bucket, article_id)) WITHOUT ROWID"
    )
    db.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5("
        "title, text, captions, folded, tokenize = 'unicode61 remove_diacritics 2')"
    )
    db.execute("UPDATE articles SET published_month = substr(published, 1, 7) WHERE published >= '0000'")
    # Articles stored before this migration: a first version and a search row (dedup links come from reindex).
    db.execute(
        "INSERT INTO article_versions (article_id, version, capture_id, observed_at, title, text_digest, text, "
        "chars_added, chars_removed) SELECT id, 1, capture_id, coalesce(first_seen, last_seen), title, "
        "text_digest, text, length(text), 0 FROM articles"
        " WHERE id NOT IN (SELECT article_id FROM article_versions)"
    )
    db.execute(
        "INSERT INTO articles_fts (rowid, title, text, captions, folded) SELECT articles.id, "
        "coalesce(title, ''), coalesce(text, ''), coalesce((SELECT group_concat(caption, char(10)) FROM images "
        "WHERE images.article_id = articles.id), ''), '' FROM articles"
    )


@migrations()
def m004_search_external_content(db: Database) -> None:
    """The search index reads its text from the articles (stored once) and indexes a đ-folded copy."""
    from archive.catalog.search import create_search_index

    create_search_index(db.conn)


@migrations()
def m010_replay_imports(db: Database) -> None:
    """`newsarchive import`: which outside files were imported, and the records in them known to be bad (so
    replay never serves them and `verify` reports them as known, not as new damage)."""
    db["replay_imports"].create(
        {
            "id": int,
            "imported_at": str,
            "source_path": str,  # the file as given on the command line
            "source_sha256": str,  # of the file as given (before any recompression)
            "warc_file": str,  # the copy in DATA/warc/
            "recompressed": int,  # 1 when gzip members had to be rewritten one per record
            "records": int,  # good records
            "bad_records": int,
            "captures": int,
            "duplicates": int,  # records the catalog already had from another file
            "articles": int,
        },
        pk="id",
        foreign_keys=[("warc_file", "warc_files", "name")],
    )
    db["replay_imports"].create_index(["source_sha256"])
    db["replay_import_damage"].create(
        {"warc_file": str, "warc_offset": int, "problem": str},
        pk=("warc_file", "warc_offset"),
        foreign_keys=[("warc_file", "warc_files", "name")],
    )


@migrations()
def m011_search_rank(db: Database) -> None:
    """Rank search results by BM25 with headline matches worth more than body and caption matches."""
    db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0, 1.0, 1.0)')")


@migrations()
def m012_discovery_and_article_fields(db: Database) -> None:
    """What discovery said of a capture (feed/sitemap fields, JSON), kept so re-extraction has the same hints;
    the article's categories and tags (JSON lists) and where its publication date came from."""
    db["captures"].add_column("discovery", str)
    db["articles"].add_column("categories", str)
    db["articles"].add_column("tags", str)
    db["articles"].add_column("published_from", str)


@migrations()
def m013_warc_record_lists(db: Database) -> None:
    """Each closed WARC file's record list (archive/recordlist.py), made as its records were written, so that
    `verify` need not inflate a file whose sha256 vouches for its bytes; `sha256` is the file's it was made from."""
    db["warc_record_lists"].create(
        {"name": str, "sha256": str, "records": int, "data": bytes},
        pk="name",
        foreign_keys=[("name", "warc_files", "name")],
        if_not_exists=True,
    )


@migrations()
def m014_pending_extraction_index(db: Database) -> None:
    """Article captures no run extracted yet (crawler/pending.py looks for them at the start of every crawl):
    a partial index, so that finding them does not read the whole captures table."""
    db.execute(
        "CREATE INDEX IF NOT EXISTS captures_pending_extraction ON captures(id) "
        "WHERE extract_status IS NULL AND page_kind = 'article'"
    )


@migrations()
def m015_discovery_lastmod(db: Database) -> None:
    """The edit marker discovery gave for a capture (a sitemap's `lastmod`, a feed item's `updated`), as a UTC
    moment when readable: a later listing with another value means the page was edited since that capture
    (crawler/middlewares/incremental.py re-fetches it, whatever its age). Captures made before: from their
    `discovery` JSON, as written."""
    db["captures"].add_column("discovery_lastmod", str)
    db.execute(
        "UPDATE captures SET discovery_lastmod = coalesce(json_extract(discovery, '$.lastmod'), "
        "json_extract(discovery, '$.\"feed:updated\"'), json_extract(discovery, '$.\"feed:modified\"'), "
        "json_extract(discovery, '$.\"feed:date_modified\"')) WHERE discovery IS NOT NULL AND json_valid(discovery)"
    )


@migrations()
def m016_page_kind_reasons_date_zones_conflicts(db: Database) -> None:
    """Why a capture was taken for an article or a listing (`page_kind_reason`: the evidence, e.g.
    "url:numeric-id+slug; markup:jsonld-NewsArticle"); where an article's time zone came from (`published_zone`:
    page, source, language, host); a discovery date more than a day from the page's own (`date_conflict`, JSON,
    with an index to find them); and the page's dateModified with each version."""
    db["captures"].add_column("page_kind_reason", str)
    db["articles"].add_column("published_zone", str)
    db["articles"].add_column("date_conflict", str)
    db["article_versions"].add_column("modified", str)
    db.execute(
        "CREATE INDEX IF NOT EXISTS articles_date_conflict ON articles(id) WHERE date_conflict IS NOT NULL"
    )


@migrations()
def m017_documents(db: Database) -> None:
    """PDF documents stored as articles: `articles.kind` ('html' or 'pdf') and where the text came from
    (`text_source`: the PDF's text layer or OCR); pending extraction covers documents (the partial index
    follows the query); `article_attachments` links a document to the page that linked it, both ways."""
    columns = db["articles"].columns_dict
    if "kind" not in columns:
        db.execute("ALTER TABLE articles ADD COLUMN kind TEXT NOT NULL DEFAULT 'html'")
    if "text_source" not in columns:
        db.execute("ALTER TABLE articles ADD COLUMN text_source TEXT")
    db.execute("DROP INDEX IF EXISTS captures_pending_extraction")
    db.execute(
        "CREATE INDEX IF NOT EXISTS captures_pending_documents ON captures(id) "
        "WHERE extract_status IS NULL AND page_kind IN ('article', 'document')"
    )
    db.execute("DROP VIEW IF EXISTS article_attachments")
    db.execute(
        "CREATE VIEW article_attachments AS "
        "SELECT page.id AS article_id, page.url AS article_url, doc.id AS document_id, doc.url AS document_url, "
        "doc.title AS document_title FROM articles doc "
        "JOIN captures c ON c.id = doc.capture_id "
        "JOIN article_urls u ON u.url = c.discovered_from "
        "JOIN articles page ON page.id = u.article_id "
        "WHERE doc.kind = 'pdf'"
    )


@migrations()
def m018_rendered_pages(db: Database) -> None:
    """Pages fetched through headless Chromium: `rendered` ('settled', or 'unsettled' when the scripts did
    not settle in time) and where the rendered DOM's conversion record is (same file as the response)."""
    db["captures"].add_column("rendered", str)
    db["captures"].add_column("rendered_offset", int)
    db["captures"].add_column("rendered_length", int)


@migrations()
def m019_listed_errors_index(db: Database) -> None:
    """The pages a sitemap listed that got a server error or a 429, found without reading every capture: an
    unchanged child sitemap is skipped only when none did (archive/catalog/lookups.py sitemap_unchanged)."""
    db.execute(
        "CREATE INDEX IF NOT EXISTS captures_listed_errors ON captures(discovered_from) "
        "WHERE status >= 500 OR status = 429"
    )


@migrations()
def m020_capture_identity(db: Database) -> None:
    """A capture is identified by its file and offset, not by its record id: other tools' files reuse ids (pywb's
    samples hold one id in several files for different records), so the index on the id is no longer unique.
    `normal_url` is the URL in its usual form beside `url`, the record's WARC-Target-URI as written; a record
    `import` kept although its payload digest does not match says so in `record_flaw`, and an import that lost
    the end of a file cut short says why in `replay_imports.truncated`."""
    db.execute("DROP INDEX IF EXISTS idx_captures_warc_record_id")
    db["captures"].create_index(["warc_record_id"], if_not_exists=True)
    db["captures"].add_column("normal_url", str)
    db["captures"].add_column("record_flaw", str)
    db["replay_imports"].add_column("truncated", str)  # why records at the end of the file were lost
    rows = db.execute("SELECT id, url FROM captures").fetchall()
    db.conn.executemany(
        "UPDATE captures SET normal_url = ? WHERE id = ?", [(normal_url(u), i) for i, u in rows]
    )
    db["captures"].create_index(["normal_url"], if_not_exists=True)
    db.execute(
        "CREATE INDEX IF NOT EXISTS captures_record_flaw ON captures(warc_file, warc_offset) "
        "WHERE record_flaw IS NOT NULL"
    )


@migrations()
def m021_failures(db: Database) -> None:
    """Fetches that failed without a complete response (timeouts, resets, DNS, truncations, size limits, robots
    refusals), one row each, rebuilt by `reindex` from the failure metadata records the crawl writes
    (archive/catalog/failures.py); and which captures hold a response cut short (its `WARC-Truncated` reason)."""
    db["failures"].create(
        {
            "id": int,
            "crawl_id": int,
            "source": str,
            "url": str,
            "failed_at": str,  # ISO 8601 UTC
            "reason": str,  # a short code: timeout, connection_reset, dns, truncated, size_limit, robots, ...
            "detail": str,  # what happened, in words (the error message, bytes kept, limits)
            "via": str,
            "discovered_from": str,
            "page_kind": str,
            "refers_to": str,  # the WARC-Record-ID of the truncated response kept, when one was
            "warc_file": str,  # where the failure's metadata record is (relative to DATA/warc/)
            "warc_offset": int,
            "warc_record_id": str,  # of that metadata record
        },
        pk="id",
        foreign_keys=[("crawl_id", "crawls", "id")],
        if_not_exists=True,
    )
    db["failures"].create_index(["warc_record_id"], unique=True, if_not_exists=True)
    db["failures"].create_index(["crawl_id", "reason"], if_not_exists=True)
    db["failures"].create_index(["source", "failed_at"], if_not_exists=True)
    db["failures"].create_index(["url"], if_not_exists=True)
    if "truncated" not in db["captures"].columns_dict:
        db["captures"].add_column("truncated", str)  # WARC-Truncated: length, time or disconnect


@migrations()
def m022_merged_crawls(db: Database) -> None:
    """`newsarchive merge`: which crawl of which shard each merged crawl was (`origin`: its start and
    settings), so that merging the same shard again adds nothing."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS merged_crawls (origin TEXT PRIMARY KEY, crawl_id INTEGER REFERENCES "
        "crawls(id), shard TEXT, shard_crawl_id INTEGER, merged_at TEXT)"
    )


@migrations()
def m023_listed_failures_index(db: Database) -> None:
    """The failures of the pages a sitemap listed, found without walking every failure of the crawl (robots
    refusals can be thousands): sitemap_unchanged asks once per child sitemap, 3,000 times a run for some."""
    db["failures"].create_index(["discovered_from", "crawl_id"], if_not_exists=True)


def migrate(db: Database) -> None:
    migrations.apply(db)
