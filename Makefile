# Softmax linear classifier from scratch: the kit's commands.
# Every target sets up what it needs (virtual environment, data) on first use.

SHELL := /bin/bash
PY := .venv/bin/python
SUBMISSION ?= assignment/softmax.py
RESULTS ?= results.json
SUBMISSIONS ?=
LANG_ARG := $(if $(filter zh%,$(LANG)),--lang zh,)

.PHONY: help grade train test venv data stubs check-stubs clean bench

help:
	@echo "make grade [SUBMISSION=path/to/softmax.py] [RESULTS=path/to/results.json]"
	@echo "make test       the kit's own test suite"
	@echo "make data       find, verify (and if needed fetch) FashionMNIST"
	@echo "make stubs      regenerate assignment/softmax.py from solution/softmax.py"

venv:
	@tools/venv.sh

data: venv
	@$(PY) -m data.fashion_mnist

grade: venv
	$(if $(wildcard $(SUBMISSION)),,$(error no file $(SUBMISSION): give the path of your softmax.py, e.g. make grade SUBMISSION=path/to/softmax.py))
	@$(PY) -m data.fashion_mnist --quiet
	@$(PY) -m autograder grade "$(SUBMISSION)" --results "$(RESULTS)" $(LANG_ARG)

train: venv data
	$(if $(wildcard $(SUBMISSION)),,$(error no file $(SUBMISSION): give the path of your softmax.py, e.g. make train SUBMISSION=path/to/softmax.py))
	@$(PY) assignment/train.py --submission "$(SUBMISSION)" $(if $(OUT),--out "$(OUT)")

test: venv data
	@$(PY) -m pytest -q -n 2 tests

stubs: venv
	@$(PY) tools/make_stubs.py

check-stubs: venv
	@$(PY) tools/make_stubs.py --check

clean:
	rm -rf results.json .pytest_cache .hypothesis dist

bench: venv data
	@$(PY) -m bench.run
