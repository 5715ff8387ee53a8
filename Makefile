# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test demo bench lint clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,lint]'
	touch $(STAMP)

## Set up, then open the app on the default local database.
run: $(STAMP)
	$(BIN)/frontdesk

## Set up, check style, types and import contracts, then run the whole test suite.
test: lint
	$(BIN)/python -m pytest -n 4 --dist loadgroup -q -m "not browser" --durations=15
	$(BIN)/python -m pytest -q -m browser

## Style, types and import contracts (all reported in one run; `make test` runs them first).
lint: $(STAMP)
	status=0; \
	$(BIN)/ruff check frontdesk tests benchmarks || status=1; \
	$(BIN)/mypy || status=1; \
	$(BIN)/lint-imports --no-cache || status=1; \
	exit $$status

## Open the app on a throwaway database filled with synthetic records.
demo: $(STAMP)
	rm -f /tmp/frontdesk-demo.db /tmp/frontdesk-demo.db-wal /tmp/frontdesk-demo.db-shm
	FRONTDESK_PASSWORD=demo-admin $(BIN)/frontdesk --db /tmp/frontdesk-demo.db init --admin admin
	FRONTDESK_OPERATOR=admin FRONTDESK_PASSWORD=demo-admin $(BIN)/frontdesk --db /tmp/frontdesk-demo.db demo
	$(BIN)/frontdesk --db /tmp/frontdesk-demo.db

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis

## Speed and size at 10 thousand and 1 million records (builds the databases once; long).
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
