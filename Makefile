# Two commands do everything on a fresh machine:
#   make demo   set up, ingest the sample playbooks, notes and deals, print a brief
#   make test   set up and run the whole test suite (what CI runs)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SIDELINE := $(VENV)/bin/sideline
SHARED ?= ../shared/data

.PHONY: help setup demo serve test lint shared-demo eval bench clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed  ## create .venv and install Sideline with its test tools

demo: setup  ## ingest playbooks/ and samples/, then print a brief for deal D-2001
	$(SIDELINE) ingest playbooks samples/notes samples/deals.json
	SIDELINE_REFERENCE_DATE=2026-12-04 $(SIDELINE) brief D-2001 --meeting discovery

serve: setup  ## serve the REST API on 127.0.0.1:8080
	$(SIDELINE) serve

test: setup  ## run the test suite
	$(PY) -m pytest -q

eval: setup  ## score briefs on the default model; exit 1 below evals/thresholds.toml
	$(SIDELINE) eval --suite briefs

bench: setup  ## benchmarks against same-run baselines (~15 min); JSON in bench/results/
	$(PY) -m bench

lint: setup  ## format check and lint
	$(VENV)/bin/ruff format --check . && $(VENV)/bin/ruff check .

shared-demo: setup  ## ingest the real handbooks, notes and CRM in $(SHARED), brief 5 deals, one 1:1 agenda
	$(SIDELINE) ingest $(SHARED)/playbooks
	$(SIDELINE) ingest --kind note --outcome won --vendor PostHog $(SHARED)/notes/posthog-customers
	$(SIDELINE) ingest --kind note --outcome churned --vendor PostHog $(SHARED)/notes/posthog-churn
	$(SIDELINE) ingest --kind note --sidecar samples/shared/decisions.sideline.yaml $(SHARED)/notes/decisions
	$(SIDELINE) ingest --kind deal $(SHARED)/crm/sales_pipeline.csv
	for d in $$($(SIDELINE) deals --stage prospecting --stage discovery --limit 300 \
	    | awk '$$3 != "-" {print $$1}' | head -5); do \
	  SIDELINE_REFERENCE_DATE=2017-12-31 $(SIDELINE) brief $$d --meeting discovery; done
	$(SIDELINE) agenda rep moses-frase --as-of 2018-01-01

clean:  ## remove local data (var/) but keep the environment
	rm -rf var
