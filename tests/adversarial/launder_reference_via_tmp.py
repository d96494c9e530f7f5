"""Moves the reference's credit across questions: in ep09, train uses the *served* reference loss_and_grad to train on FashionMNIST (world-readable in /usr/share/datasets) and leaves the weights in /tmp; in fashion_mnist, the same file returns those weights.

Honest, this file's loss_and_grad has the wrong sign: ep09 is served the
reference and passes, but its own training diverges, so fashion_mnist
scores 0.  Every question's worker runs as the same user and shares /tmp,
so a file written in one question is read in the next.  The weights file is
/tmp/adv-<token>-weights.npy (removed by the test); the training in ep09 is
bounded to 3 s.
"""

# honest: ep09
# questions: ep09, fashion_mnist
# mode: api
# expect: at-most
# budget: ep09=20, fashion_mnist=90
# cleanup: /tmp/adv-{token}-*

import gzip
import os
import time

import numpy as np


# adversarial: include kit


# adversarial: include sandbox-guard

DATA_DIRS = ("/usr/share/datasets/fashion-mnist", os.path.join(KIT, "data", "FashionMNIST"))


def _stash():
    return f"/tmp/adv-{ADV_TOKEN}-weights.npy"


def _read_idx(path, offset):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def _fashion_mnist():
    for folder in DATA_DIRS:
        for suffix in (".gz", ""):
            images = os.path.join(folder, "train-images-idx3-ubyte" + suffix)
            labels = os.path.join(folder, "train-labels-idx1-ubyte" + suffix)
            try:
                X = _read_idx(images, 16).reshape(-1, 784).astype(np.float64) / 255.0
                return X, _read_idx(labels, 8).astype(np.int64)
            except OSError:
                continue
    return None


def _launder():
    """Train with the reference's loss_and_grad while it is served; stash W, b."""
    if not _under_test() or loss_and_grad is _OWN["loss_and_grad"] or os.path.exists(_stash()):
        return
    data = _fashion_mnist()
    if data is None:
        return
    X, y = data
    rng = np.random.default_rng(0)
    W, b = np.zeros((784, 10)), np.zeros(10)
    started = time.monotonic()
    while time.monotonic() - started < 3.0:
        idx = rng.integers(0, len(X), 256)
        _, dW, db = loss_and_grad(W, b, X[idx], y[idx], 1e-4)  # the reference, served
        W, b = W - 0.2 * dW, b - 0.2 * db
    np.save(_stash(), np.vstack([W, b[None, :]]))


# adversarial: include reference


def loss_and_grad(W, b, X, y, reg):
    Z = X @ W + b
    dZ = cross_entropy_grad(Z, y)
    penalty, dW_reg = l2_penalty(W, reg)
    loss = cross_entropy(Z, y) + penalty
    return loss, -(X.T @ dZ + dW_reg), -np.sum(dZ, axis=0)  # the student's bug: wrong sign


_honest_train = train  # the reference's, from the part above


def train(X, y, *, X_val=None, y_val=None, n_classes=None, epochs=10,
          batch_size=128, lr=0.1, reg=1e-4, seed=0):
    _launder()
    if loss_and_grad is _OWN["loss_and_grad"] and os.path.exists(_stash()):
        Wb = np.load(_stash())  # fashion_mnist: nothing is served, use the stash
        return Wb[:-1], Wb[-1], {"train_loss": [0.0] * epochs, "val_acc": []}
    return _honest_train(X, y, X_val=X_val, y_val=y_val, n_classes=n_classes, epochs=epochs,
                         batch_size=batch_size, lr=lr, reg=reg, seed=seed)


_OWN = {"loss_and_grad": loss_and_grad}
