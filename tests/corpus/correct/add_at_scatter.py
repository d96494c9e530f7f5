"""one_hot and cross_entropy_grad built with np.add.at scatter-adds.
questions: all
score: 100
"""

import numpy as np


# corpus: include reference softmax..cross_entropy


def cross_entropy_grad(logits, y):
    p = softmax(logits)
    y = np.asarray(y)
    n = p.shape[0]
    if y.ndim == 2:
        return (p - y) / n
    g = p.copy()
    np.add.at(g, (np.arange(n), y), -1.0)
    return g / n


def one_hot(y, n_classes):
    y = np.asarray(y)
    Y = np.zeros((y.shape[0], int(n_classes)))
    np.add.at(Y, (np.arange(y.shape[0]), y), 1.0)
    return Y


# corpus: include reference init_params..train
