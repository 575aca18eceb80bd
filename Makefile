# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# One test process per core; a file's tests stay together (shared fixtures, one Redis db each).
PYTEST_ARGS ?= -n auto --dist loadfile

.DEFAULT_GOAL := help
.PHONY: help run test lint bench load syscheck lock

help: ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 oder neuer wird benötigt.")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $@

syscheck: $(VENV)/.installed
	@$(PY) -m integration_site.ops.syscheck

run: syscheck ## set up everything and serve the demo on 127.0.0.1:$(PORT)
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: syscheck ## run the test suite (SQLite, or PostgreSQL when DATABASE_URL names one)
	$(PY) -m pytest $(PYTEST_ARGS)

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
