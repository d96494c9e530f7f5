"""The train command teaches: warnings when the loss goes wrong, honest curves, a sweep."""

import json

import matplotlib
import numpy as np
import pytest
from conftest import SOLUTION
from train_runs import loss_and_grad_returning, main, trained

from assignment.studentkit import plots
from assignment.studentkit.sanity import chance_warning, loss_trouble

matplotlib.use("Agg")


def _texts(fig):
    """Every piece of text drawn in ``fig``: titles, labels, legends, annotations."""
    found = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
    return [t for t in found if t]


@pytest.mark.parametrize("losses", [[2.3, 1.0, 0.8], [2.3, 0.9, 0.95, 0.7], [165.0]])
def test_a_falling_or_noisy_loss_is_no_trouble(losses):
    assert loss_trouble(losses) is None


@pytest.mark.parametrize("losses", [[165.0, 3589.0], [2.3, 2.31, 2.32], [0.5, 0.4, 0.6]])
def test_a_rising_loss_is_trouble_with_causes(losses):
    warning = loss_trouble(losses)
    assert warning and "rises" in warning
    assert "wrong sign" in warning and "learning rate is too large" in warning


def test_a_first_epoch_above_the_untrained_loss_is_trouble():
    assert "before training: 2.303" in loss_trouble([354.0], initial_loss=2.3026)
    assert loss_trouble([2.0], initial_loss=2.3026) is None


def test_a_model_that_guesses_is_named():
    assert "nothing was learned" in chance_warning(0.10, 10, [2.30, 2.30], 2.30)
    assert "nothing was learned" in chance_warning(0.10, 10, [354.0, 1111.0], 2.30)
    assert "nothing was learned" in chance_warning(0.10, 10, [float("nan")], 2.30)


def test_slow_learning_is_no_guessing():
    assert chance_warning(0.12, 10, [2.28, 2.11], 2.30) is None  # a short run, loss falling
    assert chance_warning(0.5, 10, [2.3], 2.3) is None
    assert chance_warning(None, 10, [2.3], 2.3) is None


def test_a_nan_loss_names_the_unstable_softmax():
    warning = loss_trouble([2.3, float("nan")])
    assert "nan in epoch 2" in warning and "log-sum-exp" in warning


def test_a_sign_flipped_gradient_is_warned_about_while_training(tmp_path, capsys):
    path = loss_and_grad_returning(tmp_path, "loss, -dW, -db")
    stdout = trained(capsys, path, tmp_path / "run")
    assert "warning: the training loss rises" in stdout
    assert "the gradient has the wrong sign" in stdout
    assert stdout.index("warning: the training loss rises") < stdout.index("test accuracy")
    assert "validation accuracy is 0.1" in stdout and "nothing was learned" in stdout


def test_the_reference_trains_without_a_warning(tmp_path, capsys):
    stdout = trained(capsys, SOLUTION, tmp_path / "run", epochs=3)
    assert "warning" not in stdout
    assert stdout.strip().splitlines()[-1].startswith("test accuracy")
    assert stdout.count("test accuracy") == 1
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert len(metrics["train_acc"]) == 3 and all(0 < a <= 1 for a in metrics["train_acc"])


def test_the_curves_show_training_and_validation_accuracy_and_never_the_test_set():
    fig = plots.plot_learning_curves([2.0, 1.5, 1.2], [0.5, 0.6, 0.65], None,
                                     train_acc=[0.55, 0.7, 0.8], initial_loss=2.3)
    accuracy_panel = fig.axes[1]
    assert len(accuracy_panel.get_lines()) == 2
    assert np.allclose(accuracy_panel.get_lines()[0].get_ydata(), [55, 70, 80])
    assert not any("test" in text.lower() for text in _texts(fig))
    matplotlib.pyplot.close(fig)


def test_misclassified_examples_are_the_most_confident_mistakes():
    X = np.zeros((4, 784))
    y = np.array([0, 1, 2, 3])
    predicted = np.array([0, 2, 0, 3])
    probabilities = np.full((4, 4), 0.1)
    probabilities[1, 2], probabilities[2, 0] = 0.6, 0.9
    fig = plots.plot_misclassified(X, y, predicted, probabilities, list("abcd"), count=2)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles[0].startswith("true: c") and "90%" in titles[0]
    assert titles[1].startswith("true: b") and "60%" in titles[1]
    matplotlib.pyplot.close(fig)


def test_a_sweep_compares_settings_on_the_validation_split(tmp_path, capsys):
    stdout = trained(capsys, SOLUTION, tmp_path / "s", "--sweep", "lr=0.01,0.3", "reg=0,0.1",
                     epochs=2)
    rows = [line for line in stdout.splitlines() if line.startswith("lr=")]
    assert len(rows) == 4
    assert "best on the validation split: lr=0.3" in stdout
    assert "test accuracy" not in stdout
    table = json.loads((tmp_path / "s" / "sweep.json").read_text())
    assert np.asarray(table["val_acc"]).shape == (2, 2)
    assert (tmp_path / "s" / "sweep.png").stat().st_size > 10_000


@pytest.mark.parametrize("spec, says", [
    (["momentum=0.9"], "--sweep takes NAME=V1,V2"),
    (["lr=fast"], "is not a list of numbers"),
    (["lr=0.1", "reg=0", "epochs=1"], "one or two hyper-parameters"),
])
def test_a_bad_sweep_is_one_line(capsys, spec, says):
    status, stdout, stderr = main(capsys, "--submission", SOLUTION, "--data", "synthetic",
                                  "--sweep", *spec)
    assert status == 2
    assert len(stderr.strip().splitlines()) == 1 and says in stderr
