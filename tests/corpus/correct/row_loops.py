"""Explicit Python loops over rows in softmax, log_softmax, one_hot and cross_entropy.
questions: all
score: 100
"""

import numpy as np


def softmax(z):
    z = np.asarray(z, dtype=float)
    if z.ndim == 1:
        return softmax(z[None, :])[0]
    out = np.empty_like(z)
    for i in range(z.shape[0]):
        row = z[i] - max(z[i])
        e = np.exp(row)
        out[i] = e / e.sum()
    return out


def log_softmax(z):
    z = np.asarray(z, dtype=float)
    if z.ndim == 1:
        return log_softmax(z[None, :])[0]
    out = np.empty_like(z)
    for i in range(z.shape[0]):
        m = z[i].max()
        out[i] = z[i] - (m + np.log(np.exp(z[i] - m).sum()))
    return out


# corpus: include reference predict


def cross_entropy(logits, y):
    logp = log_softmax(logits)
    y = np.asarray(y)
    total = 0.0
    for i in range(logp.shape[0]):
        if y.ndim == 1:
            total -= logp[i, int(y[i])]
        else:
            total -= float(np.dot(y[i], logp[i]))
    return total / logp.shape[0]


# corpus: include reference cross_entropy_grad


def one_hot(y, n_classes):
    Y = np.zeros((len(y), int(n_classes)))
    for i, label in enumerate(y):
        Y[i, int(label)] = 1.0
    return Y


# corpus: include reference init_params..train
