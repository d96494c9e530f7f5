"""Stubs whose NotImplementedError is a ValueError carrying forged report lines: newlines, U+2028,
U+2029, U+202E, U+0085, CR, VT, FF, ANSI erase-line, BEL, NUL and lone surrogates.
honest: 0
attack: make student text pass for the grader's (forged check lines, forged score), break the report writer
questions: ep01,ep04,ep07
"""

import numpy as np


# corpus: include forged _FORGED


def softmax(z):
    raise ValueError(_FORGED)


def log_softmax(z):
    raise ValueError(_FORGED)


def predict(W, b, X):
    raise ValueError(_FORGED)


def cross_entropy(logits, y):
    raise ValueError(_FORGED)


def cross_entropy_grad(logits, y):
    raise ValueError(_FORGED)


def one_hot(y, n_classes):
    raise ValueError(_FORGED)


def init_params(n_features, n_classes, rng, scale=0.01):
    raise ValueError(_FORGED)


def l2_penalty(W, reg):
    raise ValueError(_FORGED)


def loss_and_grad(W, b, X, y, reg):
    raise ValueError(_FORGED)


def minibatches(n, batch_size, rng):
    raise ValueError(_FORGED)


def train(X, y, *, X_val=None, y_val=None, n_classes=None, epochs=10,
          batch_size=128, lr=0.1, reg=1e-4, seed=0):
    raise ValueError(_FORGED)
