# One-command entry points (see README): `make serve` runs the product, `make test` runs
# every test. Both work on a fresh machine: they create .venv and install what they need.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
WEB_SOURCES := $(shell find web/src web/public web/index.html web/sandbox.html web/vite.config.ts web/tsconfig.json -type f 2>/dev/null)

# FerretDB (a MongoDB wire-protocol server, pure Go with its SQLite handler) for the MongoDB
# backend's tests; built once with the preinstalled Go into a cache that is not committed
# (.ci/build-ferretdb says why it is not a bare `go install …@version`).
FERRETDB_VERSION := v1.24.2
FERRETDB := .cache/bin/ferretdb

.PHONY: serve test lint typecheck test-web test-py bench fuzz install clean system-packages ferretdb

$(BIN)/codesync: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	touch $@

tests/js/node_modules/.package-lock.json: tests/js/package.json tests/js/package-lock.json
	cd tests/js && npm ci --no-audit --no-fund --loglevel=error
	touch $@

bench/node_modules/.package-lock.json: bench/package.json bench/package-lock.json
	cd bench && npm ci --no-audit --no-fund --loglevel=error
	touch $@

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run build --silent

install: $(BIN)/codesync web/dist/index.html

serve: install
	$(BIN)/codesync serve

lint: $(BIN)/codesync
	$(BIN)/ruff check server crdt_store tests bench
	$(BIN)/ruff format --check server crdt_store tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

# The web type check, its layer rules (dependency-cruiser, web/.dependency-cruiser.cjs), Vitest.
test-web: web/node_modules/.package-lock.json
	cd web && npx tsc --noEmit && npx depcruise --config .dependency-cruiser.cjs src && npx vitest run

$(FERRETDB):
	bash .ci/build-ferretdb $(FERRETDB_VERSION) .cache/bin

ferretdb: $(FERRETDB)

test-py: install tests/js/node_modules/.package-lock.json $(FERRETDB)
	$(BIN)/python -m pytest

# Debian's redis-server and chromium, installed when missing (sudo when not root).
system-packages:
	bash .ci/system-packages

test: system-packages lint test-web test-py

bench: install bench/node_modules/.package-lock.json
	$(BIN)/python bench/run.py --scenario all

# A longer run of the receive-path fuzz target than `make test`'s (random, not the fixed set).
fuzz: $(BIN)/codesync
	CODESYNC_FUZZ_EXAMPLES=20000 $(BIN)/python -m pytest -q tests/hostile/test_fuzz_receive.py

clean:
	rm -rf $(VENV) web/node_modules web/dist tests/js/node_modules bench/node_modules .cache
