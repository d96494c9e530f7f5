"""A failed check teaches: property, smallest input, expected vs got, hint."""

from conftest import SOLUTION

from autograder.grade import grade
from autograder.report import details, results_json


def _graded(tmp_path, old, new, questions):
    path = tmp_path / "softmax.py"
    source = SOLUTION.read_text()
    assert old in source
    path.write_text(source.replace(old, new))
    return grade(path, questions)


def test_a_wrong_value_shows_property_input_expected_got_and_hint(tmp_path):
    g = _graded(tmp_path, "return e / np.sum(e, axis=-1, keepdims=True)",
                "return e / np.sum(e)", ["ep01"])
    text = details(g)
    assert "property: Every row of softmax(z) sums to 1." in text
    assert "smallest failing input:" in text and "z: [[0., 0.]" in text
    assert "expected: [1., 1.]" in text and "got     : [0.5, 0.5]" in text
    assert "hint: divide each row by its own sum" in text


def test_an_exception_shows_the_students_traceback_only(tmp_path):
    g = _graded(tmp_path, "    return np.argmax(X @ W + b, axis=1)\n",
                "    return helper(X)\n\n\ndef helper(X):\n    raise ValueError('oops')\n",
                ["ep03"])
    output = results_json(g)["tests"][0]["output"]
    assert "predict() raised ValueError: oops" in output
    assert 'File "softmax.py", line' in output and "in helper" in output
    assert "autograder" not in output and "worker.py" not in output


def test_a_missing_function_is_named(tmp_path):
    source = SOLUTION.read_text()
    start = source.index("def one_hot(")
    end = source.index("def init_params(")
    path = tmp_path / "softmax.py"
    path.write_text(source[:start] + source[end:])
    g = grade(path, ["ep06"])
    assert "one_hot is not defined in your file" in results_json(g)["tests"][0]["output"]
    assert g.results[0].score < 5


def test_a_syntax_error_scores_0_without_running_anything(tmp_path):
    path = tmp_path / "softmax.py"
    path.write_text("import numpy as np\nopen('ran', 'w').write('x')\ndef softmax(z)\n    pass\n")
    g = grade(path, ["ep01", "ep02"])
    assert g.score == 0
    assert "syntax error on line 3" in g.load_problem
    assert not (tmp_path / "ran").exists()
