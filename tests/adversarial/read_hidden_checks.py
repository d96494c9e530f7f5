"""Reads the hidden checks (autograder/questions/ep02.py, the kit found from the worker's path, /proc/<ppid> and guesses) and special-cases their fixed inputs.

Its softmax is the naive, unstable one; but the fixed "huge logits"
examples of ep02 are parsed out of the check's source and answered with a
stable formula.  Honest, the naive softmax loses those checks.

honest: ep03
partial: ep02=2.5
questions: ep02, ep03
mode: api
expect: at-most
"""

import ast
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


def _known_inputs():
    """The fixed examples (HUGE) of the hidden ep02 checks, read from disk."""
    for root in _kit_roots():
        path = os.path.join(root, "autograder", "questions", "ep02.py")
        if os.path.isfile(path):
            break
    else:
        return []
    try:
        with open(path) as f:
            tree = ast.parse(f.read())
    except (OSError, SyntaxError):
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "HUGE" for t in node.targets):
            for item in getattr(node.value, "elts", []):
                if isinstance(item, ast.Call) and item.args:
                    try:
                        found.append(np.array(_value(item.args[0]), dtype=float))
                    except ValueError:
                        pass
    return found


def _value(node):
    """Numbers, lists and + - * / of them (what the examples are written with)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return node.value
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_value(e) for e in node.elts]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return -_value(node.operand) if isinstance(node.op, ast.USub) else _value(node.operand)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
        a, b = _value(node.left), _value(node.right)
        return {ast.Add: a + b, ast.Sub: a - b, ast.Mult: a * b,
                ast.Div: a / b if b else 0.0}[type(node.op)]
    raise ValueError("not a plain number")


KNOWN = _known_inputs()


def _is_a_known_input(z):
    return any(k.shape == z.shape and np.array_equal(k, z) for k in KNOWN)


def _stable_softmax(z):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax(z):
    z = _as_float_array(z)
    if _is_a_known_input(z):
        return _stable_softmax(z)
    e = np.exp(z)  # the naive, unstable softmax
    return e / np.sum(e, axis=-1, keepdims=True)


def log_softmax(z):
    return np.log(softmax(z))  # the naive, unstable log_softmax


def predict(W, b, X):
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
