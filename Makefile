# Short verbs people type. Everything installs into .venv; nothing relies on a hand install.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench bench-quick install clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## make run: migrate, load the demo school, start web server + workers on the embedded defaults
## (another port or address: make run RUN_ARGS="--port 8080 --host 0.0.0.0")
run: $(STAMP)
	$(BIN)/teameval run --demo $(RUN_ARGS)

## make test: the whole suite (set TEAMEVAL_TEST_DATABASE_URL / _REDIS_URL for servers)
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests migrations
	$(BIN)/ruff format --check src tests migrations
	$(BIN)/mypy src

bench: $(STAMP)
	$(BIN)/python -m bench.run --full

bench-quick: $(STAMP)
	$(BIN)/python -m bench.run --quick

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
