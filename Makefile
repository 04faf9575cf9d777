# frontlog: two commands do all set-up on a fresh machine.
#   make demo   - create .venv, install, ingest the bundled samples into frontlog.db, print a summary
#   make test   - create .venv, install (with test tools), run the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= frontlog.db

.PHONY: install demo test lint serve bench eval clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/frontlog ingest src/frontlog/samples --db $(DB)
	$(BIN)/frontlog events --db $(DB) --limit 20
	@echo
	@echo "Open the map:  $(BIN)/frontlog serve --db $(DB)   then visit http://127.0.0.1:8000/"

test: $(STAMP)
	$(BIN)/python -m pytest -q -ra

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

serve: $(STAMP)
	$(BIN)/frontlog serve --db $(DB)

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py

eval: $(STAMP)
	$(BIN)/frontlog eval all --data ../shared/eval

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache
