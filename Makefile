# libgraph — make help lists the targets.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
CORPUS ?= corpus
OUT ?= build
FORMAT ?= ttl
EXPORTS ?= exports
GOLD ?= ../shared/eval/gold
STAMP := $(VENV)/.installed
VENDOR := src/libgraph/server/static/vendor
VENDOR_STAMP := $(VENDOR)/.installed

.DEFAULT_GOAL := help
.PHONY: help install system-packages build-graph serve bench bench-build bench-endpoint bench-load bench-scale bench-search test test-fast lint typecheck export score evaluate bench stats clean lock
EVAL ?=
SIZES ?= 100 1000

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	@test -n "$(PYTHON)" || { echo "Python 3.11+ is needed (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

$(VENDOR_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then \
	    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && \
	    mkdir -p $(VENDOR) && \
	    cp node_modules/@zazuko/yasgui/build/yasgui.min.js node_modules/@zazuko/yasgui/build/yasgui.min.css \
	       node_modules/cytoscape/dist/cytoscape.min.js node_modules/swagger-ui-dist/swagger-ui-bundle.js \
	       node_modules/swagger-ui-dist/swagger-ui.css $(VENDOR)/ && touch $@; \
	else echo "npm not found: the query page will use its plain editor (install Node.js for YASGUI)"; fi

install: $(STAMP) $(VENDOR_STAMP) ## Create .venv, install the pinned Python and front-end dependencies

build-graph: $(STAMP) $(VENDOR_STAMP) ## Build the graph of CORPUS (default corpus/) into OUT (default build/)
	$(BIN)/libgraph build --corpus $(CORPUS) --out $(OUT)

$(OUT)/build-info.json: $(STAMP) $(shell find $(CORPUS) -type f 2>/dev/null)
	$(BIN)/libgraph build --corpus $(CORPUS) --out $(OUT)

serve: $(OUT)/build-info.json ## Serve OUT as a SPARQL endpoint (builds first when missing or stale)
	$(BIN)/libgraph serve --build-dir $(OUT)

system-packages: ## Install the Debian packages the tests drive (Chromium, ChromeDriver, Virtuoso) when root
	@scripts/system-packages

test: $(STAMP) $(VENDOR_STAMP) system-packages ## Run the whole test suite (installs what it drives when it can)
	$(BIN)/python -m pytest -q

test-fast: $(STAMP) ## Run the tests that do not load the spaCy model
	$(BIN)/python -m pytest -q -m "not slow"

lint: $(STAMP) ## Lint (ruff) and type-check (mypy) the sources
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

export: $(STAMP) ## Export the built graph outside it: make export FORMAT=ttl|nt|nq|trig|jsonld|xml|csv|gexf|graphml
	$(BIN)/libgraph export --build-dir $(OUT) --format $(FORMAT) --output $(EXPORTS)/graph.$(FORMAT)
	@echo "wrote $(EXPORTS)/graph.$(FORMAT)"

stats: $(STAMP) ## Counts of the built graph
	$(BIN)/libgraph stats --build-dir $(OUT)

score: $(STAMP) ## Score OUT/graph.ttl against gold annotations (GOLD=dir)
	$(BIN)/python ../shared/eval/score.py --gold $(GOLD) $(OUT)/graph.ttl

evaluate: $(STAMP) ## Score the seed build against eval/gold; with EVAL=DIR also DIR/dev (its corpus and gold)
	$(BIN)/libgraph build --corpus corpus --out build
	$(BIN)/libgraph evaluate --gold eval/gold
	@if [ -n "$(EVAL)" ]; then \
	    $(BIN)/libgraph build --corpus $(EVAL)/dev/corpus --out eval-dev-build && \
	    $(BIN)/libgraph evaluate --gold $(EVAL)/dev/gold eval-dev-build/graph.ttl; fi

bench: bench-build bench-endpoint bench-load bench-scale ## All benchmarks (figures in docs/benchmarks.md)

bench-build: $(STAMP) ## The whole build against bare spaCy nlp.pipe (same run)
	$(BIN)/python benchmarks/bench_build.py --corpus $(CORPUS) --repeat 3

bench-endpoint: $(STAMP) ## The endpoint against pyoxigraph, oxigraph serve and rdflib-endpoint (same run)
	$(BIN)/python benchmarks/bench_endpoint.py --repeat 15 --seconds 10

bench-search: $(STAMP) ## Latency of /search as a person types, on the build in BUILD (default build/)
	$(BIN)/python benchmarks/bench_search.py --build-dir $(or $(BUILD),build)

bench-scale: $(STAMP) ## Build time, memory, incremental rebuild at SIZES synthetic articles (default 100 1000)
	$(BIN)/python benchmarks/bench_scale.py --sizes $(SIZES)

bench-load: $(STAMP) ## 200 clients for 60 s, cheap and pathological queries, on loopback
	$(BIN)/python benchmarks/load_test.py --clients 200 --seconds 60 --timeout 5

lock: $(STAMP) ## Re-pin requirements.lock from pyproject.toml (with hashes)
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --extra dev --extra dask --allow-unsafe \
	    --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

clean: ## Remove build outputs and caches (keeps .venv)
	rm -rf $(OUT) .$(OUT).previous .pytest_cache .ruff_cache .mypy_cache src/*.egg-info node_modules $(VENDOR)
	find . -name __pycache__ -type d -prune -not -path './$(VENV)/*' -exec rm -rf {} +
