"""No credit without correctness: a trivial stand-in scores 0 on every check of its function.

Each case is the reference file with one function replaced by a trivial
implementation (``submissions/trivial.py``); the questions testing that
function are graded, and every check that grades the function (its
``grades``) must give 0 points.  Checks of the question's other functions
keep their points: a stable ``softmax`` with a trivial ``log_softmax`` still
earns ep01.

The whole table (every function, every question testing it, 8 kinds) runs with
``KIT_FULL_TRIVIAL=1``; by default ``make test`` grades each (function, question)
pair once, the kinds rotating, and a whole file of constants.
"""

import os

import pytest
from submissions.trivial import KINDS, TABLE, constants_source, trivial_source

from autograder.contract import QUESTIONS
from autograder.grade import grade

EXERCISES = [q for q in QUESTIONS if q.id != "fashion_mnist"]

#: (function, question testing it): each pair is graded for every kind
PAIRS = [(name, q.id) for name in TABLE for q in EXERCISES if name in q.tested]
CASES = [(name, question, kind) for name, question in PAIRS for kind in KINDS]
FULL = bool(os.environ.get("KIT_FULL_TRIVIAL"))
#: every pair once, the kinds rotating, so the sample meets every kind too
SAMPLE = [(name, question, KINDS[i % len(KINDS)]) for i, (name, question) in enumerate(PAIRS)]


def _case(name, question, kind):
    return pytest.param(name, question, kind, id=f"{name}-{question}-{kind}")


def _write(tmp_path, source):
    path = tmp_path / "softmax.py"
    path.write_text(source, encoding="utf-8")
    return path


@pytest.mark.parametrize("name, question, kind",
                         [_case(*c) for c in (CASES if FULL else SAMPLE)])
def test_a_trivial_function_scores_0_on_every_check_of_it(name, question, kind, tmp_path):
    graded = grade(_write(tmp_path, trivial_source(name, kind)), [question])
    earned = [f"{o.check.id} ({o.points:g})" for r in graded.results for o in r.outcomes
              if name in o.check.grades and o.points > 0]
    assert not earned, f"a {kind} {name} earns points on {earned}"


def test_the_sample_covers_every_function_and_every_kind():
    assert {name for name, _, _ in SAMPLE} == set(TABLE)
    assert {kind for _, _, kind in SAMPLE} == set(KINDS)
    assert {(name, question) for name, question, _ in SAMPLE} == set(PAIRS)


def test_real_partial_work_keeps_its_credit(tmp_path):
    """A correct softmax beside a constant log_softmax keeps ep01 and ep02's softmax checks."""
    graded = grade(_write(tmp_path, trivial_source("log_softmax", "constant")),
                   ["ep01", "ep02"])
    by_question = {r.question.id: r for r in graded.results}
    assert by_question["ep01"].score == by_question["ep01"].max_score
    softmax_only = [o for o in by_question["ep02"].outcomes
                    if o.check.grades == ("softmax",)]
    assert softmax_only and all(o.passed for o in softmax_only)


def test_a_file_of_constants_scores_0(tmp_path):
    graded = grade(_write(tmp_path, constants_source()), [q.id for q in EXERCISES])
    assert graded.score == 0, {r.question.id: r.score for r in graded.results}
