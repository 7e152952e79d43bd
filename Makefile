# Operator Desk — the two commands a newcomer needs:
#   make run    start the desk on a demo SQLite database (creates .venv on first use)
#   make test   run the whole test suite
# Both create the virtual environment in .venv on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := $(CURDIR)/demo-data/demo.sqlite3

.PHONY: run test lint screenshots bench clean-demo venv

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	@mkdir -p demo-data
	$(BIN)/operator-app --db sqlite:///$(DEMO_DB) gui --demo

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check operator_app printing resources tests bench docs
	$(BIN)/mypy

screenshots: $(STAMP)
	$(BIN)/python docs/make_screenshots.py
	$(BIN)/python docs/render_documents.py

clean-demo:
	rm -rf demo-data
