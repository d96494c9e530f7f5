# What the kit's Makefile and the handout's (deploy/handout/Makefile) share:
# the variables of grade and train, the Python environment, the data, and
# the check that the submission exists.  The including Makefile says which
# environment tools/setup_env.py makes: ENVIRONMENT := kit or student.

SHELL := /bin/bash
PYTHON ?= python3
PY := .venv/bin/python
SUBMISSION ?= assignment/softmax.py
RESULTS ?= results.json
LANG_ARG := $(if $(filter zh%,$(LANG)),--lang zh,)

.PHONY: venv data submission

venv:
	@$(PYTHON) tools/setup_env.py $(ENVIRONMENT)

data: venv
	@$(PY) -m data.fashion_mnist

submission:
	$(if $(wildcard $(SUBMISSION)),,$(error no file $(SUBMISSION): give the path of your softmax.py, e.g. make $(firstword $(MAKECMDGOALS)) SUBMISSION=path/to/softmax.py))
