# nyte developer tasks. Every target bootstraps .venv from the hashed lock on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-slow check lint typecheck imports bench lock clean

$(STAMP): requirements/lock.txt requirements/build.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/build.txt -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/nyte demo

test: $(STAMP)
	$(BIN)/python -m pytest

# The slow lane: SIGKILL trials at seeded random points (NYTE_CRASH_SEED) and the tmux run.
test-slow: $(STAMP)
	$(BIN)/python -m pytest -m slow

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

imports: $(STAMP)
	$(BIN)/lint-imports

check: lint typecheck imports test

bench: $(STAMP)
	$(BIN)/python bench/run.py

# Regenerate the hashed locks (needs uv on PATH; the locks name no index host).
lock:
	uv pip compile pyproject.toml --extra dev --generate-hashes --no-strip-extras --python-version 3.11 --no-header -o requirements/lock.txt
	uv pip compile requirements/build.in --generate-hashes --python-version 3.11 --no-header -o requirements/build.txt

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
