"""Softmax, predict and the gradients written with np.einsum.
questions: all
score: 100
"""

import numpy as np


def softmax(z):
    z = np.asarray(z)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    total = np.einsum("...k->...", e)[..., None]
    return e / total


# corpus: include reference log_softmax


def predict(W, b, X):
    return np.einsum("nd,dk->nk", X, W).__add__(b).argmax(axis=1)


# corpus: include reference cross_entropy..l2_penalty


def loss_and_grad(W, b, X, y, reg):
    Z = np.einsum("nd,dk->nk", X, W) + b
    penalty, dW_reg = l2_penalty(W, reg)
    dZ = cross_entropy_grad(Z, y)
    return cross_entropy(Z, y) + penalty, np.einsum("nd,nk->dk", X, dZ) + dW_reg, np.einsum("nk->k", dZ)


# corpus: include reference minibatches..train
