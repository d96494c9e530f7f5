"""A failed check teaches: property, smallest input, expected vs got, hint."""

import re

import numpy as np
import pytest
from conftest import SOLUTION

from autograder.checks import Check, Outcome
from autograder.diagnosis import diagnose
from autograder.feedback import outcome_lines
from autograder.grade import grade
from autograder.report import details, results_json
from autograder.text import width, wrap


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
    assert "property: Every row of softmax(z) sums to 1" in text
    assert "smallest failing input:" in text and "z: [[0., 0.]" in text
    assert "expected: [1., 1.]" in text and "got     : [0.5, 0.5]" in text
    assert "probable mistake: your result is exactly n = 2 times too small" in text
    assert "hint: each row is one distribution" in text


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


def test_a_sum_instead_of_a_mean_is_named_with_n(tmp_path):
    g = _graded(tmp_path, "return float(-np.mean(picked))", "return float(-np.sum(picked))",
                ["ep04"])
    text = details(g)
    assert re.search(r"probable mistake: your result is exactly n = (\d+) times too\s+large: "
                     r"a sum, not a\s+mean", text), text


# ------------------------------------------------------------ rendering
def _outcome(message="wrong", inputs=None, expected=None, got=None):
    c = Check("ep08", "c", "a title", 1.0, "a hint", None, statement="a property.")
    return Outcome(c, False, 0.0, 1.0, message, inputs or {}, expected, got,
                   expected is not None or got is not None)


def test_a_value_that_does_not_exist_is_not_shown_as_none():
    text = "\n".join(outcome_lines(_outcome(got=np.array([np.nan]))))
    assert "None" not in text and "expected" not in text and "got: [nan]" in text


def test_numpy_scalars_are_plain_numbers_and_tuples_are_labelled_by_name():
    W, b, X, y = np.ones((2, 3)), np.zeros(3), np.ones((4, 2)), np.array([0, 1, 2, 0])
    lines = outcome_lines(_outcome(inputs={"problem": (W, b, X, y), "reg": np.float64(0.5)},
                                   expected=np.float64(0.6931471805599453),
                                   got=(np.float64(1.5), np.int64(2))))
    text = "\n".join(lines)
    assert "np.float64" not in text and "array(" not in text
    assert "expected: 0.6931471805599453" in text and "got     : (1.5, 2)" in text
    for name in ("W: [[1., 1., 1.]", "b: [0., 0., 0.]", "X: [[1., 1.]", "y: [0, 1, 2, 0]",
                 "reg: 0.5"):
        assert name in text, text


def test_the_draws_of_a_data_strategy_are_shown_not_data():
    from hypothesis import given
    from hypothesis import strategies as st

    from autograder.checks import HYPOTHESIS_SETTINGS, Failure, run_check

    @given(data=st.data())
    def property_(sub, data):
        shift = data.draw(st.integers(5, 9), label="shift")
        data.draw(st.just("x"))
        raise Failure("always fails", got=shift)

    from hypothesis import settings

    c = Check("ep01", "t", "t", 1.0, "h", settings(max_examples=3, **HYPOTHESIS_SETTINGS)(
        property_))
    text = "\n".join(outcome_lines(run_check(c, None, 1.0)))
    assert "data(...)" not in text
    assert "shift: 5" in text and "draw 2: 'x'" in text


def test_hints_wrap_by_display_width_without_splitting_words():
    for words in ("compute log-sum-exp first " * 8, "先减去每行的最大值，再计算 log-sum-exp。" * 6):
        lines = wrap(words, 40, indent="      ")
        assert all(width(line) <= 40 for line in lines)
        assert "log-sum-exp" in "".join(lines).replace("\n", "")
        assert all(line.count("log-sum-exp") or "log-sum" not in line for line in lines)
        assert not any(line.lstrip().startswith(("，", "。")) for line in lines)


# ------------------------------------------------------------ diagnosis
RNG = np.random.default_rng(0)
Z, W = RNG.normal(size=(7, 3)), RNG.normal(size=(4, 3))
PROBLEM = (W, np.zeros(3), RNG.normal(size=(7, 4)), RNG.integers(0, 3, size=7))


def _softmax(z, axis=-1):
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@pytest.mark.parametrize("expected, got, inputs, words", [
    (0.8, 7 * 0.8, {"problem": PROBLEM}, "exactly n = 7 times too large: a sum, not a mean"),
    (0.8, 0.8 / 7, {"z": Z}, "exactly n = 7 times too small"),
    (W, -W, {}, "a sign is flipped"),
    (W, 2.5 * W, {}, "constant factor 2.5"),
    (0.1 * W, 0.2 * W, {"W": W, "reg": 0.1}, "an extra reg * W"),
    (0.1 * W, 0 * W, {"W": W, "reg": 0.1}, "reg * W is missing"),
    (1.0, 1.0 + 0.05 * np.sum(W ** 2), {"problem": PROBLEM, "reg": 0.1},
     "an extra 0.5 * reg * sum(W**2)"),
    (_softmax(Z), _softmax(Z, 0), {"z": Z}, "wrong axis"),
    (_softmax(Z), _softmax(Z).T, {}, "transpose"),
    (np.eye(3), np.roll(np.eye(3), 1, axis=1), {}, "one column off"),
    (np.array([0, 2, 1]), np.array([1, 3, 2]), {}, "off by one class"),
])
def test_common_mistakes_are_named(expected, got, inputs, words):
    assert words in diagnose(expected, got, inputs)


def test_a_global_max_is_named_from_the_rows_it_empties():
    z = np.array([[0.0, 1.0], [-1000.0, -999.0]])
    with np.errstate(all="ignore"):
        e = np.exp(z - z.max())
        got = e / e.sum(axis=-1, keepdims=True)
    assert "instead of each row's own maximum" in diagnose(_softmax(z), got, {"z": z})


@pytest.mark.parametrize("got", [np.array([[0.3, 0.7]]), np.array([[np.nan, 1.0]]),
                                 "a string", None])
def test_an_unrecognised_or_odd_result_gets_no_diagnosis(got):
    assert diagnose(np.array([[0.5, 0.5]]), got, {"z": np.zeros((1, 2))}) is None


def test_two_numbers_are_not_called_a_constant_factor_apart():
    assert diagnose(0.693, 0.693 + 0.31, {}) is None
    assert "constant factor 0.5" in diagnose(0.693, 0.3465, {})
