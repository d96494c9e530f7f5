"""Static screening: banned imports are not graded; risky constructs are flagged."""

import textwrap

import pytest
from conftest import SOLUTION

from autograder.grade import grade
from autograder.screening import screen


@pytest.mark.parametrize("source, banned", [
    ("import torch\n", ["torch"]),
    ("from scipy.special import softmax\n", ["scipy.special"]),
    ("import numpy as np\nimport sklearn.linear_model\n", ["sklearn.linear_model"]),
    ("import numpy as np\nimport math, itertools\nfrom numpy.linalg import norm\n", []),
])
def test_only_numpy_and_the_standard_library_may_be_imported(source, banned):
    assert screen(source).banned == banned


def test_risky_constructs_are_flagged_with_their_lines():
    found = screen(textwrap.dedent("""\
        import numpy as np
        import subprocess
        def softmax(z):
            exec("1")
            open("/tmp/x", "w")
            return z.__class__.__subclasses__()
    """))
    assert not found.banned
    text = found.verdict
    for expected in ("line 2: import subprocess", "line 4: exec()",
                     "line 5: opens a file for writing", "line 6: dunder attribute .__class__"):
        assert expected in text


def test_a_banned_import_is_not_graded(tmp_path):
    path = tmp_path / "softmax.py"
    path.write_text("import torch\n" + SOLUTION.read_text())
    g = grade(path, ["ep01"])
    assert g.score == 0 and "imports torch" in g.load_problem


def test_an_import_by_computed_name_fails_in_the_worker(tmp_path):
    path = tmp_path / "softmax.py"
    path.write_text(SOLUTION.read_text().replace(
        "    z = _as_float_array(z)\n    shifted = z - np.max(z, axis=-1, keepdims=True)\n    e = ",
        "    __import__('tor' + 'ch')\n    z = _as_float_array(z)\n"
        "    shifted = z - np.max(z, axis=-1, keepdims=True)\n    e = ", 1))
    g = grade(path, ["ep01"])
    assert g.score == 0
    message = g.results[0].outcomes[0].message
    # refused by the import hook, or simply absent from the worker's environment
    assert "'torch'" in message and ("may import only numpy" in message
                                     or "No module named" in message)


def test_the_standard_library_and_numpy_submodules_still_import(tmp_path):
    path = tmp_path / "softmax.py"
    path.write_text("import numpy.testing, numpy.linalg, sysconfig, json, fractions\n"
                    + SOLUTION.read_text())
    assert grade(path, ["ep01"]).score == 10
