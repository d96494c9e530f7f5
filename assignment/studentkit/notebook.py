"""What the notebook ``assignment/softmax.ipynb`` calls: load, check, experiment, train, sweep.

Every helper prints a short message instead of raising when the student's
code is not written yet or fails, so every cell of the notebook runs on the
stubs.  ``SOFTMAX_SUBMISSION`` names another ``softmax.py`` (CI runs the
notebook on the reference and on the stubs); ``SOFTMAX_NOTEBOOK_TEST=1``
shrinks data and epochs to a test run.
"""

import os
import sys
from pathlib import Path

import numpy as np

from autograder.i18n import language_from_environment, set_language, tr

from . import experiments, plots
from .cli import DEFAULT_SUBMISSION
from .data import fashion_data, synthetic_data
from .loading import BadInput, CodeFailed, describe_error, load_submission, not_implemented_in
from .sweep import run_sweep
from .training import format_settings, run_training

TEST_RUN = os.environ.get("SOFTMAX_NOTEBOOK_TEST") == "1"
SIZES = (600, 300) if TEST_RUN else (8000, 2000)
MAX_EPOCHS = 2 if TEST_RUN else None

_state = {"data": None}


def submission_path():
    """The ``softmax.py`` the notebook works on."""
    return Path(os.environ.get("SOFTMAX_SUBMISSION") or DEFAULT_SUBMISSION).resolve()


def use_language(language=None):
    """``"zh"`` or ``"en"`` for every later output and picture (default: from ``LANG``)."""
    set_language(language or language_from_environment())


def load():
    """Import the student's file as module ``softmax`` (autoreload then follows its edits).

    Returns the module, or None after printing why it cannot be imported.
    """
    try:
        module = load_submission(submission_path())
    except (BadInput, CodeFailed) as error:
        print(error)
        return None
    sys.modules["softmax"] = module
    return module


def check(question_id):
    """The public checks of one exploration point, graded and reported as ``make grade`` does.

    Grades the file as saved on disk: save ``softmax.py`` first.
    """
    from autograder.grade import grade
    from autograder.report import details, table

    result = grade(str(submission_path()), [question_id], public_only=True)
    print(table(result))
    feedback = details(result)
    if feedback:
        print(feedback)


def _current():
    module = sys.modules.get("softmax")
    if module is None or getattr(module, "__kit_path__", None) is None:
        module = load()
    return module


def _guarded(what, function, *args, **kwargs):
    """``function(*args, **kwargs)``; the student's failure printed, not raised."""
    module = sys.modules.get("softmax")
    path = getattr(module, "__kit_path__", submission_path())
    try:
        return function(*args, **kwargs)
    except (BadInput, CodeFailed) as error:
        print(error)
    except Exception as error:  # the student's code: a message, never a traceback
        missing = not_implemented_in(error, path)
        if missing:
            print(tr("{title}: implement {function}() first", title=what, function=missing))
        else:
            print(describe_error(error, path))
    return None


def experiment(question_id):
    """The experiment of one exploration point, on the student's code."""
    module = _current()
    if module is not None:
        X, y, X_val, y_val, _ = small_data()
        description = tr("{n_train} training and {n_val} validation images", n_train=len(X),
                         n_val=len(X_val))
        experiments.run(module, [question_id], problem=(X, y, X_val, y_val, description))


def small_data():
    """``(X, y, X_val, y_val, class_names)``: FashionMNIST's fixed split, or generated images."""
    if _state["data"] is None:
        n_train, n_val = SIZES
        parts = None
        if not TEST_RUN:
            try:
                parts = fashion_data(val_size=n_val, train_size=n_train, download=False)
            except BadInput as error:
                print(tr("(FashionMNIST not found without a download: {reason}...; using "
                         "generated images instead)", reason=str(error)[:120]))
        if parts is None:
            parts = synthetic_data(n_train, n_val, 10)
        X, y, X_val, y_val, _, _, names = parts
        _state["data"] = (X, y, X_val, y_val, names)
    return _state["data"]


def _epochs(epochs):
    return min(epochs, MAX_EPOCHS) if MAX_EPOCHS and epochs else epochs


def train_and_plot(epochs=10, lr=None, reg=None, batch_size=None, n_train=None):
    """Train the student's classifier on the small problem and draw its curves and mistakes.

    The learning curves (loss; training and validation accuracy) and the most
    confident mistakes on the validation images, inline.  ``n_train`` uses
    only the first training images (to see overfitting).
    """
    module = _current()
    if module is None:
        return
    X, y, X_val, y_val, names = small_data()
    if n_train:
        X, y = X[:n_train], y[:n_train]
    overrides = {"epochs": _epochs(epochs), "lr": lr, "reg": reg, "batch_size": batch_size,
                 "seed": None}
    run = _guarded("train", run_training, module, X, y, X_val, y_val, len(names), overrides,
                   progress=False, write=print)
    if run is None:
        return
    monitor = run.monitor
    plots.plot_learning_curves(monitor.train_loss, monitor.val_acc, train_acc=monitor.train_acc,
                               n_classes=len(names),
                               title=format_settings(run.in_force))
    with np.errstate(all="ignore"):
        logits = X_val @ run.W + run.b
        shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    probabilities = shifted / shifted.sum(axis=1, keepdims=True)
    plots.plot_misclassified(X_val, y_val, np.argmax(logits, axis=1), probabilities, names,
                             count=10,
                             title=tr("The most confident mistakes on the validation images"))


def sweep(epochs=5, **grid):
    """Train once per setting of ``grid`` (e.g. ``lr=[0.03, 0.1, 0.3], reg=[0, 1e-3]``).

    Prints the table and draws the heat map of validation accuracy.
    """
    module = _current()
    if module is None:
        return
    X, y, X_val, y_val, names = small_data()
    axes = [(name, list(values)) for name, values in grid.items()]
    result = _guarded("train", run_sweep, module, (X, y, X_val, y_val, len(names)), axes,
                      {"epochs": _epochs(epochs)})
    if result is not None:
        plots.plot_sweep(result)
