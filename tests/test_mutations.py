"""The mutation catalogue: every bug costs points where it is, and only there.

Each buggy variant of ``submissions/variants.py`` must lose points on every
question in its ``loses`` and keep full marks on every question outside
``loses`` and ``may_lose``; each unusual but correct variant must score full
marks everywhere.  The end-to-end FashionMNIST check runs only for variants
whose bug belongs to it (it takes seconds per file; the reference and the
stubs run it in ``test_grading.py``).
"""

import pytest
from conftest import EXERCISES
from submissions.variants import BUGGY, CORRECT

from autograder.grade import grade

E2E = "fashion_mnist"


def _grade(variant, tmp_path):
    path = tmp_path / "softmax.py"
    path.write_text(variant.source(), encoding="utf-8")
    questions = EXERCISES + ((E2E,) if E2E in variant.loses else ())
    return {r.question.id: (r.score, r.max_score) for r in grade(path, questions).results}


@pytest.mark.parametrize("variant", BUGGY, ids=lambda v: v.name)
def test_a_bug_costs_points_where_it_is_and_only_there(variant, tmp_path):
    scores = _grade(variant, tmp_path)
    kept = {q: s for q, s in scores.items() if q in variant.loses and s[0] >= s[1]}
    assert not kept, f"{variant.description}: no points lost on {sorted(kept)}"
    lost = {q: s for q, s in scores.items()
            if q not in variant.loses + variant.may_lose and s[0] < s[1]}
    assert not lost, f"{variant.description}: points lost on {lost}"


@pytest.mark.parametrize("variant", CORRECT, ids=lambda v: v.name)
def test_an_unusual_correct_implementation_gets_full_marks(variant, tmp_path):
    scores = _grade(variant, tmp_path)
    lost = {q: s for q, s in scores.items() if s[0] < s[1]}
    assert not lost, f"{variant.description}: points lost on {lost}"


def test_the_catalogue_covers_every_question():
    covered = {q for v in BUGGY for q in v.loses}
    assert covered >= set(EXERCISES) | {E2E}
    assert len(BUGGY) >= 30 and len(CORRECT) >= 5
