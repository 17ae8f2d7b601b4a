# Wegweiser — two commands for a fresh machine:
#   make run    install, prepare the database with demo content, train if needed, start everything
#   make test   install and run the whole test suite
SHELL := /bin/bash
.DEFAULT_GOAL := help
WEGWEISER := .venv/bin/wegweiser
PY := .venv/bin/python

POSTGRES_TESTS := tests/web tests/integration/content tests/integration/db tests/integration/cli

.PHONY: help install run test test-postgres lint typecheck locales engine-lock lock bench

help:
	@echo "make run    start Wegweiser locally (chat page at http://127.0.0.1:8080/chat)"
	@echo "make test   run the whole test suite"
	@echo "make lint   ruff and mypy"
	@echo "make bench  every speed figure (about 15 minutes): bench/results.json, a row in docs/performance.md"

install:
	@scripts/install.sh
	@$(MAKE) --no-print-directory locales

locales:
	@$(PY) -m bot.i18n.catalogues compile

run: install
	@$(WEGWEISER) db upgrade
	@$(WEGWEISER) content seed
	@$(WEGWEISER) train --activate
	@exec $(WEGWEISER) up

# The whole suite on SQLite, then every test that touches the database once more on PostgreSQL
# (127.0.0.1:5432, already running; see docs/architecture.md "Tests").
test: install
	@scripts/test-setup.sh
	@$(PY) -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)
	@$(MAKE) --no-print-directory test-postgres

test-postgres:
	@WEGWEISER_TEST_DATABASE=postgresql $(PY) -m pytest -n 2 --dist loadfile \
		$(or $(POSTGRES_ARGS),$(POSTGRES_TESTS))

bench: install
	@$(PY) bench/suite.py $(BENCH_ARGS)

lint:
	@.venv/bin/ruff check bot actions tests bench engine
	@.venv/bin/ruff format --check bot actions tests bench engine
	@.venv/bin/mypy

engine-lock:
	.tools/bin/uv pip compile -q engine/requirements.in --python-version 3.11 \
		--python-platform x86_64-unknown-linux-gnu --overrides engine/overrides.txt \
		--generate-hashes -o engine/requirements.lock

lock:
	.tools/bin/uv lock
