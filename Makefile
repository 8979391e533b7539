# SCORE India review dashboard. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.DEFAULT_GOAL := help
.PHONY: help run test test-fast check format clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime ## Serve the app on http://127.0.0.1:$(PORT) (creates the demo database on first start)
	$(PY) -m streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT)

test: $(VENV)/.dev ## Run the whole suite: unit, AppTest and real-browser tests
	$(PY) -m pytest

test-fast: $(VENV)/.dev ## Unit and AppTest tiers only
	$(PY) -m pytest tests/unit tests/app

check: $(VENV)/.dev ## Lint and format check (ruff)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.dev ## Apply ruff's fixes and formatting
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

clean: ## Remove the virtual environment and caches (keeps data/score.db)
	rm -rf $(VENV) .pytest_cache .ruff_cache
