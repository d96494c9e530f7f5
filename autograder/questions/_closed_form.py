"""Numpy oracles of ep06 and ep08: the loss written from its definition.

Neither the reference nor torch: the public checks run in the student's
environment, which has neither.  The loss is evaluated in float64 through
``np.logaddexp.reduce``; gradients come from its closed form or from central
differences of it.
"""

import numpy as np


def targets(y, k):
    """Target rows ``(n, k)`` float64: one-hot rows of integer labels, or ``y`` itself."""
    y = np.asarray(y)
    if y.ndim == 1:
        return (y[:, None] == np.arange(k)[None, :]).astype(np.float64)
    return y.astype(np.float64)


def log_probabilities(z):
    """``log softmax`` of every row of ``z`` (n, K), float64."""
    z = np.asarray(z, dtype=np.float64)
    return z - np.logaddexp.reduce(z, axis=1, keepdims=True)


def cross_entropy(z, y):
    """Mean over rows of ``-sum_k T[i, k] * log p[i, k]``; ``y`` (n,) int or (n, K) rows."""
    T = targets(y, np.shape(z)[1])
    return float(-np.einsum("ik,ik->", T, log_probabilities(z)) / T.shape[0])


def cross_entropy_gradient(z, y):
    """``d cross_entropy / d z``, (n, K) float64: ``(p - T) / n``."""
    T = targets(y, np.shape(z)[1])
    return (np.exp(log_probabilities(z)) - T) / T.shape[0]


def objective(W, b, X, y, reg):
    """``cross_entropy(X @ W + b, y) + 0.5 * reg * sum(W**2)``, float64."""
    W = np.asarray(W, dtype=np.float64)
    z = np.asarray(X, dtype=np.float64) @ W + np.asarray(b, dtype=np.float64)
    return cross_entropy(z, y) + 0.5 * reg * float(np.einsum("ij,ij->", W, W))


def objective_gradients(W, b, X, y, reg):
    """``(dW (d, K), db (K,))`` of :func:`objective`, float64, from the chain rule."""
    X = np.asarray(X, dtype=np.float64)
    dz = cross_entropy_gradient(X @ np.asarray(W, dtype=np.float64) + b, y)
    return X.T @ dz + reg * np.asarray(W, dtype=np.float64), dz.sum(axis=0)


def central_differences(f, x, h=1e-5):
    """``(f(x + h e_i) - f(x - h e_i)) / (2 h)`` for every entry ``i`` of ``x``.

    Truncation error ``O(h**2)``: about 1e-10 here, far below the checks'
    tolerance.
    """
    x = np.array(x, dtype=np.float64)
    gradient = np.empty_like(x)
    for index in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[index] = h
        gradient[index] = (f(x + step) - f(x - step)) / (2 * h)
    return gradient
