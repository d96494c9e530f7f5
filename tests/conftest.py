"""Shared fixtures of the kit's own tests."""

from autograder import settings  # the kit root is on sys.path: pyproject's pytest pythonpath

settings.pin_blas_threads()  # before numpy is imported

import pytest  # noqa: E402

ROOT = settings.KIT_ROOT

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


@pytest.fixture
def untranslated():
    """Chinese for the test; the set of English templates that had no translation."""
    from autograder import i18n

    missing = set()
    i18n.set_language("zh")
    i18n.record_missing(missing)
    yield missing
    i18n.record_missing(None)
    i18n.set_language("en")
