"""ep06-ep10: no credit for trivial code, and credit where the bug is in public mode.

Each trivial file replaces the eight functions graded by ep06-ep10 with one
kind of trivial code; every check of those questions must give it 0 points,
with the reference served (the full grade) and without (``--public-only``).
A file with one mistake the handout warns about loses public points on its
own question, and a bug in a gradient keeps every public point of ep09/ep10.
"""

import os

import pytest
from submissions.variants import BUGGY, reference_source, replace_functions
from submissions.variants_b import TRIVIAL

from autograder.grade import grade

QUESTIONS = ("ep06", "ep07", "ep08", "ep09", "ep10")
#: scores are the subject here, not time: a loaded machine must not time a question out
BUDGETS = dict.fromkeys(QUESTIONS, 300.0)
BY_NAME = {v.name: v for v in BUGGY}


def _graded(tmp_path, source, public_only):
    path = tmp_path / "softmax.py"
    path.write_text(source, encoding="utf-8")
    graded = grade(path, QUESTIONS, budgets=BUDGETS, public_only=public_only)
    return {r.question.id: r for r in graded.results}


#: in --public-only grading train is replayed with the file's own functions: the
#: kinds whose functions are deterministic are those a replay could be fooled by
PUBLIC_KINDS = ("constants", "echo", "ones", "zeros")
#: the full grade of each kind is test_trivial's (per function); here by default only the
#: public grade, which test_trivial does not cover; every kind with KIT_FULL_TRIVIAL=1
CASES = ([(kind, False) for kind in sorted(TRIVIAL)] if os.environ.get("KIT_FULL_TRIVIAL")
         else []) + [(kind, True) for kind in PUBLIC_KINDS]


@pytest.mark.parametrize(("kind", "public_only"), CASES,
                         ids=[f"{k}-{'public' if p else 'full'}" for k, p in CASES])
def test_trivial_code_earns_no_check_of_ep06_to_ep10(kind, public_only, tmp_path):
    results = _graded(tmp_path, replace_functions(reference_source(), TRIVIAL[kind]),
                      public_only)
    earned = {o.check.id: round(o.points, 3) for r in results.values() for o in r.outcomes
              if o.points > 0}
    assert not earned, f"{kind}: {earned}"


#: one mistake the handout or a stub's docstring warns about -> its question
WARNED = {
    "l2_penalty_gradient_doubled": "ep08",
    "loss_and_grad_no_penalty_gradient": "ep08",
    "loss_and_grad_regularises_bias": "ep08",
    "loss_and_grad_db_mean": "ep08",
    "cross_entropy_soft_labels_as_argmax": "ep06",
    "cross_entropy_normalises_soft_labels_in_place": "ep06",
    "minibatches_drops_last_partial_batch": "ep09",
    "train_gradient_ascent": "ep09",
    "history_last_batch_loss": "ep10",
}
#: a bug only in a gradient: public ep09 and ep10 keep every point
GRADIENT_ONLY = ("l2_penalty_gradient_doubled", "loss_and_grad_no_penalty_gradient",
                 "loss_and_grad_regularises_bias", "loss_and_grad_data_gradient_sign_flipped")


@pytest.mark.parametrize("name", sorted(set(WARNED) | set(GRADIENT_ONLY)))
def test_public_grading_catches_the_mistake_on_its_question_only(name, tmp_path):
    variant = BY_NAME[name]
    results = _graded(tmp_path, variant.source(), public_only=True)
    lost = {q for q, r in results.items() if r.score < r.max_score}
    if name in WARNED:
        assert WARNED[name] in lost, f"{variant.description}: no public point lost"
    allowed = set(variant.loses) - {"ep09", "ep10"} if name in GRADIENT_ONLY else \
        set(variant.loses) | set(variant.may_lose)
    assert lost <= allowed, f"{variant.description}: public points lost on {sorted(lost)}"
