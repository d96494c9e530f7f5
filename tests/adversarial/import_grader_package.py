"""Finds the grading kit (worker path, /proc/<ppid> cwd and command line, guesses), takes the worker's import hook out, puts the kit on sys.path and imports autograder.reference by a computed name, asking it for the reference.

This works even if the reference is renamed, as long as the grader's own
package is readable from the worker.  All stubs otherwise.

honest: none
questions: ep01, ep07
mode: api
expect: equal
"""

import importlib
import os
import sys

import numpy as np


# Where the kit is deployed is no secret (on Gradescope, /autograder/source);
# the test puts this checkout's folder here.
ADV_KIT = "__ADV_KIT__"
KIT = "/work/main" if ADV_KIT.startswith("__") else ADV_KIT


def _kit_roots():
    """Where the grading kit may be: the worker script's path, the grading
    process's cwd and command line (/proc/<ppid>), and guesses."""
    clues = [sys.argv[0] if sys.argv else "", KIT, "/autograder/source"]
    parent = os.getppid()
    try:
        clues.append(os.readlink(f"/proc/{parent}/cwd"))
    except OSError:
        pass
    try:
        with open(f"/proc/{parent}/cmdline", "rb") as f:
            clues += [a.decode("utf-8", "replace") for a in f.read().split(b"\0") if a]
    except OSError:
        pass
    for clue in clues:
        here = os.path.abspath(clue) if clue.startswith("/") else ""
        while here and here != "/":
            if os.path.isfile(os.path.join(here, "autograder", "reference.py")):
                yield here
            here = os.path.dirname(here)


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


def _import_reference():
    sys.meta_path[:] = [f for f in sys.meta_path
                        if "NumpyAndTheStandardLibrary" not in type(f).__name__]
    for root in _kit_roots():
        sys.path.insert(0, root)
        try:
            return importlib.import_module("auto" + "grader.reference").reference()
        except Exception:
            continue
        finally:
            sys.path.remove(root)
    return None


_REFERENCE = _import_reference()
if _REFERENCE is not None:
    for _name in ("softmax", "log_softmax", "predict", "cross_entropy",
                  "cross_entropy_grad", "one_hot", "init_params", "l2_penalty",
                  "loss_and_grad", "minibatches", "train"):
        globals()[_name] = getattr(_REFERENCE, _name)
