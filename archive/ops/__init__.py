"""Whole-archive operations, each a command's library half. Its modules are imported where used (they pull in
extraction, sqlite and process pools), so this package imports nothing itself:

- `extraction`   extract and store: `article_rows`, `ExtractionRun`, `extract_captures`, `store_extraction`
- `reindex`      `reindex(data_dir)`: the catalog rebuilt from the WARC files
- `importing`    `import_files(data_dir, paths)`: other tools' WARC, ARC and WACZ files (+ `importread`,
                 `importreport`)
- `export`       `export_jsonl`, `export_parquet`, `export_text`
- `report/`      `newsarchive report`: one self-contained HTML page of figures and charts
- `verify/`      `verify_archive(data_dir)`: fixity and consistency
- `lock`         `DataLock`: one run per data directory"""

from __future__ import annotations

__all__ = ["export", "extraction", "importing", "lock", "reindex", "report", "verify"]
