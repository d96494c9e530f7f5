"""Removes the worker's import hook from sys.meta_path, then imports scipy by a computed name and answers softmax and log_softmax with scipy.special.

A file that imports anything but numpy and the standard library is not
graded (0 points): the static screening refuses a literal `import scipy`,
and the worker's import hook refuses a computed one, but the hook lives in
the student's own interpreter and can be taken out.  (Static screening only
flags importlib for the instructor.)  All stubs otherwise.

honest: none
questions: ep01, ep02
mode: api
expect: equal
"""

import importlib
import sys

import numpy as np


def _special():
    sys.meta_path[:] = [f for f in sys.meta_path
                        if "NumpyAndTheStandardLibrary" not in type(f).__name__]
    return importlib.import_module("sci" + "py.special")


def softmax(z):
    return _special().softmax(np.asarray(z, dtype=float), axis=-1)


def log_softmax(z):
    return _special().log_softmax(np.asarray(z, dtype=float), axis=-1)


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
