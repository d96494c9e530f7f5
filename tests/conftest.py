"""Shared fixtures of the kit's own tests."""

import os
import sys
from pathlib import Path

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402

SOLUTION = ROOT / "solution" / "softmax.py"
STUBS = ROOT / "assignment" / "softmax.py"
EXERCISES = tuple(f"ep{i:02d}" for i in range(1, 11))


@pytest.fixture(scope="session")
def reference_grade():
    """The reference graded once, every question included."""
    from autograder.grade import grade

    return grade(SOLUTION)


@pytest.fixture(scope="session")
def stub_grade():
    """The untouched stubs graded once, every question included."""
    from autograder.grade import grade

    return grade(STUBS)


def scores(grade):
    """``{question id: score}`` of a Grade."""
    return {r.question.id: r.score for r in grade.results}
