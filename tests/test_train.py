"""``make train`` / assignment/train.py: trains, draws, and explains failures briefly."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from conftest import ROOT, SOLUTION, STUBS
from train_runs import failed, loss_and_grad_returning, main, student_file, trained

TRAIN = ROOT / "assignment" / "train.py"
PICTURES = ("learning_curves.png", "weights.png", "confusion_matrix.png", "misclassified.png")

from assignment.studentkit import data, plots  # noqa: E402
from assignment.studentkit import train_command as kit  # noqa: E402


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, str(TRAIN), *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "MPLBACKEND": "Agg"})


@pytest.fixture
def no_pictures(monkeypatch):
    """Skip the drawing (about a second a run) where a test does not look at it."""
    for name in ("plot_learning_curves", "plot_weight_templates", "plot_confusion_matrix",
                 "plot_misclassified", "plot_sweep"):
        monkeypatch.setattr(plots, name, lambda *args, **kwargs: None)


def fashion_available():
    try:
        from data import fashion_mnist

        fashion_mnist.ensure(download=False)
        return True
    except Exception:
        return False


needs_fashion = pytest.mark.skipif(not fashion_available(),
                                   reason="FashionMNIST is not installed (make data)")


def _assert_pictures(folder):
    for name in PICTURES:
        path = folder / name
        assert path.is_file() and path.stat().st_size > 10_000, name
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name


@needs_fashion
def test_reference_on_fashion_mnist_writes_three_pictures(tmp_path):
    out = tmp_path / "run"
    done = run("--submission", SOLUTION, "--epochs", 2, "--train-size", 6000, "--out", out,
               "--no-progress")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "sanity check: the untrained model's loss" in done.stdout
    assert "ln 10 = 2.3026: OK" in done.stdout
    assert "epoch 1/2" in done.stdout and "epoch 2/2" in done.stdout
    assert "test accuracy 0." in done.stdout
    _assert_pictures(out)
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["n_train"] == 6000 and metrics["n_val"] == 5000
    assert metrics["test_accuracy"] > 0.7
    assert len(metrics["train_loss"]) == 2 and len(metrics["val_acc"]) == 2


def test_reference_on_generated_data_with_progress_bars(tmp_path, capsys):
    out = tmp_path / "run"
    status, stdout, stderr = main(capsys, "--submission", SOLUTION, "--data", "synthetic",
                                  "--epochs", 3, "--train-size", 2000, "--out", out)
    assert status == 0, stdout + stderr
    assert "epochs" in stderr and "batches" in stderr  # tqdm's bars
    lines = [line for line in stdout.splitlines() if line.startswith("epoch ")]
    assert len(lines) == 3 and all("train loss" in line and "val acc" in line for line in lines)
    _assert_pictures(out)
    history = json.loads((out / "metrics.json").read_text())
    assert history["train_loss"][-1] < history["train_loss"][0]


def test_an_error_in_the_students_code_points_to_its_line(tmp_path, capsys):
    path, first = student_file(tmp_path, (
        "def loss_and_grad(W, b, X, y, reg):\n"
        "    if len(X) < 100:\n"
        "        logits = X @ W + b\n"
        "        return cross_entropy(logits, y), X.T @ cross_entropy_grad(logits, y), b * 0\n"
        "    logits = X.T @ W + b\n"
        "    return cross_entropy(logits, y), None, None\n"))
    stdout, stderr = failed(capsys, path, tmp_path / "run")
    assert "Traceback" not in stdout + stderr
    error = stderr.strip().splitlines()
    assert len(error) <= 8, error
    assert error[0].startswith("error: your code raised ValueError")
    assert f"softmax.py, line {first + 4}, in loss_and_grad" in stderr
    assert "logits = X.T @ W + b" in stderr
    assert not (tmp_path / "run" / "weights.png").exists()


def test_an_error_inside_train_shows_the_chain_of_the_students_lines(tmp_path, capsys):
    path, first = student_file(tmp_path, (
        "def minibatches(n, batch_size, rng):\n"
        "    perm = rng.permutation(n)\n"
        "    return [perm[i:i + batch_size] + undefined_offset\n"
        "            for i in range(0, n, batch_size)]\n"))
    stdout, stderr = failed(capsys, path, tmp_path / "run")
    assert "NameError: name 'undefined_offset' is not defined" in stderr
    assert f"line {first + 2}, in minibatches" in stderr
    assert ", in train" in stderr and "Traceback" not in stderr


def test_a_syntax_error_is_one_short_message(tmp_path, capsys):
    path = tmp_path / "softmax.py"
    path.write_text("import numpy as np\n\ndef softmax(z)\n    return z\n")
    status, stdout, stderr = main(capsys, "--submission", path, "--data", "synthetic")
    assert status == 1
    assert "syntax error" in stderr and "line 3" in stderr
    assert "def softmax(z)" in stderr and "Traceback" not in stderr


def test_the_stubs_say_what_to_implement_without_loading_data(capsys):
    # fails before any data is read
    status, stdout, stderr = main(capsys, "--submission", STUBS, "--data", "fashion")
    assert status == 1
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "init_params() is not implemented yet" in lines[0]
    assert lines[0].endswith("softmax.py: implement it first")


def test_the_sanity_check_names_a_sum_instead_of_a_mean(tmp_path, capsys, no_pictures):
    path = loss_and_grad_returning(tmp_path, "loss * len(X), dW, db")
    stdout = trained(capsys, path, tmp_path / "run")
    assert "NOT CLOSE" in stdout
    assert "the loss is a sum over the batch, not a mean" in stdout


def test_the_sanity_check_names_large_weights(tmp_path, capsys, no_pictures):
    path, _ = student_file(tmp_path, (
        "def init_params(n_features, n_classes, rng, scale=0.01):\n"
        "    return rng.normal(0.0, 1.0, size=(n_features, n_classes)), np.zeros(n_classes)\n"))
    stdout = trained(capsys, path, tmp_path / "run")
    assert "the initial weights are too large" in stdout


def test_a_train_that_does_not_call_minibatches_still_reports_epochs(tmp_path, capsys,
                                                                     no_pictures):
    path, _ = student_file(tmp_path, (
        "def train(X, y, *, X_val=None, y_val=None, n_classes=None, epochs=10,\n"
        "          batch_size=128, lr=0.1, reg=1e-4, seed=0):\n"
        "    rng = np.random.default_rng(seed)\n"
        "    W, b = init_params(X.shape[1], n_classes or int(y.max()) + 1, rng)\n"
        "    history = {'train_loss': [], 'val_acc': []}\n"
        "    for _ in range(epochs):\n"
        "        perm, losses = rng.permutation(len(X)), []\n"
        "        for i in range(0, len(X), batch_size):\n"
        "            idx = perm[i:i + batch_size]\n"
        "            loss, dW, db = loss_and_grad(W, b, X[idx], y[idx], reg)\n"
        "            W, b = W - lr * dW, b - lr * db\n"
        "            losses.append(loss)\n"
        "        history['train_loss'].append(float(np.mean(losses)))\n"
        "        history['val_acc'].append(float(np.mean(predict(W, b, X_val) == y_val)))\n"
        "    return W, b, history\n"))
    status, stdout, stderr = main(capsys, "--submission", path, "--data", "synthetic",
                                  "--epochs", 2, "--train-size", 1000, "--out", tmp_path / "run")
    assert status == 0, stderr
    assert "epoch 1/2" in stdout and "epoch 2/2" in stdout
    assert "test accuracy" in stdout


def test_a_wrong_history_is_noticed_and_the_curves_still_drawn(tmp_path, capsys):
    path, _ = student_file(tmp_path, (
        "_train = train\n\n"
        "def train(X, y, **kwargs):\n"
        "    W, b, history = _train(X, y, **kwargs)\n"
        "    return W, b, {'train_loss': [sum(history['train_loss'])], 'val_acc': []}\n"))
    stdout = trained(capsys, path, tmp_path / "run", epochs=2)
    assert "history['train_loss'] is missing or does not hold one number per epoch" in stdout
    assert "history['val_acc'] is missing or empty" in stdout
    _assert_pictures(tmp_path / "run")


@pytest.mark.parametrize("args, says", [
    (["--submission", "no/such/softmax.py"], "error: no file no/such/softmax.py"),
    (["--submission", "README.md"], "is not a .py file"),
    (["--epochs", "0"], "--epochs must be at least 1"),
    (["--bogus"], "unrecognized arguments: --bogus"),
    (["--submission", str(SOLUTION), "--data", "synthetic", "--out", "/proc/nope/run"],
     "cannot create the output folder"),
])
def test_bad_input_is_one_line_and_exit_status_2(args, says):
    done = run(*args)
    assert done.returncode == 2
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    assert len(lines) == 1 and says in lines[0], lines


def test_the_default_folder_is_timestamped_and_latest_follows(tmp_path, monkeypatch):
    monkeypatch.setattr(kit, "RUNS", tmp_path / "runs")
    first, default = kit.output_dir(None)
    assert default and first.parent == tmp_path / "runs"
    kit.point_latest(first)
    second, _ = kit.output_dir(None)
    kit.point_latest(second)
    assert first != second
    assert (tmp_path / "runs" / "latest").resolve() == second.resolve()


def test_the_validation_split_is_fixed_and_disjoint():
    perm = np.random.default_rng(data.SPLIT_SEED).permutation(60000)
    again = np.random.default_rng(data.SPLIT_SEED).permutation(60000)
    assert np.array_equal(perm, again)
    assert not set(perm[-5000:]) & set(perm[:-5000])


def test_make_train_names_a_missing_submission():
    done = subprocess.run(["make", "--no-print-directory", "train",
                           "SUBMISSION=missing/softmax.py"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode != 0
    assert "no file missing/softmax.py" in done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_imports_are_judged_by_the_graders_rule(tmp_path, capsys, no_pictures):
    path, _ = student_file(tmp_path, (
        "import json\n"
        "import numpy.linalg\n\n"
        "def _never_called():\n"
        "    import scipy.special\n"
        "    from sklearn import linear_model\n"))
    stdout = trained(capsys, path, tmp_path / "run", train_size=500)
    notes = [line for line in stdout.splitlines()
             if line.startswith("note: ") and " imports " in line]
    assert len(notes) == 2
    assert "imports scipy.special" in notes[0] and "imports sklearn" in notes[1]
    assert not any("imports json" in note or "imports numpy" in note for note in notes)
