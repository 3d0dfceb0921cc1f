# The README's two commands are `make demo` and `make test`; each sets itself up from scratch.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

# Browser tests drive Debian's Chromium (never `playwright install`, which downloads its own).
CHROMIUM := /usr/bin/chromium
APT_GET := $(shell [ "$$(id -u)" = 0 ] && echo apt-get || echo sudo apt-get)

.PHONY: setup browser demo test lint typecheck docs bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

$(CHROMIUM):
	$(APT_GET) update -qq
	DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y -qq --no-install-recommends chromium chromium-driver

browser: $(CHROMIUM)

demo: setup
	$(BIN)/defwatch demo

test: setup browser
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check .

typecheck: setup
	$(BIN)/mypy storage alerts crawler defwatch

# The four benchmarks of benchmarks/, each printing its figures (each takes minutes).
bench: setup
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	$(BIN)/python benchmarks/score.py
	$(BIN)/python benchmarks/long_article.py
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/poll.py
	$(BIN)/python benchmarks/review_load.py

docs: setup
	$(BIN)/python -m defwatch.cli_reference > docs/cli.md

clean:
	rm -rf $(VENV) demo-data .pytest_cache .mypy_cache .ruff_cache *.egg-info
