"""The contract in code agrees with SPEC.md, and every question has checks."""

import re

import pytest
from conftest import ROOT

from autograder import questions  # noqa: F401
from autograder.checks import checks_of, points_of
from autograder.contract import FUNCTIONS, QUESTIONS

SPEC = ROOT.parent / "shared" / "SPEC.md"


def test_points_sum_to_100():
    assert sum(q.points for q in QUESTIONS) == 100


@pytest.mark.skipif(not SPEC.exists(), reason="../shared/SPEC.md is not beside the kit")
def test_points_per_question_are_spec_points():
    text = SPEC.read_text(encoding="utf-8")
    line = next(l for l in text.splitlines() if l.startswith("Points per question"))
    line += text.split(line, 1)[1].split("\n\n", 1)[0]
    spec = {qid: float(points) for qid, points in re.findall(r"(ep\d\d|fashion_mnist) (\d+)", line)}
    assert spec == {q.id: float(q.points) for q in QUESTIONS}


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_every_question_has_checks_whose_points_add_up(question):
    checks = checks_of(question.id)
    assert checks, question.id
    assert sum(points_of(question.id).values()) == pytest.approx(question.points)
    assert all(c.weight > 0 and c.hint and c.statement for c in checks)
    if question.id != "fashion_mnist":  # its threshold details stay hidden
        assert any(c.public for c in checks), "students should see at least one check"


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_served_functions_never_stand_in_for_a_tested_one(question):
    assert set(question.served) <= set(FUNCTIONS)
    if "softmax" in question.tested or "log_softmax" in question.tested:
        assert not {"softmax", "log_softmax"} & set(question.served)
    # a tested helper may be served to the other tested function of its
    # question (the checks still call the student's own directly)
    assert set(question.served) & set(question.tested) <= {"l2_penalty", "minibatches"}


def test_the_worker_environment_has_the_graders_numpy():
    def pins(name):
        lines = (ROOT / name).read_text().splitlines()
        return {l.split("==")[0].strip(): l.split("==")[1].strip()
                for l in lines if "==" in l and not l.startswith("#")}

    worker = pins("requirements-worker.txt")
    assert set(worker) == {"numpy"}
    assert worker["numpy"] == pins("requirements.txt")["numpy"]
