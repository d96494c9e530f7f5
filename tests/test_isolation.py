"""Student code runs in a worker process; whatever it does, grading finishes."""

import textwrap

import pytest
from conftest import SOLUTION

from autograder.grade import grade

BUDGET = {"ep01": 10.0, "ep03": 10.0}


def _write(tmp_path, text):
    path = tmp_path / "softmax.py"
    path.write_text(textwrap.dedent(text))
    return path


def _with_softmax(body):
    """The reference with softmax's body replaced by ``body``."""
    source = SOLUTION.read_text()
    start = source.index("    ### BEGIN SOLUTION ep01")
    end = source.index("    ### END SOLUTION", start)
    return source[:start] + textwrap.indent(textwrap.dedent(body), "    ") + source[end:]


@pytest.mark.parametrize("module_text, reason", [
    ("raise RuntimeError('boom')\n", "raised RuntimeError: boom"),
    ("import sys\nsys.exit(3)\n", "raised SystemExit"),
    ("import os\nos._exit(0)\n", "could not be imported"),
    ("while True:\n    pass\n", "timed out"),
    ("raise KeyboardInterrupt\n", "KeyboardInterrupt"),
])
def test_a_file_that_fails_at_import_scores_0_with_a_reason(tmp_path, module_text, reason):
    path = _write(tmp_path, module_text)
    g = grade(path, ["ep01", "ep03"], budgets=BUDGET)
    assert g.score == 0
    assert reason in g.load_problem


@pytest.mark.parametrize("body, message", [
    ("while True:\n    pass\n", "timed out after 10 s"),
    ("import os\nos._exit(1)\n", "ended the worker process"),
    ("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n", "segmentation fault"),
    ("print('x' * (1 << 20) * 8)\n", "output limit"),
    ("import numpy as np\nreturn np.zeros((1 << 40,))\n", "MemoryError"),
])
def test_a_function_that_misbehaves_costs_its_question_only(tmp_path, body, message):
    path = _write(tmp_path, _with_softmax(body))
    g = grade(path, ["ep01", "ep03"], budgets=BUDGET)
    ep01, ep03 = g.results
    assert ep01.score == 0
    assert ep03.score == ep03.max_score
    outputs = "\n".join(o.message for o in ep01.outcomes)
    assert message in outputs


def test_patching_numpy_in_the_submission_cannot_fool_the_grader(tmp_path):
    honest = _write(tmp_path, _with_softmax("return z\n"))
    honest_score = grade(honest, ["ep01"], budgets=BUDGET).score
    path = _write(tmp_path, _with_softmax("""
        import numpy as np
        np.allclose = lambda *a, **k: True
        np.isclose = lambda a, b, **k: np.ones(np.shape(a), bool)
        np.testing.assert_allclose = lambda *a, **k: None
        return z
    """))
    assert grade(path, ["ep01"], budgets=BUDGET).score == honest_score < 5


def test_served_functions_come_from_the_reference(tmp_path):
    """A train that calls a broken loss_and_grad still passes ep09 (the reference is served)."""
    old = "return loss + penalty, dW, np.sum(dZ, axis=0)"
    assert old in SOLUTION.read_text()
    source = SOLUTION.read_text().replace(old, "return loss + penalty, -dW, np.sum(dZ, axis=0)")
    path = _write(tmp_path, source)
    g = grade(path, ["ep08", "ep09", "ep10"])
    ep08, ep09, ep10 = g.results
    assert ep08.score < ep08.max_score
    assert ep09.score == ep09.max_score and ep10.score == ep10.max_score
