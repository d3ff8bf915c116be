# adstudio developer commands. Every target sets up what it needs (a venv under .venv).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# pytest-xdist workers: one per core; tests marked xdist_group share a worker (and its caches)
JOBS ?= auto
DIST := --dist loadgroup

.PHONY: run test lint unit integration browser bench policy-model intent-model eval gallery chromium postgres clean help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml
	@echo "==> Setting up $(VENV): adstudio and its dependencies (first run only; about 3-8 minutes"
	@echo "    on 2 cores: about 1.8 GB of packages from PyPI; nothing is downloaded after that)..."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,ray]'
	touch $(STAMP)
	@echo "==> $(VENV) is ready."

install: $(STAMP) ## Create .venv and install adstudio with its dev tools

run: $(STAMP) ## Serve the chat UI (/ui) and the HTTP API (/v1, /docs) at http://127.0.0.1:7860
	$(BIN)/adstudio serve

lint: $(STAMP) ## ruff, mypy and the import-layer contract (lint-imports)
	$(BIN)/ruff check cli api ui batch evals agent tools engines policy core prompts tests benchmarks docs
	$(BIN)/mypy
	$(BIN)/lint-imports

chromium: ## Install Debian's chromium for the browser tests (needs root or sudo)
	@bash scripts/ensure-chromium.sh

postgres: ## Install Debian's PostgreSQL programs for the storage tests (needs root or sudo)
	@bash scripts/ensure-postgres.sh

unit: $(STAMP) ## Unit tests only
	$(BIN)/pytest -n $(JOBS) $(DIST) tests/unit

test: $(STAMP) chromium postgres lint ## Everything: lint, types, unit, integration and browser tests
	$(BIN)/pytest -n $(JOBS) $(DIST) --durations=15

bench: $(STAMP) postgres ## Speed figures of the local engine, and the cutout against ground truth (not part of the tests)
	$(BIN)/python -m benchmarks.run
	$(BIN)/python -m benchmarks.api
	$(BIN)/python -m benchmarks.replicas
	$(BIN)/python -m benchmarks.batch
	$(BIN)/python -m benchmarks.cli
	$(BIN)/python -m benchmarks.policy
	$(BIN)/python -m benchmarks.cutout
	$(BIN)/python -m benchmarks.creative
	$(BIN)/python -m benchmarks.video
	$(BIN)/python -m benchmarks.provenance
	$(BIN)/python -m evals.language.report fresh fresh2 fresh3 fresh4 fresh5 fresh6 fresh7 fresh8 fresh9 fresh10 fresh11 fresh12 fresh13 fresh14 fresh15 fresh16 held_out

policy-model: $(STAMP) ## Train the ad policy's learned reader on the labelled cases (writes policy/semantic-model.npz)
	$(BIN)/python -m policy.training

intent-model: $(STAMP) ## Train the local planner's intent reader on the language suite's dev splits (writes agent/planner/intent-model.npz)
	$(BIN)/python -m evals.language.intent_training

eval: $(STAMP) ## Run the shipped eval suite and the language suite on the local engine (report in .adstudio/evals/latest)
	$(BIN)/python -m evals.language.report held_out fresh16 fresh15 fresh14 fresh13 fresh12 fresh11 fresh10 fresh9 fresh8 fresh7 fresh6 fresh5 fresh4 fresh3 fresh2 fresh tune
	rm -rf .adstudio/evals/latest
	$(BIN)/adstudio eval run default --engine local --out .adstudio/evals/latest

gallery: $(STAMP) ## Render the README gallery (docs/gallery.jpg) from the sample photos in tests/data/photos
	$(BIN)/python -m docs.gallery

clean: ## Remove the venv and local data
	rm -rf $(VENV) .adstudio .pytest_cache .mypy_cache .ruff_cache
