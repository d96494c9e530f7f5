"""Looks for the reference next to itself: ../solution/softmax.py and friends, searching upward from __file__, the working directory and HOME.

All stubs otherwise.  The worker grades a private copy in a fresh temporary
directory, so there should be nothing to find.

honest: none
questions: ep01, ep07
mode: api
expect: equal
"""

import importlib.util
import os

import numpy as np


def _load_as_module(path):
    spec = importlib.util.spec_from_file_location("stolen_reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _use(reference):
    """Answer every contract function with the reference's."""
    for name in ("softmax", "log_softmax", "predict", "cross_entropy",
                 "cross_entropy_grad", "one_hot", "init_params", "l2_penalty",
                 "loss_and_grad", "minibatches", "train"):
        if hasattr(reference, name):
            globals()[name] = getattr(reference, name)


def _steal(candidates):
    for candidate in candidates:
        try:
            if os.path.isfile(candidate) and os.path.abspath(candidate) != os.path.abspath(__file__):
                _use(_load_as_module(candidate))
                return candidate
        except Exception:
            continue
    return None


def softmax(z):
    raise NotImplementedError("softmax() is not implemented yet")


def log_softmax(z):
    raise NotImplementedError("log_softmax() is not implemented yet")


def predict(W, b, X):
    raise NotImplementedError("predict() is not implemented yet")


def cross_entropy(logits, y):
    raise NotImplementedError("cross_entropy() is not implemented yet")


def cross_entropy_grad(logits, y):
    raise NotImplementedError("cross_entropy_grad() is not implemented yet")


def one_hot(y, n_classes):
    raise NotImplementedError("one_hot() is not implemented yet")


def init_params(n_features, n_classes, rng, scale=0.01):
    raise NotImplementedError("init_params() is not implemented yet")


def l2_penalty(W, reg):
    raise NotImplementedError("l2_penalty() is not implemented yet")


def loss_and_grad(W, b, X, y, reg):
    raise NotImplementedError("loss_and_grad() is not implemented yet")


def minibatches(n, batch_size, rng):
    raise NotImplementedError("minibatches() is not implemented yet")


def train(X, y, *, X_val=None, y_val=None, n_classes=None, epochs=10,
          batch_size=128, lr=0.1, reg=1e-4, seed=0):
    raise NotImplementedError("train() is not implemented yet")


def _as_float_array(z):
    z = np.asarray(z)
    if not np.issubdtype(z.dtype, np.floating):
        z = z.astype(np.float64)
    return z


def _relative_candidates():
    starts = [os.path.dirname(os.path.abspath(__file__)), os.getcwd(),
              os.environ.get("HOME", "")]
    names = ("solution/softmax.py", "../solution/softmax.py", "reference/softmax.py",
             "autograder/solution/softmax.py", "source/solution/softmax.py",
             "solutions/softmax.py", "softmax_solution.py", "reference_softmax.py")
    for start in starts:
        directory = start
        while directory:
            for name in names:
                yield os.path.normpath(os.path.join(directory, name))
            parent = os.path.dirname(directory)
            if parent == directory:
                break
            directory = parent


STOLEN_FROM = _steal(_relative_candidates())
