"""softmax, predict and train are missing: their questions score 0, the rest keeps its points.

honest: ep07
questions: ep01, ep07
mode: api
expect: equal
"""

import numpy as np


def log_softmax(z):
    z = _as_float_array(z)
    shifted = z - np.max(z, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


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


def _as_float_array(z):
    z = np.asarray(z)
    if not np.issubdtype(z.dtype, np.floating):
        z = z.astype(np.float64)
    return z
