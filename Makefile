# Short verbs people type. Everything installs into .venv; nothing relies on a hand install.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The lock files (docs/DEPENDENCIES.md): every package pinned, with the hashes pip checks.
LOCK := requirements/dev.txt
PIP_COMPILE := $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links

.PHONY: run test lint bench bench-quick install lock upgrade clean

# The locked packages first (pip itself among them), then this project without its
# dependencies: nothing is resolved at install time, so every machine gets the same set.
$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

## make lock: after editing the dependencies in pyproject.toml, pin what changed (keeps the rest)
## make upgrade: every package to its newest release allowed by pyproject.toml
## (one package: make lock LOCK_ARGS="--upgrade-package redis")
lock: $(STAMP)
	$(PIP_COMPILE) $(LOCK_ARGS) -o requirements/runtime.txt pyproject.toml
	$(PIP_COMPILE) $(LOCK_ARGS) --extra dev -c requirements/runtime.txt -o $(LOCK) pyproject.toml

upgrade:
	$(MAKE) lock LOCK_ARGS="--upgrade"

## make run: migrate, load the demo school, start web server + workers on the embedded defaults
## (another port or address: make run RUN_ARGS="--port 8080 --host 0.0.0.0")
run: $(STAMP)
	$(BIN)/teameval run --demo $(RUN_ARGS)

# The browser tests drive Debian's Chromium (Playwright cannot download a browser here): a fresh
# machine gets it from apt the first time `make test` runs (as root, or through sudo).
CHROMIUM := /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

## make test: the whole suite (set TEAMEVAL_TEST_DATABASE_URL / _REDIS_URL for servers), in
## TEST_PROCS parallel processes (TEST_PROCS=0: one process)
TEST_PROCS ?= 3
test: $(STAMP) $(CHROMIUM)
	$(BIN)/python -m pytest -n $(TEST_PROCS) --dist worksteal $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy src

bench: $(STAMP)
	$(BIN)/python -m bench.run --full

bench-quick: $(STAMP)
	$(BIN)/python -m bench.run --quick

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
