# Softmax linear classifier from scratch: the kit's commands.
# Every target sets up what it needs (virtual environment, data) on first use.

ENVIRONMENT := kit
SUBMISSIONS ?=

.PHONY: help grade train test lint requirements stubs check-stubs clean bench autograder handout grade-all

help:
	@echo "make grade [SUBMISSION=path/to/softmax.py] [RESULTS=path/to/results.json]"
	@echo "make train [SUBMISSION=...]  train on FashionMNIST, save learning curves and pictures"
	@echo "make test       the kit's own test suite (after make lint)"
	@echo "make lint       ruff, and the requirements files against pyproject.toml"
	@echo "make data       find, verify (and if needed fetch) FashionMNIST"
	@echo "make stubs      regenerate assignment/softmax.py from solution/softmax.py"

# venv, data, submission and the variables of grade and train
include tools/student.mk

grade: submission venv
	@$(PY) -m data.fashion_mnist --quiet
	@$(PY) -m autograder grade "$(SUBMISSION)" --results "$(RESULTS)" $(LANG_ARG)

train: submission venv data
	@$(PY) -m assignment.train --submission "$(SUBMISSION)" $(if $(OUT),--out "$(OUT)") $(LANG_ARG)

test: lint data
	@$(PY) -m pytest -q -n 2 --dist loadgroup tests

lint: venv
	@$(PY) -m ruff check --quiet .
	@$(PY) -m tools.requirements --check

# after editing the pins in pyproject.toml
requirements: venv
	@$(PY) -m tools.requirements

stubs: venv
	@$(PY) tools/make_stubs.py

check-stubs: venv
	@$(PY) tools/make_stubs.py --check

clean:
	rm -rf results.json .pytest_cache .hypothesis dist

bench: venv data
	@$(PY) -m bench.run

# Instructor deployment (README, "Deploying to Gradescope").
autograder: venv
	@$(PY) -m tools.build_autograder $(if $(NO_DATA),--no-data)

handout: venv
	@$(PY) tools/build_handout.py $(LANG_ARG)

grade-all: venv
	$(if $(SUBMISSIONS),,$(error give the folder of submissions: make grade-all SUBMISSIONS=path/to/submissions/))
	$(if $(wildcard $(SUBMISSIONS)),,$(error no folder $(SUBMISSIONS): give the folder of submissions, e.g. make grade-all SUBMISSIONS=path/to/submissions/))
	@$(PY) -m data.fashion_mnist --quiet
	@$(PY) -m autograder.batch "$(SUBMISSIONS)" $(if $(OUT),--out "$(OUT)") $(if $(JOBS),--jobs $(JOBS)) $(if $(SCHEDULER),--scheduler "$(SCHEDULER)") $(if $(SIMILARITY),--similarity $(SIMILARITY)) $(if $(QUESTIONS),--questions "$(QUESTIONS)") $(if $(FORCE),--force) $(LANG_ARG)
