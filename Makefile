# Craftmarket: `make run` serves the marketplace on embedded defaults; `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Python 3.12 or newer: python3.13, else python3.12, else python3 (pyenv shims fail unless selected, so each
# candidate is run, not just looked up), else pyenv's own 3.13/3.12 builds.
PYTHON ?= $(shell for p in python3.13 python3.12 python3 $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.13*/bin/python3 $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.12*/bin/python3; do \
	if "$$p" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then echo "$$p"; break; fi; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
QUICK ?=

.PHONY: help install run test lint format worker bench messages migrate clean

help:
	@echo "make run     serve http://$(HOST):$(PORT) on embedded defaults (SQLite, eager Celery, demo data)"
	@echo "make test    run the whole test suite (uses DATABASE_URL / REDIS_URL when set)"
	@echo "make lint    ruff check and ruff format --check"
	@echo "make worker  Celery worker and beat against REDIS_URL"
	@echo "make bench   benchmark at 100 000 products on PostgreSQL (QUICK=1: 10 000)"

$(STAMP): requirements.txt requirements-dev.txt
	@if [ -z "$(PYTHON)" ]; then \
		echo "Craftmarket needs Python 3.12 or newer. Install python3.13 (or 3.12) and run make again." >&2; exit 1; fi
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

install: $(STAMP) messages

messages: $(STAMP)
	@$(BIN)/python manage.py compiletranslations --verbosity 0

migrate: install
	$(BIN)/python manage.py migrate --noinput

run: migrate
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: migrate
	@if [ -z "$$REDIS_URL" ]; then echo "Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) to run a worker." >&2; exit 1; fi
	$(BIN)/celery -A craftmarket worker --beat --loglevel=INFO -Q default,images,notifications --concurrency 2

bench: install
	$(BIN)/python -m $(if $(SCALE),bench.scale --sizes $(SCALE),bench $(if $(QUICK),--quick,))

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
