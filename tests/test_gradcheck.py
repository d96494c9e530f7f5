"""The students' gradient checker: passes the reference, flags the usual bugs."""

import importlib.util
import subprocess
import sys
import types

import numpy as np
import pytest
from conftest import ROOT, SOLUTION, STUBS

from assignment.studentkit import gradcheck


def _load(path, name="softmax_under_test"):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def reference():
    return _load(SOLUTION)


def _scaled(reference, w_factor=1.0, b_factor=1.0):
    """A module whose loss_and_grad scales the reference's dW and db."""
    def loss_and_grad(W, b, X, y, reg):
        loss, dW, db = reference.loss_and_grad(W, b, X, y, reg)
        return loss, dW * w_factor, db * b_factor
    return types.SimpleNamespace(loss_and_grad=loss_and_grad)


def test_the_reference_passes(reference):
    lines = []
    result = gradcheck.check_loss_and_grad(reference, out=lines.append)
    assert result and result.passed
    assert result.max_rel_error < 1e-8
    text = "\n".join(lines)
    assert "PASS: dW" in text and "PASS: db" in text and "threshold 1e-06" in text
    assert gradcheck.check_cross_entropy_grad(reference, verbose=False)


@pytest.mark.parametrize("n", [2, 7, 32])
def test_a_gradient_missing_the_1_over_n_fails(reference, n):
    lines = []
    result = gradcheck.check_loss_and_grad(_scaled(reference, w_factor=n), n=n,
                                           out=lines.append)
    assert not result
    text = "\n".join(lines)
    assert "FAIL: dW" in text and "PASS: db" in text
    assert f"analytic / numerical = {n:g}" in text and "missing 1/n" in text


def test_a_wrong_db_alone_fails(reference):
    assert not gradcheck.check_loss_and_grad(_scaled(reference, b_factor=-1.0), verbose=False)


def test_a_wrong_penalty_gradient_fails_with_a_hint(reference):
    def loss_and_grad(W, b, X, y, reg):
        loss, dW, db = reference.loss_and_grad(W, b, X, y, reg)
        return loss, dW + reg * W, db  # the gradient of reg * sum(W**2), penalty 0.5 * ...
    lines = []
    module = types.SimpleNamespace(loss_and_grad=loss_and_grad)
    assert not gradcheck.check_loss_and_grad(module, out=lines.append)
    assert "with reg = 0 both gradients pass" in "\n".join(lines)


def test_check_gradient_on_a_plain_function():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(3, 4))
    f = lambda v: float(np.sum(v ** 3) + np.sum(v[0]) ** 2)  # noqa: E731
    grad = 3 * x ** 2
    grad[0] += 2 * np.sum(x[0])
    assert gradcheck.check_gradient(f, x, grad, verbose=False)
    wrong = grad.copy()
    wrong[2, 1] += 1e-3
    result = gradcheck.check_gradient(f, x, wrong, verbose=False)
    assert not result and result.max_rel_error > 1e-6
    assert sum(row[3] > result.threshold for row in result.rows) == 1


def test_entries_whose_gradient_is_zero_pass():
    x = np.array([0.3, -1.2, 2.0, 5.0])
    f = lambda v: float(np.sum(np.log1p(np.exp(v[:2]))))  # noqa: E731  (no v[2:] at all)
    grad = np.array([1 / (1 + np.exp(-0.3)), 1 / (1 + np.exp(1.2)), 0.0, 0.0])
    assert gradcheck.check_gradient(f, x, grad, verbose=False)


def test_x_is_not_modified_and_large_inputs_are_sampled_reproducibly():
    x = np.linspace(-1, 1, 500).reshape(25, 20)
    before = x.copy()
    first = gradcheck.check_gradient(lambda v: float(np.sum(v ** 2)), x, 2 * x, verbose=False)
    second = gradcheck.check_gradient(lambda v: float(np.sum(v ** 2)), x, 2 * x, verbose=False)
    assert np.array_equal(x, before)
    assert first.checked == 20 and first.total == 500
    assert [r[0] for r in first.rows] == [r[0] for r in second.rows]


def test_the_threshold_follows_the_dtype_and_the_table_says_it():
    x = np.ones(3)
    lines = []
    result = gradcheck.check_gradient(lambda v: float(np.sum(v ** 2)), x,
                                      (2 * x).astype(np.float32), out=lines.append)
    assert result.threshold == 1e-3
    assert "threshold 0.001" in lines[-1]


def test_bad_arguments_are_explained():
    with pytest.raises(ValueError, match="shape"):
        gradcheck.check_gradient(lambda v: 0.0, np.ones(3), np.ones(4), verbose=False)
    with pytest.raises(ValueError, match="one number"):
        gradcheck.check_gradient(lambda v: v, np.ones(3), np.ones(3), verbose=False)


def test_the_stubs_raise_not_implemented():
    with pytest.raises(NotImplementedError):
        gradcheck.check_loss_and_grad(_load(STUBS, "stubs_under_test"), verbose=False)


def _run(*args):
    return subprocess.run([sys.executable, "-m", "assignment.gradcheck", *args],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)


def test_command_line_on_the_reference_and_the_stubs():
    done = _run("--submission", str(SOLUTION))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("PASS") == 3
    done = _run("--submission", str(STUBS))
    assert done.returncode == 1
    assert "implement cross_entropy_grad() first" in done.stdout
    assert "implement loss_and_grad() first" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    done = _run("--submission", "no/such/softmax.py")
    assert done.returncode == 2 and done.stderr.startswith("error: no file")
