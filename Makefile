# SCORE India review dashboard. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.DEFAULT_GOAL := help
.PHONY: help run test test-fast check format messages bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# --no-compile: pip's compiling every installed file to bytecode took 19 of a fresh
# install's 44 s; Python compiles what is imported, once, when it is first imported.
$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --no-compile --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet --no-compile --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime ## Serve the app on http://127.0.0.1:$(PORT) (creates the demo database on first start)
	$(PY) -m score_dash.serve run app.py --server.address 127.0.0.1 --server.port $(PORT)

# One run on two processes (pytest-xdist; the machine's two cores): each file's tests on one
# process, the longest files first, and the tests that share the PostgreSQL server of .ci/run
# (marked `serial`) on one process one after another (tests/conftest.py).
test: $(VENV)/.dev ## Run the whole suite: unit, AppTest and real-browser tests
	$(PY) -m pytest -n 2

test-fast: $(VENV)/.dev ## Unit and AppTest tiers only
	$(PY) -m pytest -n 2 tests/unit tests/app

# mypy, vulture and cog read their settings from pyproject.toml (vulture: its paths and
# vulture_whitelist.py); cog checks that README.md's tables are those the code writes.
check: $(VENV)/.dev ## Lint, format, layers (import-linter), types (mypy), dead code, README tables
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(VENV)/bin/vulture
	$(VENV)/bin/cog --check -I scripts README.md

format: $(VENV)/.dev ## Apply ruff's fixes and formatting; rewrite README.md's generated tables
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .
	$(VENV)/bin/cog -r -I scripts README.md

# The Hindi catalog (README, "Languages"): extract t("...") and N_("...") into the template and
# add new texts to score_dash/locale/hi/LC_MESSAGES/score_dash.po; the app compiles it at start.
messages: $(VENV)/.runtime ## Extract translatable text and update the Hindi catalog
	PYBABEL=$(VENV)/bin/pybabel sh scripts/messages.sh

# Not part of `make test`: timings are for reading, never pass/fail tests. Each PostgreSQL
# run starts its own throwaway server (as user postgres in a temporary directory, like .ci/run)
# and stops it whatever happens; SQLite databases are cached in bench/cache/.
BENCH_RUNS ?= 3
BENCH_SOAK ?= 180
BENCH_SCALES ?= 1 208
BENCH_DBS ?= sqlite postgresql
BENCH_NOTE ?=
BENCH_RESULTS = $(foreach d,$(BENCH_DBS),$(foreach s,$(BENCH_SCALES),bench/raw/$(d)-scale$(s).json))
bench: $(VENV)/.dev ## Benchmark demo and ~50,000 enterprises on SQLite and PostgreSQL (about 2 h): bench/results.md
	rm -f $(BENCH_RESULTS)
	$(foreach d,$(BENCH_DBS),$(foreach s,$(BENCH_SCALES),$(PY) scripts/benchmark.py --db $(d) --scale $(s) \
		--runs $(BENCH_RUNS) --soak-seconds $(BENCH_SOAK) --out bench/raw/$(d)-scale$(s).json &&)) true
	$(PY) scripts/bench_report.py $(BENCH_RESULTS) --out bench/results.md \
		$(if $(BENCH_NOTE),--note "$(BENCH_NOTE)")

clean: ## Remove the virtual environment and caches (keeps data/score.db)
	rm -rf $(VENV) .pytest_cache .ruff_cache
