# newsarchive: `make demo` and `make test` set everything up on first use (Python 3.11+ and make only).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup replay-env chromium ocr redis demo test lint format eval bench clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit("newsarchive needs Python 3.11 or newer" if sys.version_info < (3, 11) else 0)'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# pywb and wacz pin old redis/werkzeug: they get their own environment, used as separate processes.
REPLAY_VENV := .venv-replay
REPLAY_STAMP := $(REPLAY_VENV)/.installed

$(REPLAY_STAMP): requirements-replay.txt
	test -x $(REPLAY_VENV)/bin/python || $(PYTHON) -m venv $(REPLAY_VENV)
	$(REPLAY_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(REPLAY_VENV)/bin/python -m pip install --quiet -r requirements-replay.txt
	touch $(REPLAY_STAMP)

replay-env: $(REPLAY_STAMP)

# The browser tests (Datasette, replay, the report) drive Debian's chromium; installed here, once, never by a test.
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else \
	    echo "chromium is missing: run \`sudo apt-get install chromium\` (the browser tests need it)"; exit 1; \
	  fi; }

# OCR of PDF scans (NEWSARCHIVE_OCR=1) uses Debian's tesseract with its Vietnamese data; installed here, once.
ocr:
	@command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-vie; \
	  else \
	    echo "tesseract is missing: run \`sudo apt-get install tesseract-ocr tesseract-ocr-vie\` (the OCR test needs it)"; exit 1; \
	  fi; }

# The shared-crawl tests (crawl --frontier) start Debian's redis-server on a free loopback port; installed here, once.
redis:
	@command -v redis-server >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server; \
	  else \
	    echo "redis-server is missing: run \`sudo apt-get install redis-server\` (the shared-crawl tests need it)"; exit 1; \
	  fi; }

# The demo prepares replay too, so that every command its summary suggests works.
demo: setup replay-env
	$(BIN)/newsarchive demo

test: setup replay-env chromium ocr redis
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Benchmark (not part of `make test`): `make bench`, `make bench N=20000`; see docs/benchmark.md.
N ?= 2000
bench: setup redis
	$(BIN)/python -m bench.run --n $(N)

# Extraction quality against plain trafilatura (../shared/data/aeb and tests/fixtures/pages); fails if our F1 is lower.
eval: setup
	$(BIN)/python bench/eval_extraction.py

clean:
	rm -rf $(VENV) .venv-replay build *.egg-info demo-data .pytest_cache .ruff_cache
