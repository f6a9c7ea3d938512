# Every target sets up its own virtual environment on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: all install test demo bench fuzz docs clean

all: test

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,sandbox]'
	# Wheels of the runtime dependencies, so the pre-commit test installs the hook offline.
	$(BIN)/python -m pip wheel --quiet -w $(VENV)/wheelhouse . 'setuptools>=68' 'wheel>=0.40'
	touch $(STAMP)

install: $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

demo: $(STAMP)
	$(BIN)/python demo/run.py

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,sandbox,bench]'
	command -v rg >/dev/null || { echo "make bench needs ripgrep (rg) for the scan comparison: apt-get install ripgrep" >&2; exit 2; }
	$(BIN)/python bench/run.py

fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -m fuzz -p no:randomly tests

docs: $(STAMP)
	$(BIN)/python -m checker.docs > docs/rules.md

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .demo
