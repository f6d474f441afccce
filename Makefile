# Study Circle: `make run` to try it, `make test` to check it.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run demo worker test test-postgres lint format bench clean

help:
	@echo "make run    install, migrate, load the demo course, index it, serve on http://$(HOST):$(PORT)"
	@echo "make test   the whole test suite (browser tests need Debian's chromium)"
	@echo "make lint   ruff check"
	@echo "make bench  the benchmarks in bench/, printing their figures"

# The virtualenv is rebuilt when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Study Circle needs Python 3.11 ($(PYTHON) not found)."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $@

install: $(VENV)/.installed

demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) update_index

run: demo
	@echo ""
	@echo "  Study Circle is starting on http://$(HOST):$(PORT)/"
	@$(MANAGE) demo_logins --base-url http://$(HOST):$(PORT)
	@echo "  The task worker runs beside the site. Stop both with Ctrl+C."
	@echo ""
	@trap 'kill 0' INT TERM EXIT; \
	  $(MANAGE) db_worker --queue-name '*' --interval 0.5 --no-reload & \
	  $(MANAGE) runserver $(HOST):$(PORT)

worker: install
	$(MANAGE) db_worker --queue-name '*'

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(PY) -m bench

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
