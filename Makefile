# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Exported: settings.SITE_URL (links in e-mails) follows the port the demo is served on.
export PORT
# One test process per core; a file's tests stay together (shared fixtures, one Redis db each).
PYTEST_ARGS ?= -n auto --dist loadfile

.DEFAULT_GOAL := help
.PHONY: help run test test-quick lint bench load syscheck lock messages

help: ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 oder neuer wird benötigt.")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $@

syscheck: $(VENV)/.installed
	@$(PY) -m integration_site.ops.syscheck

run: syscheck ## set up everything and serve the demo on 127.0.0.1:$(PORT) (with the task worker)
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo
	@# The task worker (PDFs, imports, mail) runs beside the server and stops with it.
	@$(PY) manage.py worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# PYTEST_EXTRA adds options to the defaults (.ci/run: -m "not crawl" in the PostgreSQL pass).
test: syscheck ## run the test suite (SQLite, or PostgreSQL when DATABASE_URL names one)
	$(PY) -m pytest $(PYTEST_ARGS) $(PYTEST_EXTRA)

# For developers between changes: keeps the test database (--reuse-db; after a new migration
# run `make test` once, or add --create-db) and leaves out the slow tests and the site crawls.
# --reuse-db saves the migrations on PostgreSQL (DATABASE_URL); SQLite's test database lives in
# memory and is always new. CI runs `make test`: a fresh database and every test.
QUICK_ARGS ?= --reuse-db -m "not slow and not crawl"
test-quick: syscheck ## the test suite without slow tests and crawls, reusing the test database
	$(PY) -m pytest $(PYTEST_ARGS) $(QUICK_ARGS)

lint: $(VENV)/.installed ## ruff and the migration check
	@mkdir -p var
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

bench: $(VENV)/.installed ## print the benchmark figures
	@for script in benchmarks/bench_*.py; do [ -e "$$script" ] || continue; echo "== $$script"; $(PY) $$script || exit 1; done

load: $(VENV)/.installed ## load test: 20 people, 60 s, gunicorn + PostgreSQL (DATABASE_URL)
	$(PY) benchmarks/load_test.py $(LOAD_ARGS)

lock: $(VENV)/.installed ## pin and hash the production dependencies into requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 --quiet -o requirements.lock

# The options the catalogue test (tests/site/test_translations.py) extracts with; keep them alike.
MAKEMESSAGES_ARGS := --no-location --no-obsolete --ignore=tests --ignore=benchmarks --ignore=docs --ignore=static --ignore=var

messages: $(VENV)/.installed ## extract every string into locale/ (de, en) and compile; needs gettext
	$(PY) manage.py makemessages -l de -l en $(MAKEMESSAGES_ARGS)
	@# The German catalogue is complete by construction: its translation is the source text
	@# (emptied first, so that no fuzzy match from makemessages survives).
	msgfilter --keep-header --no-wrap -i locale/de/LC_MESSAGES/django.po -o locale/de/LC_MESSAGES/django.po sed -e d
	msgen --no-wrap -o locale/de/LC_MESSAGES/django.po locale/de/LC_MESSAGES/django.po
	$(PY) manage.py compilemessages --ignore=.venv
