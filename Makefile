# Workbridge: `make run` serves the demo, `make test` runs the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000
# How often `make run` marks stopped imports failed and removes expired uploads.
SWEEP_SECONDS ?= 300
# Tests run on every core and name the thirty slowest; `make test PYTEST_ARGS=...` replaces this.
PYTEST_ARGS ?= -n auto --durations=30

# The first Python 3.12+ found: on PATH, then under pyenv.
PYTHON ?= $(shell for c in python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.13*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3 /root/.pyenv/versions/3.13*/bin/python3 /root/.pyenv/versions/3.12*/bin/python3; do \
	p=$$(command -v $$c 2>/dev/null) || continue; \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)

.PHONY: setup run serve test test-deep fuzz bench lint typecheck format migrate messages clean

$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON)" ]; then echo "Workbridge needs Python 3.12 or newer and found none on PATH or under pyenv. Install one, or run: make PYTHON=/path/to/python3.12" >&2; exit 1; fi
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,cliff]'
	@touch $(STAMP)

# The design system (USWDS) and htmx come from npm, pinned by package-lock.json.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	@if ! command -v npm >/dev/null 2>&1; then \
		echo "Workbridge's design system (USWDS) and htmx are installed with npm, and npm was not found." >&2; \
		echo "Install Node.js 20 or newer with npm (Debian: apt install nodejs npm), then run make again." >&2; \
		exit 1; fi
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(NODE_STAMP)

setup: $(STAMP) $(NODE_STAMP)
	@mkdir -p var
	$(PY) manage.py compilemessages --ignore=.venv -v 0
	$(PY) manage.py migrate --no-input -v 0
	$(PY) -c 'from workbridge.core.stats import compile_kernels; compile_kernels()'

run: setup
	$(PY) manage.py seed_demo --if-empty
	@$(PY) manage.py demo_logins
	@echo "Serving on http://127.0.0.1:$(PORT)/ with the task worker and the sweep beside it. Ctrl-C stops all."
	@trap 'kill 0' INT TERM EXIT; \
	while true; do $(PY) manage.py task_worker --queue-name '*'; \
		echo "The task worker stopped; starting it again." >&2; sleep 1; done & \
	$(PY) manage.py workbridge_sweep --every $(SWEEP_SECONDS) & \
	$(PY) manage.py runserver 127.0.0.1:$(PORT) --noreload & \
	wait

# `make serve` runs it as in production: PostgreSQL from DATABASE_URL, gunicorn with
# WEB_WORKERS processes, static files collected for WhiteNoise, JSON logs (README "Deploying").
WEB_WORKERS ?= 3
SERVE_VAR := $(or $(WORKBRIDGE_VAR_DIR),var)

serve: $(STAMP) $(NODE_STAMP)
	@if [ -z "$$DATABASE_URL" ] && [ "$$ALLOW_SQLITE" != 1 ]; then \
		echo "make serve runs Workbridge as in production, against PostgreSQL. Set DATABASE_URL, for example:" >&2; \
		echo "  DATABASE_URL=postgres://workbridge@127.0.0.1:5432/workbridge make serve" >&2; \
		echo "(ALLOW_SQLITE=1 make serve tries it on the SQLite file under $(SERVE_VAR)/ instead.)" >&2; \
		exit 2; fi
	@mkdir -p $(SERVE_VAR)
	@if [ -z "$$SECRET_KEY$$SECRET_KEY_FILE" ] && [ ! -s $(SERVE_VAR)/secret_key_production ]; then \
		(umask 077; $(PY) -c 'import secrets; print(secrets.token_urlsafe(60))' > $(SERVE_VAR)/secret_key_production) && \
		echo "Made a secret key for this trial in $(SERVE_VAR)/secret_key_production (set SECRET_KEY or SECRET_KEY_FILE for a real one)."; fi
	@if [ -z "$$SECRET_KEY$$SECRET_KEY_FILE" ]; then export SECRET_KEY_FILE=$(abspath $(SERVE_VAR))/secret_key_production; fi; \
	export WORKBRIDGE_ENV=production SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-0} \
		EMAIL_BACKEND=$${EMAIL_BACKEND:-file} PORT=$(PORT) WEB_WORKERS=$(WEB_WORKERS); \
	set -e; \
	$(PY) manage.py compilemessages --ignore=.venv -v 0; \
	$(PY) -c 'from workbridge.core.stats import compile_kernels; compile_kernels()'; \
	$(PY) manage.py migrate --no-input -v 1; \
	$(PY) manage.py collectstatic --no-input -v 0; \
	echo "Serving on http://127.0.0.1:$(PORT)/ as in production: gunicorn with $(WEB_WORKERS) workers, the task worker and the sweep beside it. Ctrl-C stops all."; \
	[ "$$EMAIL_BACKEND" != file ] || echo "Mail is written to files under $${EMAIL_FILE_PATH:-$(SERVE_VAR)/mail} (set EMAIL_BACKEND=smtp and EMAIL_HOST to send it)."; \
	set +e; \
	trap 'kill 0' INT TERM EXIT; \
	while true; do $(PY) manage.py task_worker --queue-name '*'; \
		echo "The task worker stopped; starting it again." >&2; sleep 1; done & \
	$(PY) manage.py workbridge_sweep --every $(SWEEP_SECONDS) >/dev/null & \
	$(VENV)/bin/gunicorn --config python:workbridge.gunicorn_conf & \
	wait

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

# Property tests with fresh random examples, twenty times as many as `make test` draws.
test-deep: setup
	HYPOTHESIS_PROFILE=deep $(PY) -m pytest $(PYTEST_ARGS) -m "not e2e" tests/core tests/equity

# The API against its OpenAPI document, fuzzed over HTTP with each role's token (a few minutes).
fuzz: setup
	$(PY) -m pytest -m fuzz -p no:cacheprovider tests/api/test_schema_fuzz.py

bench: setup
	$(PY) -m benchmarks $(BENCH_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

# mypy: the core strictly, the services with Django's types (files and settings in
# pyproject.toml, cache in .mypy_cache).
typecheck: $(STAMP)
	$(VENV)/bin/mypy

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: setup
	$(PY) manage.py makemessages -l es --ignore=.venv --ignore=node_modules --ignore=tests --ignore=benchmarks
	$(PY) manage.py makemessages -d djangojs -l es --ignore=.venv --ignore=node_modules --ignore=tests --ignore=benchmarks

clean:
	rm -rf $(VENV) var
