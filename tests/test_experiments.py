"""The sanity-check experiments run on the reference, the stubs and broken files."""

import subprocess
import sys

import pytest
from conftest import ROOT, SOLUTION, STUBS

from assignment.studentkit import experiments
from assignment.studentkit.loading import BadInput, load_submission

ALL = [f"ep{i:02d}" for i in range(1, 11)]


@pytest.fixture(autouse=True)
def small_problem(monkeypatch):
    """A smaller training set than students get, to keep the tests fast."""
    monkeypatch.setattr(experiments, "SMALL_TRAIN", 3000)
    monkeypatch.setattr(experiments, "SMALL_VAL", 1000)


def run(path, keys=None, data="synthetic"):
    lines = []
    module = load_submission(path)
    failures = experiments.run(module, keys, data=data, out=lines.append)
    return failures, "\n".join(lines)


def _with(tmp_path, appended):
    path = tmp_path / "softmax.py"
    path.write_text(SOLUTION.read_text(encoding="utf-8") + "\n\n" + appended, encoding="utf-8")
    return path


def test_all_ten_run_on_the_reference():
    failures, text = run(SOLUTION)
    assert failures == 0, text
    for i in range(1, 11):
        assert f"\nEP{i}: " in "\n" + text
    assert text.count("What to look for:") == 10
    assert "first (it still raises" not in text and "stopped by an error" not in text
    for verdict in ("-> the same function", "-> all finite", "-> identical",
                    "PASS: dZ = cross_entropy_grad", "PASS: dW", "PASS: db",
                    "-> the same: each step multiplies W", "every index once: yes",
                    "a new order the second time: yes"):
        assert verdict in text, verdict


def test_the_stubs_are_reported_politely():
    failures, text = run(STUBS)
    assert failures == 0
    assert "Traceback" not in text
    expected = {1: "softmax", 2: "softmax", 3: "predict", 4: "init_params",
                5: "cross_entropy_grad", 6: "one_hot", 7: "loss_and_grad", 8: "l2_penalty",
                9: "minibatches", 10: "train"}
    for i, function in expected.items():
        assert f"EP{i}: implement {function}() first" in text, (i, function)


def test_an_error_in_one_function_stops_only_its_experiments(tmp_path):
    path = _with(tmp_path, "def predict(W, b, X):\n    return np.argmax(X @ W + b, axis=2)\n")
    failures, text = run(path, ["ep03", "ep06"])
    assert failures == 1
    assert "EP3: stopped by an error in your code" in text
    assert "return np.argmax(X @ W + b, axis=2)" in text and "AxisError" in text
    assert "What to look for" in text.split("EP6:")[1]  # ep06 ran


def test_the_experiments_name_the_usual_bugs(tmp_path):
    path = _with(tmp_path, (
        "def log_softmax(z):\n    return np.log(softmax(z))\n\n"
        "def l2_penalty(W, reg):\n    return 0.5 * reg * np.sum(W ** 2), 2 * reg * W\n"))
    failures, text = run(path, ["ep02", "ep08"])
    assert failures == 0
    assert "log_softmax is NOT finite" in text
    assert "your dW is about 2 * reg * W" in text


def test_auto_falls_back_to_generated_images(monkeypatch):
    def missing(*args, **kwargs):
        raise BadInput("FashionMNIST not found")
    monkeypatch.setattr(experiments, "fashion_data", missing)
    failures, text = run(SOLUTION, ["ep10"], data="auto")
    assert failures == 0
    assert "using generated images instead" in text and "generated 28x28 blob images" in text


def test_keys_are_forgiving():
    assert experiments.normalise_key("ep1") == "ep01"
    assert experiments.normalise_key("EP10") == "ep10"
    assert experiments.normalise_key("7") == "ep07"
    assert experiments.normalise_key("ep11") is None
    assert experiments.normalise_key("softmax") is None


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "assignment.experiments", *args],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)


def test_command_line():
    done = _cli("--submission", str(STUBS), "ep1", "EP02", "3")
    assert done.returncode == 0, done.stderr
    assert "EP1: implement softmax() first" in done.stdout
    assert "EP3: implement predict() first" in done.stdout and "EP4" not in done.stdout
    done = _cli("ep11")
    assert done.returncode == 2 and "unknown experiment 'ep11'" in done.stderr
    done = _cli("--submission", "no/such/softmax.py")
    assert done.returncode == 2 and done.stderr.startswith("error: no file")
