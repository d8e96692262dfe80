# make demo | make test | make lab | make build | make bench — each creates/reuses .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export TF_CPP_MIN_LOG_LEVEL := 3
export TF_ENABLE_ONEDNN_OPTS := 0

.PHONY: venv demo lint format test test-fast lab build bench slides bundle clean sandbox

venv: $(STAMP)
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

demo: venv          ## rebuild notebooks/ + solutions/, grade the example students, print the table
	$(PY) -m autograder demo

lint: venv          ## ruff: lint and formatting, the whole tree
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv        ## apply ruff's formatting and safe fixes
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: venv          ## the whole suite (executes every notebook, grades classes, drives a browser)
	$(PY) -m pytest -n 2 --dist loadgroup

test-fast: venv     ## no notebook execution, whole-class grading, browser or sandbox process (<= 2 min)
	$(PY) -m pytest -n 2 -m "not slow and not browser and not sandbox"

lab: venv           ## JupyterLab on the student notebooks, as students get it (jupyter-config/: no instructor tools)
	JUPYTER_CONFIG_PATH=$(CURDIR)/jupyter-config$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH} $(VENV)/bin/jupyter lab notebooks/

build: venv
	$(PY) -m autograder build

bench: venv         ## timings table -> bench/results.md
	$(PY) bench/run.py

slides: venv
	$(PY) -m autograder slides

bundle: venv
	$(PY) -m autograder bundle student-bundle

clean:
	rm -rf demo-output student-bundle slides bench/out .pytest_cache

sandbox:            ## install bubblewrap, the sandbox students' code is graded in (Debian/Ubuntu, as root)
	command -v bwrap >/dev/null || (apt-get update -qq && apt-get install -y -qq bubblewrap)
