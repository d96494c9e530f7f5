"""Oracles independent of the reference: numpy closed forms, central differences, torch.

The reference solution is one implementation of the contract; the checks
compare the submission with formulas written another way: log-sum-exp by
``np.logaddexp.reduce`` (no max shift) for softmax, log_softmax and the
cross-entropy with its gradient, which public checks can use (the handout has
no torch), and torch autograd for the full objective of ep08 (imported only
when a check asks for it).  Everything here runs in float64.
"""

from functools import cache

import numpy as np


@cache
def _torch():
    import torch

    torch.set_num_threads(1)
    return torch


def _targets(torch, y):
    y = np.asarray(y)
    if y.ndim == 1:
        return torch.as_tensor(y.astype(np.int64))
    return torch.as_tensor(y.astype(np.float64))


def cross_entropy_and_grad(logits, y):
    """Mean cross-entropy and its gradient with respect to the logits.

    Parameters
    ----------
    logits : (n, K) float
    y : (n,) int or (n, K) float probability rows

    Returns
    -------
    loss : float
    grad : (n, K) float64
    """
    logp = log_softmax(logits)
    n, k = logp.shape
    y = np.asarray(y)
    targets = np.eye(k)[y] if y.ndim == 1 else y.astype(np.float64)
    loss = -np.sum(targets * logp) / n
    return float(loss), (np.exp(logp) - targets) / n


def objective_and_grads(W, b, X, y, reg):
    """``cross_entropy(X @ W + b, y) + 0.5 * reg * sum(W**2)`` and its gradients.

    Returns
    -------
    loss : float
    dW : (d, K) float64
    db : (K,) float64
    """
    torch = _torch()
    Wt = torch.tensor(np.asarray(W, dtype=np.float64), requires_grad=True)
    bt = torch.tensor(np.asarray(b, dtype=np.float64), requires_grad=True)
    Xt = torch.tensor(np.asarray(X, dtype=np.float64))
    logits = Xt @ Wt + bt
    loss = torch.nn.functional.cross_entropy(logits, _targets(torch, y))
    loss = loss + 0.5 * reg * (Wt * Wt).sum()
    loss.backward()
    return float(loss.detach()), Wt.grad.numpy().copy(), bt.grad.numpy().copy()


def numerical_gradient(f, x, h=1e-5):
    """Central-difference gradient of the scalar function ``f`` at ``x``.

    ``(f(x + h e_i) - f(x - h e_i)) / (2 h)`` for every entry ``i``; the
    truncation error is ``O(h**2)``.
    """
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        old = x[index]
        x[index] = old + h
        plus = f(x)
        x[index] = old - h
        minus = f(x)
        x[index] = old
        grad[index] = (plus - minus) / (2 * h)
    return grad


def log_softmax(z):
    """Row-wise log-softmax, float64: ``z`` (K,) or (n, K) -> same shape.

    ``z - log(sum(exp(z)))`` with the log-sum-exp of ``np.logaddexp.reduce``,
    exact to rounding for any finite logits.
    """
    z = np.asarray(z, dtype=np.float64)
    return z - np.logaddexp.reduce(z, axis=-1, keepdims=True)


def softmax(z):
    """Row-wise softmax, float64: ``z`` (K,) or (n, K) -> same shape."""
    return np.exp(log_softmax(z))
