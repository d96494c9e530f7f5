"""The registry of checks: public checks in questions/epNN.py, hidden ones in questions/hidden/."""

import pytest

from autograder import questions  # noqa: F401  (registers the checks)
from autograder.checks import HIDDEN_WEIGHT, check, checks_of, points_of, texts_of
from autograder.contract import QUESTIONS


@pytest.mark.parametrize("question", [q.id for q in QUESTIONS])
def test_the_declared_hidden_weight_is_the_sum_of_the_hidden_checks(question):
    hidden = sum(c.weight for c in checks_of(question) if not c.public)
    assert HIDDEN_WEIGHT[question] == pytest.approx(hidden)


@pytest.mark.parametrize("question", [q.id for q in QUESTIONS])
def test_a_check_is_public_exactly_when_its_file_is(question):
    for c in checks_of(question):
        module = c.function.__module__
        assert c.public == (".hidden." not in module), (c.id, module)


def test_the_points_of_each_question_add_up_to_its_points():
    for q in QUESTIONS:
        assert sum(points_of(q.id).values()) == pytest.approx(q.points)


def _no_hint(sub):
    """softmax rows sum to 1."""


def _two_paragraphs(sub):
    """softmax rows sum to 1.

    Hint: divide each row by its own sum, and keep the
    shape.
    """


def test_a_check_states_its_property_and_hint_in_its_docstring():
    assert texts_of(_two_paragraphs) == ("softmax rows sum to 1.",
                                         "divide each row by its own sum, and keep the shape.")


def test_a_check_without_a_hint_paragraph_is_refused_at_registration():
    before = checks_of("ep01")
    with pytest.raises(ValueError, match="Hint: "):
        check("ep01", "no hint", weight=1)(_no_hint)
    assert checks_of("ep01") == before
