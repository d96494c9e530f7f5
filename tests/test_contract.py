"""The contract in code agrees with docs/contract.md, every question has checks,
and the kit's facts each have one source (pins, settings, the contract)."""

import re
import subprocess

import pytest
from conftest import ROOT

from autograder import questions  # noqa: F401
from autograder.checks import checks_of, points_of
from autograder.contract import FUNCTIONS, QUESTIONS

SPEC = ROOT / "docs" / "contract.md"


def test_points_sum_to_100():
    assert sum(q.points for q in QUESTIONS) == 100


def test_points_per_question_are_spec_points():
    text = SPEC.read_text(encoding="utf-8")
    line = next(row for row in text.splitlines() if row.startswith("Points per question"))
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
        return {row.split("==")[0].strip(): row.split("==")[1].strip()
                for row in lines if "==" in row and not row.startswith("#")}

    worker = pins("requirements-worker.txt")
    assert set(worker) == {"numpy"}
    assert worker["numpy"] == pins("requirements.txt")["numpy"]


def test_requirements_files_are_generated_from_pyproject():
    from tools import requirements

    for name in requirements.FILES:
        assert (ROOT / name).read_text() == requirements.render(name), \
            f"{name} differs from pyproject.toml: run `python -m tools.requirements`"


def test_the_student_environment_has_no_torch_and_the_worker_only_numpy():
    from tools import requirements

    student = {line.split("==")[0] for line in requirements.pins(("student",))}
    assert not {"torch", "torchvision"} & student
    assert {"numpy", "hypothesis", "matplotlib", "tqdm"} <= student
    assert [line.split("==")[0] for line in requirements.pins(())] == ["numpy"]


def test_an_unpinned_requirement_is_refused():
    from tools import requirements

    data = {"dependencies": ["numpy"], "optional-dependencies": {}}
    with pytest.raises(ValueError, match="pin every requirement"):
        requirements.pins((), data)


def test_the_readme_documents_every_setting_from_the_one_table():
    from autograder import settings

    assert settings.markdown_table() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_contract_is_inside_the_kit_and_nothing_points_outside():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/contract.md" in readme
    assert "docs/contract.md" in (ROOT / "deploy" / "handout" / "README.md").read_text()
    outside = "../" + "shared"  # spelled apart so that this file does not match itself
    done = subprocess.run(["git", "grep", "-n", "-F", "-e", outside], cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode > 1:
        pytest.skip("not a git checkout")
    assert done.stdout == ""
