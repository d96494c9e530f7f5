"""A hyper-parameter sweep on the fixed validation split: a table and a heat map.

``--sweep lr=0.03,0.1,0.3 reg=0,1e-4,1e-3`` trains once per setting of the
grid (one or two hyper-parameters) and compares training and validation
accuracy; the test set is never looked at, so the choice stays honest.
"""

import itertools
import unicodedata
from dataclasses import dataclass, field

import numpy as np

from autograder.i18n import N_, tr

from .loading import BadInput
from .training import format_settings, run_training

SWEEPABLE = {"lr": float, "reg": float, "epochs": int, "batch_size": int}
OVERFITTING_GAP = 0.05  # training accuracy this far above validation accuracy
LEARNING_FACTOR = 3.0  # ... once training accuracy is well above guessing (3 / K)


@dataclass
class SweepResult:
    """The grid and its outcomes.

    Attributes
    ----------
    rows, cols : (str, list)
        Name and values of each axis (``cols`` is ``("", [None])`` for a
        one-parameter sweep).
    val_acc, train_acc, final_loss : (len(rows), len(cols)) float
    """

    rows: tuple
    cols: tuple
    val_acc: np.ndarray
    train_acc: np.ndarray
    final_loss: np.ndarray
    settings: list = field(default_factory=list)

    def best(self):
        """``(settings, val_acc)`` of the best validation accuracy (first on ties)."""
        flat = np.where(np.isfinite(self.val_acc), self.val_acc, -1.0).ravel()
        index = int(np.argmax(flat))
        return self.settings[index], float(self.val_acc.ravel()[index])


def pad(text, width, left=False):
    """``text`` padded to ``width`` terminal columns (a CJK character takes two)."""
    shown = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    space = " " * max(width - shown, 0)
    return text + space if left else space + text


def parse_sweep(specs):
    """``["lr=0.1,0.3", "reg=0,1e-4"]`` -> ``[("lr", [0.1, 0.3]), ("reg", [0.0, 1e-4])]``.

    Raises
    ------
    BadInput
        An unknown name, a value that is not a number, a repeated name, or
        more than two names.
    """
    axes = []
    for spec in specs:
        name, sep, values = spec.partition("=")
        name = name.strip().replace("-", "_")
        if not sep or name not in SWEEPABLE:
            raise BadInput(tr("--sweep takes NAME=V1,V2,... with NAME one of {names}, not {spec!r}",
                              names=", ".join(SWEEPABLE), spec=spec))
        if name in (axis[0] for axis in axes):
            raise BadInput(tr("--sweep names {name} twice", name=name))
        try:
            parsed = [SWEEPABLE[name](v) for v in values.split(",") if v.strip()]
        except ValueError:
            raise BadInput(tr("--sweep {name}: {values!r} is not a list of numbers",
                              name=name, values=values)) from None
        if not parsed:
            raise BadInput(tr("--sweep {name}: give at least one value", name=name))
        axes.append((name, parsed))
    if not 1 <= len(axes) <= 2:
        raise BadInput(tr("--sweep takes one or two hyper-parameters (a grid), not {count}",
                          count=len(axes)))
    return axes


def run_sweep(module, data, axes, fixed, out=print):
    """Train once per setting of the grid ``axes`` and print a table.

    Parameters
    ----------
    data : tuple
        ``(X, y, X_val, y_val, n_classes)``.
    axes : list of (str, list)
        From :func:`parse_sweep`.
    fixed : dict
        The other hyper-parameters (None keeps the student's default).
    """
    X, y, X_val, y_val, K = data
    rows = axes[0]
    cols = axes[1] if len(axes) > 1 else ("", [None])
    shape = (len(rows[1]), len(cols[1]))
    val_acc, train_acc, loss = (np.full(shape, np.nan) for _ in range(3))
    settings = []
    out(pad(tr("setting"), 28, left=True) + "".join(
        pad(tr(name), 12) for name in (N_("last loss"), N_("train acc"), N_("val acc"))))
    for (i, row), (j, col) in itertools.product(enumerate(rows[1]), enumerate(cols[1])):
        overrides = dict(fixed)
        overrides[rows[0]] = row
        if cols[0]:
            overrides[cols[0]] = col
        run = run_training(module, X, y, X_val, y_val, K, overrides, progress=False,
                           write=lambda line: None)
        chosen = {k: v for k, v in overrides.items() if k in (rows[0], cols[0])}
        settings.append(chosen)
        monitor = run.monitor
        with np.errstate(all="ignore"):
            val_acc[i, j] = float(np.mean(np.argmax(X_val @ run.W + run.b, axis=1) == y_val))
            sample = monitor.X_sample
            train_acc[i, j] = float(np.mean(np.argmax(sample @ run.W + run.b, axis=1)
                                            == monitor.y_sample))
        loss[i, j] = monitor.train_loss[-1] if monitor.train_loss else np.nan
        note = ""
        if monitor.warning:
            note = "  " + tr("(the loss went wrong)")
        elif (train_acc[i, j] - val_acc[i, j] > OVERFITTING_GAP
              and train_acc[i, j] > LEARNING_FACTOR / K):
            note = "  " + tr("(overfitting: training accuracy well above validation)")
        out(f"{format_settings(chosen):<28}{loss[i, j]:>12.4f}{train_acc[i, j]:>12.4f}"
            f"{val_acc[i, j]:>12.4f}{note}")
    result = SweepResult(rows, cols, val_acc, train_acc, loss, settings)
    best, accuracy = result.best()
    out(tr("best on the validation split: {settings} (val acc {accuracy:.4f}); train with it, "
           "e.g. {command}", settings=format_settings(best), accuracy=accuracy,
           command="python -m assignment.train " + " ".join(
               f"--{k.replace('_', '-')} {v:g}" if isinstance(v, float)
               else f"--{k.replace('_', '-')} {v}" for k, v in best.items())))
    return result
