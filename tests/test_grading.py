"""The grader's headline promises: reference 100, stubs 0, same file same report."""

import json

import pytest
from conftest import EXERCISES, SOLUTION, scores

from autograder.contract import QUESTIONS
from autograder.grade import grade
from autograder.questions.hidden.fashion_mnist import credit_for
from autograder.report import results_json


def test_the_reference_scores_100(reference_grade):
    assert scores(reference_grade) == {q.id: q.points for q in QUESTIONS}
    assert reference_grade.score == 100


def test_the_untouched_stubs_score_0_on_every_question(stub_grade):
    assert [r.question.id for r in stub_grade.results] == [q.id for q in QUESTIONS]
    assert stub_grade.score == 0
    for result in stub_grade.results:
        assert all(o.error is not None and o.error.not_implemented for o in result.outcomes)


def test_the_report_follows_the_gradescope_schema(reference_grade, stub_grade):
    for g in (reference_grade, stub_grade):
        report = results_json(g)
        assert set(report) <= {"score", "tests", "output"}
        assert "isolation: worker process" in report["output"]
        assert sum(t["max_score"] for t in report["tests"]) == 100
        assert report["score"] == pytest.approx(sum(t["score"] for t in report["tests"]))
        for test, question in zip(report["tests"], QUESTIONS):
            assert test["name"].startswith(question.id + " ")
            assert set(test) == {"name", "score", "max_score", "output", "visibility"}
            assert 0 <= test["score"] <= test["max_score"]
        json.dumps(report)


def test_the_fashion_mnist_accuracy_is_reported(reference_grade):
    output = results_json(reference_grade)["tests"][-1]["output"]
    assert "test accuracy 0.8" in output


def test_the_same_file_gets_the_same_report(tmp_path):
    buggy = tmp_path / "softmax.py"
    buggy.write_text(SOLUTION.read_text().replace(
        "return float(-np.mean(picked))", "return float(-np.sum(picked))"))
    first = results_json(grade(buggy, EXERCISES))
    second = results_json(grade(buggy, EXERCISES))
    assert first == second
    assert first["score"] < 90


@pytest.mark.parametrize("accuracy, fraction", [
    (0.835, 1.0), (0.82, 1.0), (0.76, 0.5), (0.70, 0.0), (0.5, 0.0)])
def test_fashion_mnist_credit_is_linear_between_070_and_082(accuracy, fraction):
    assert credit_for(accuracy) == pytest.approx(fraction)


def test_a_stub_failure_reads_as_not_implemented(stub_grade):
    from autograder.report import details

    text = details(stub_grade)
    assert "softmax() not implemented yet" in text
    assert "Traceback" not in text


def test_public_checks_run_without_the_reference(tmp_path):
    """The handout has no reference: its checks must not need it, nor serve it."""
    import os
    import subprocess
    import sys

    from conftest import ROOT

    results = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", str(SOLUTION), "--public-only",
         "--results", str(results), "--quiet"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "SOFTMAX_KIT_REFERENCE": str(tmp_path / "absent.py")})
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(results.read_text())
    assert report["score"] == sum(t["max_score"] for t in report["tests"]) > 25
    assert "more points are in hidden checks" in done.stdout
