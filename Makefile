# Workbridge: `make run` serves the demo, `make test` runs the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000
# How often `make run` marks stopped imports failed and removes expired uploads.
SWEEP_SECONDS ?= 300
# Tests run on every core; `make test PYTEST_ARGS=...` replaces this.
PYTEST_ARGS ?= -n auto

# The first Python 3.12+ found: on PATH, then under pyenv.
PYTHON ?= $(shell for c in python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.13*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3 /root/.pyenv/versions/3.13*/bin/python3 /root/.pyenv/versions/3.12*/bin/python3; do \
	p=$$(command -v $$c 2>/dev/null) || continue; \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)

.PHONY: setup run test test-deep fuzz bench lint format migrate messages clean

$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON)" ]; then echo "Workbridge needs Python 3.12 or newer and found none on PATH or under pyenv. Install one, or run: make PYTHON=/path/to/python3.12" >&2; exit 1; fi
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)
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

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: setup
	$(PY) manage.py makemessages -l es --ignore=.venv --ignore=tests --ignore=benchmarks
	$(PY) manage.py makemessages -d djangojs -l es --ignore=.venv --ignore=tests --ignore=benchmarks

clean:
	rm -rf $(VENV) var
