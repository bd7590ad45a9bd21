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

.PHONY: help setup setup-python setup-node setup-dev frontend build-frontend run services test test-deps fonts lint typecheck bench bench-lists bench-repack bench-offers

help:
	@echo "make run        set up, build the frontend, start Koma (http://127.0.0.1:8000)"
	@echo "make test       set up, test packages, frontend build, ruff, mypy, ESLint, Vitest, pytest"
	@echo "make typecheck  mypy with django-stubs and djangorestframework-stubs"
	@echo "make setup      .venv + uv/pip install (when requirements.txt changed) + npm ci"
	@echo "make setup-dev  setup + the test and tooling packages (requirements-dev.txt)"
	@echo "make frontend   OpenAPI document (var/openapi.json) + frontend build"
	@echo "make test-deps  Debian chromium and fonts-noto-cjk when missing"
	@echo "make services   only embedded PostgreSQL + Valkey, prints export lines"
	@echo "make bench      bench/claim/run.py"
	@echo "make bench-lists  bench/lists/run.py (100,000-item job, wrk vs a DRF floor)"
	@echo "make bench-repack bench/repack/run.py (re-pack time of a job with 10,000 open units)"
	@echo "make bench-offers bench/offers/run.py (offers per second: 1,000 units, 200 workers)"

# Seconds since $$t0 (set with t0=$$(date +%s.%N)), for the phase lines of `make run`.
ELAPSED = $$(awk -v t0="$$t0" -v t1="$$(date +%s.%N)" 'BEGIN { printf "%.1f", t1 - t0 }')

# The Python packages (uv, pip as fallback: infra/scripts/install-python.sh) when
# requirements.txt changed and `npm ci` when package-lock.json changed, side by side; each only
# when its content hash differs from the stamp of the last install.
setup:
	@$(MAKE) --no-print-directory -j2 setup-python setup-node
	@# Message catalogues: backend/locale/*/LC_MESSAGES/django.po -> .mo (git-ignored).
	@$(VENV)/bin/pybabel -q compile -d backend/locale -D django

setup-python:
	@want=$$(sha256sum requirements.txt | cut -d' ' -f1); \
	if [ "$$(cat $(REQ_STAMP) 2>/dev/null)" != "$$want" ]; then \
		t0=$$(date +%s.%N); \
		echo "setup: Python packages (requirements.txt)"; \
		bash infra/scripts/install-python.sh $(VENV) $(PYTHON) requirements.txt; \
		echo "$$want" > $(REQ_STAMP); \
		echo "setup: Python packages installed in $(ELAPSED) s"; \
	fi

setup-node:
	@if [ -f frontend/package.json ]; then \
		want=$$(sha256sum frontend/package-lock.json | cut -d' ' -f1); \
		if [ "$$(cat $(NPM_STAMP) 2>/dev/null)" != "$$want" ]; then \
			t0=$$(date +%s.%N); \
			echo "setup: npm ci (frontend)"; \
			(cd frontend && npm ci --no-audit --no-fund --prefer-offline); \
			echo "$$want" > $(NPM_STAMP); \
			echo "setup: npm ci done in $(ELAPSED) s"; \
		fi; \
	fi

# The test, type-check and benchmark tools, on top of the runtime (`make run` does without them).
setup-dev: setup
	@want=$$(cat requirements.txt requirements-dev.txt | sha256sum | cut -d' ' -f1); \
	if [ "$$(cat $(DEV_STAMP) 2>/dev/null)" != "$$want" ]; then \
		echo "setup-dev: Python packages (requirements-dev.txt)"; \
		bash infra/scripts/install-python.sh $(VENV) $(PYTHON) requirements-dev.txt; \
		echo "$$want" > $(DEV_STAMP); \
	fi

frontend: setup
	@$(MAKE) --no-print-directory build-frontend

# The OpenAPI document (var/openapi.json), the TypeScript API types generated from it and the
# type check (what `npm run build` does before `vite build`), while `vite build` runs beside
# them: vite only strips types, so it needs neither the document nor the check. Both must pass.
build-frontend:
	@if [ ! -f frontend/package.json ]; then \
		echo "frontend: no frontend/package.json yet, skipping"; \
	else \
		t0=$$(date +%s.%N); \
		mkdir -p var; \
		(cd frontend && exec node_modules/.bin/vite build --logLevel warn) & vite=$$!; \
		if DATABASE_URL="$${DATABASE_URL:-$(SCHEMA_DB_URL)}" \
			DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-schema-generation-only}" \
			$(PY) backend/manage.py spectacular --file var/openapi.json --format openapi-json \
			&& (cd frontend && npm run --silent gen:api && node_modules/.bin/tsc -b); \
		then checked=0; else checked=$$?; fi; \
		if wait $$vite; then built=0; else built=$$?; fi; \
		if [ "$$checked" != 0 ] || [ "$$built" != 0 ]; then \
			echo "frontend: failed (type check $$checked, vite build $$built)"; exit 1; \
		fi; \
		echo "frontend: built and type-checked in $(ELAPSED) s"; \
	fi

test-deps:
	@$(ENSURE_PACKAGES)

fonts:
	@$(ENSURE_PACKAGES) fonts-noto-cjk

# The frontend builds while the launcher starts PostgreSQL and Valkey, migrates and seeds; the
# web server starts once both are done.
run: setup fonts
	$(PY) -m devstack run --build "$(MAKE) --no-print-directory build-frontend"

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

bench-repack: setup-dev
	$(PY) bench/repack/run.py
