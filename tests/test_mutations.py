"""The mutation catalogue: every bug costs points where it is, and only there.

Each buggy submission of ``submissions/variants.py`` must lose points on
every question in its ``loses`` and keep full marks on every question outside
``loses`` and ``may_lose``; each unusual but correct one must score full
marks everywhere.  The end-to-end FashionMNIST check runs only for
submissions whose ``loses`` names it (the reference and the stubs run it in
``test_grading.py``).

The whole catalogue (about 140 files, ~10 CPU-minutes) runs with
``KIT_FULL_MUTATIONS=1``; by default ``make test`` grades every other correct
submission and a fixed sample of the buggy ones that covers every question
at least twice, and every other correct one.
"""

import os

import pytest
from conftest import EXERCISES
from submissions.variants import BUGGY, CORRECT, file_submissions

from autograder.grade import grade

E2E = "fashion_mnist"
PER_QUESTION = 2


def _sample(buggy):
    """Every question's first PER_QUESTION bugs, in catalogue order."""
    chosen = []
    for question in EXERCISES + (E2E,):
        hits = [v for v in buggy if question in v.loses]
        for variant in hits[:PER_QUESTION]:
            if variant not in chosen:
                chosen.append(variant)
    return chosen


FILES = file_submissions()
FULL = bool(os.environ.get("KIT_FULL_MUTATIONS"))
BUGS = [s for s in list(BUGGY) + FILES if s.loses or s.may_lose]
RIGHT = [s for s in list(CORRECT) + FILES if not (s.loses or s.may_lose)]
GRADED_BUGS = BUGS if FULL else _sample(BUGS)
GRADED_RIGHT = RIGHT if FULL else RIGHT[::2]


def _grade(submission, tmp_path):
    path = tmp_path / "softmax.py"
    path.write_text(submission.source(), encoding="utf-8")
    questions = EXERCISES + ((E2E,) if E2E in submission.loses else ())
    return {r.question.id: (r.score, r.max_score) for r in grade(path, questions).results}


@pytest.mark.parametrize("submission", GRADED_BUGS, ids=lambda v: v.name)
def test_a_bug_costs_points_where_it_is_and_only_there(submission, tmp_path):
    scores = _grade(submission, tmp_path)
    kept = {q: s for q, s in scores.items() if q in submission.loses and s[0] >= s[1]}
    assert not kept, f"{submission.description}: no points lost on {sorted(kept)}"
    lost = {q: s for q, s in scores.items()
            if q not in submission.loses + submission.may_lose and s[0] < s[1]}
    assert not lost, f"{submission.description}: points lost on {lost}"


@pytest.mark.parametrize("submission", GRADED_RIGHT, ids=lambda v: v.name)
def test_an_unusual_correct_implementation_gets_full_marks(submission, tmp_path):
    scores = _grade(submission, tmp_path)
    lost = {q: s for q, s in scores.items() if s[0] < s[1]}
    assert not lost, f"{submission.description}: points lost on {lost}"


def test_the_catalogue_covers_every_question():
    covered = {q for v in BUGS for q in v.loses}
    assert covered >= set(EXERCISES) | {E2E}
    assert len(BUGS) >= 40 and len(RIGHT) >= 10
    sampled = {q for v in GRADED_BUGS for q in v.loses}
    assert sampled >= set(EXERCISES) | {E2E}
