"""Call the student's ``train`` with chosen hyper-parameters, watched by the monitor.

Used by the train command and by the sweep: the student's own defaults stay
in force for every hyper-parameter not given.
"""

import inspect
import math
import time
from dataclasses import dataclass

import numpy as np

from autograder.i18n import tr

from .loading import CodeFailed, call_student
from .monitor import TrainingMonitor

HYPERPARAMETERS = ("epochs", "batch_size", "lr", "reg", "seed")


@dataclass
class TrainingRun:
    """One call of the student's ``train``: what it returned and what was watched.

    Attributes
    ----------
    W : (d, K) float
    b : (K,) float
    history : object
        As returned (the student's dict, unchecked).
    monitor : TrainingMonitor
        Per-epoch loss, accuracies, warning.
    in_force : dict
        Every hyper-parameter's value (the student's default where not given).
    seconds : float
    """

    W: np.ndarray
    b: np.ndarray
    history: object
    monitor: TrainingMonitor
    in_force: dict
    seconds: float


def effective_hyperparameters(train_function, overrides):
    """The keyword arguments for the student's ``train`` and the values in force.

    ``overrides`` holds the options given (None when not given); a value not
    given is left to the student's default.  Returns ``(kwargs, in_force,
    dropped)``: what to pass, every hyper-parameter's value, and the options
    the student's ``train`` does not accept.
    """
    try:
        parameters = inspect.signature(train_function).parameters
    except (TypeError, ValueError):
        parameters = {}
    takes_any = any(p.kind == p.VAR_KEYWORD for p in parameters.values())
    kwargs, dropped, in_force = {}, [], {}
    for name, value in overrides.items():
        accepted = takes_any or name in parameters
        default = parameters[name].default if name in parameters else inspect.Parameter.empty
        if value is not None:
            if accepted:
                kwargs[name] = value
                in_force[name] = value
            else:
                dropped.append(name)
        elif default is not inspect.Parameter.empty:
            in_force[name] = default
    return kwargs, in_force, dropped


def accepts(function, name):
    """Whether ``function`` takes a keyword argument ``name``."""
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return True
    return name in parameters or any(p.kind == p.VAR_KEYWORD for p in parameters.values())


def check_history(history, epochs):
    """The student's ``history`` as two lists of floats, or None where unusable."""
    def series(key, allow_empty):
        if not isinstance(history, dict) or key not in history:
            return None
        try:
            values = [float(v) for v in np.asarray(history[key], dtype=float).ravel()]
        except (TypeError, ValueError):
            return None
        if not values and allow_empty:
            return []
        if epochs is not None and len(values) != epochs:
            return None
        return values
    return series("train_loss", False), series("val_acc", True)


def format_settings(in_force):
    """``"epochs=10, lr=0.1"``."""
    return ", ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}"
                     for k, v in in_force.items())


def run_training(module, X, y, X_val, y_val, n_classes, overrides, *, progress=True,
                 write=None, initial_loss=None):
    """Call ``module.train`` on ``X, y`` with ``overrides``, watched.

    Parameters
    ----------
    X : (n, d) float
    y : (n,) int
    X_val : (m, d) float
    y_val : (m,) int
    overrides : dict
        Hyper-parameter name -> value, or None to keep the student's default.
    initial_loss : float, optional
        The sanity check's loss of the untrained model (see ``sanity.loss_trouble``).

    Returns
    -------
    TrainingRun

    Raises
    ------
    CodeFailed
        ``train`` raised, or returned something that is not ``(W, b, history)``
        with ``W : (d, K)`` and ``b : (K,)``.
    """
    path = module.__kit_path__
    kwargs, in_force, _ = effective_hyperparameters(module.train, overrides)
    extra = {"X_val": X_val, "y_val": y_val, "n_classes": n_classes}
    for name, value in extra.items():
        if accepts(module.train, name):
            kwargs[name] = value
    epochs = in_force.get("epochs")
    batch_size = in_force.get("batch_size")
    per_epoch = math.ceil(len(X) / batch_size) if isinstance(batch_size, int) else 0
    watched_val = X_val if "X_val" in kwargs and "y_val" in kwargs else None
    monitor = TrainingMonitor(module, watched_val, y_val, epochs if isinstance(epochs, int) else 0,
                              per_epoch, progress=progress, write=write, X_train=X, y_train=y,
                              initial_loss=initial_loss)
    started = time.perf_counter()
    with monitor:
        result = call_student(path, tr("while the kit ran your train()"), module.train, X, y,
                              **kwargs)
    seconds = time.perf_counter() - started
    if not isinstance(result, (tuple, list)) or len(result) != 3:
        length = (tr(" of length {length}", length=len(result))
                  if isinstance(result, (tuple, list)) else "")
        raise CodeFailed(tr("error: your train() returned {type}{length}; it must return "
                            "(W, b, history)", type=type(result).__name__, length=length))
    W, b, history = result
    W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    d = X.shape[1]
    if W.shape != (d, n_classes) or b.shape != (n_classes,):
        raise CodeFailed(tr("error: your train() returned W of shape {W_shape} and b of shape "
                            "{b_shape}; expected ({d}, {K}) and ({K},)", W_shape=W.shape,
                            b_shape=b.shape, d=d, K=n_classes))
    return TrainingRun(W, b, history, monitor, in_force, seconds)
