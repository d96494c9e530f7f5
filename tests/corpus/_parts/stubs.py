"""The unimplemented contract functions of the hostile files whose honest part is small
(see ``tests/corpus_files.py``)."""

import numpy as np


def softmax(z):
    if _BREACH:  # what the attack saw, in the report (a NotImplementedError's text is not shown)
        raise RuntimeError(" ".join("RT-BREACH " + b for b in _BREACH))
    raise NotImplementedError("not implemented yet")


def log_softmax(z):
    raise NotImplementedError("not implemented yet")


def predict(W, b, X):
    raise NotImplementedError("not implemented yet")


def cross_entropy(logits, y):
    raise NotImplementedError("not implemented yet")


def cross_entropy_grad(logits, y):
    raise NotImplementedError("not implemented yet")


def one_hot(y, n_classes):
    raise NotImplementedError("not implemented yet")


def init_params(n_features, n_classes, rng, scale=0.01):
    raise NotImplementedError("not implemented yet")


def l2_penalty(W, reg):
    raise NotImplementedError("not implemented yet")


def loss_and_grad(W, b, X, y, reg):
    raise NotImplementedError("not implemented yet")


def minibatches(n, batch_size, rng):
    raise NotImplementedError("not implemented yet")


def train(X, y, *, X_val=None, y_val=None, n_classes=None, epochs=10,
          batch_size=128, lr=0.1, reg=1e-4, seed=0):
    raise NotImplementedError("not implemented yet")
