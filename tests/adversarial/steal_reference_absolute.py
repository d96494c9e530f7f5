"""Reads the reference from guessed absolute paths (the kit's deployment folder, Gradescope's /autograder/source/..., a few globs) and answers with it.

All stubs otherwise.  A sandbox with its own view of the file system (or a
user that cannot read the kit) makes every guess miss.

honest: none
questions: ep01, ep07
mode: api
expect: equal
"""

import glob
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


# Where the kit is deployed is no secret (on Gradescope, /autograder/source);
# the test puts this checkout's folder here.
ADV_KIT = "__ADV_KIT__"
KIT = "/work/main" if ADV_KIT.startswith("__") else ADV_KIT


def _absolute_candidates():
    yield os.path.join(KIT, "solution", "softmax.py")
    yield "/autograder/source/solution/softmax.py"
    yield "/autograder/solution/softmax.py"
    yield "/autograder/source/autograder/solution/softmax.py"
    for pattern in ("/work/*/solution/softmax.py", "/srv/*/solution/softmax.py",
                    "/home/*/*/solution/softmax.py", "/root/*/solution/softmax.py",
                    "/opt/*/solution/softmax.py"):
        yield from sorted(glob.glob(pattern))


STOLEN_FROM = _steal(_absolute_candidates())
