# Koma — one entry point for running, testing and benchmarking.
#   make run     set up, build the frontend, start everything (embedded PostgreSQL and Valkey)
#   make test    set up, test system packages, frontend build, ruff, mypy, ESLint, pytest
#   make help    list the targets
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUFF := $(VENV)/bin/ruff
PYTEST_ARGS ?=
TEST_SETTINGS ?= config.settings_test
ENSURE_PACKAGES := infra/scripts/ensure-test-packages.sh
REQ_STAMP := $(VENV)/.requirements.sha256
DEV_STAMP := $(VENV)/.requirements-dev.sha256
NPM_STAMP := frontend/node_modules/.package-lock.sha256
# Settings refuse to load without DATABASE_URL; generating the OpenAPI document needs no
# database, so a placeholder socket URL is used when none is set (a real query would fail).
SCHEMA_DB_URL := postgresql://postgres@/postgres?host=/nonexistent

export PYTHONPATH := $(CURDIR)/backend:$(CURDIR)/worker$(if $(PYTHONPATH),:$(PYTHONPATH))
export DJANGO_SETTINGS_MODULE ?= config.settings
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help setup setup-dev frontend run services test test-deps fonts lint typecheck bench bench-lists bench-offers

help:
	@echo "make run        set up, build the frontend, start Koma (http://127.0.0.1:8000)"
	@echo "make test       set up, test packages, frontend build, ruff, mypy, ESLint, Vitest, pytest"
	@echo "make typecheck  mypy with django-stubs and djangorestframework-stubs"
	@echo "make setup      .venv + pip install (when requirements.txt changed) + npm ci"
	@echo "make setup-dev  setup + the test and tooling packages (requirements-dev.txt)"
	@echo "make frontend   OpenAPI document (var/openapi.json) + frontend build"
	@echo "make test-deps  Debian chromium and fonts-noto-cjk when missing"
	@echo "make services   only embedded PostgreSQL + Valkey, prints export lines"
	@echo "make bench      bench/claim/run.py"
	@echo "make bench-lists  bench/lists/run.py (100,000-item job, wrk vs a DRF floor)"
	@echo "make bench-offers bench/offers/run.py (offers per second: 1,000 units, 200 workers)"

$(PY):
	$(PYTHON) -m venv $(VENV)

# pip install only when requirements.txt changed (content hash in a stamp inside .venv);
# npm ci only when frontend/package-lock.json changed (stamp inside node_modules).
setup: $(PY)
	@want=$$(sha256sum requirements.txt | cut -d' ' -f1); \
	if [ "$$(cat $(REQ_STAMP) 2>/dev/null)" != "$$want" ]; then \
		echo "setup: pip install -r requirements.txt"; \
		$(PY) -m pip install -r requirements.txt; \
		echo "$$want" > $(REQ_STAMP); \
	fi
	@if [ -f frontend/package.json ]; then \
		want=$$(sha256sum frontend/package-lock.json | cut -d' ' -f1); \
		if [ "$$(cat $(NPM_STAMP) 2>/dev/null)" != "$$want" ]; then \
			echo "setup: npm ci (frontend)"; \
			(cd frontend && npm ci --no-audit --no-fund); \
			echo "$$want" > $(NPM_STAMP); \
		fi; \
	fi
	@# Message catalogues: backend/locale/*/LC_MESSAGES/django.po -> .mo (git-ignored).
	@$(VENV)/bin/pybabel -q compile -d backend/locale -D django

# The test, type-check and benchmark tools, on top of the runtime (`make run` does without them).
setup-dev: setup
	@want=$$(cat requirements.txt requirements-dev.txt | sha256sum | cut -d' ' -f1); \
	if [ "$$(cat $(DEV_STAMP) 2>/dev/null)" != "$$want" ]; then \
		echo "setup-dev: pip install -r requirements-dev.txt"; \
		$(PY) -m pip install -r requirements-dev.txt; \
		echo "$$want" > $(DEV_STAMP); \
	fi

frontend: setup
	@if [ ! -f frontend/package.json ]; then \
		echo "frontend: no frontend/package.json yet, skipping"; \
	else \
		mkdir -p var; \
		DATABASE_URL="$${DATABASE_URL:-$(SCHEMA_DB_URL)}" \
		DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-schema-generation-only}" \
			$(PY) backend/manage.py spectacular --file var/openapi.json --format openapi-json; \
		(cd frontend && npm run build); \
	fi

test-deps:
	@$(ENSURE_PACKAGES)

fonts:
	@$(ENSURE_PACKAGES) fonts-noto-cjk

run: setup fonts frontend
	$(PY) -m devstack run

services: setup
	$(PY) -m devstack services

lint: setup-dev
	$(RUFF) check .
	$(RUFF) format --check .

# pytest's exit code is the recipe's: 5 (no tests collected) fails the build like any failure.
test: setup-dev test-deps frontend
	$(RUFF) check .
	$(RUFF) format --check .
	$(MAKE) --no-print-directory typecheck
	cd frontend && npm run lint && npm test -- --run
	DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) $(PY) -m pytest $(PYTEST_ARGS)

# mypy with django-stubs and djangorestframework-stubs (pyproject.toml [tool.mypy]); settings
# load without a database, as for the OpenAPI document.
typecheck: setup-dev
	DATABASE_URL="$(SCHEMA_DB_URL)" DJANGO_SECRET_KEY=typecheck-only $(PY) -m mypy

bench: setup-dev
	@if [ -f bench/claim/run.py ]; then \
		$(PY) bench/claim/run.py; \
	else \
		echo "bench: bench/claim/run.py not present yet"; \
	fi

bench-offers: setup-dev
	$(PY) bench/offers/run.py

# Installs wrk through $(ENSURE_PACKAGES) when missing (the script does it too).
bench-lists: setup-dev
	@$(ENSURE_PACKAGES) wrk
	$(PY) bench/lists/run.py
