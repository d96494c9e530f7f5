"""An independent oracle for the loss and its gradients: torch autograd.

The reference solution is one implementation of the contract; torch is
another, written by other people, so the checks of ep04, ep05, ep06 and ep08
compare the submission with both.  Everything here runs in float64.
"""

from functools import lru_cache

import numpy as np


@lru_cache(maxsize=None)
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
    torch = _torch()
    z = torch.tensor(np.asarray(logits, dtype=np.float64), requires_grad=True)
    loss = torch.nn.functional.cross_entropy(z, _targets(torch, y))
    loss.backward()
    return float(loss.detach()), z.grad.numpy().copy()


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


def softmax(z):
    """Row-wise softmax by torch, float64: ``z`` (K,) or (n, K) -> same shape."""
    torch = _torch()
    return torch.softmax(torch.as_tensor(np.asarray(z, dtype=np.float64)), dim=-1).numpy()


def log_softmax(z):
    """Row-wise log-softmax by torch, float64: ``z`` (K,) or (n, K) -> same shape."""
    torch = _torch()
    return torch.log_softmax(torch.as_tensor(np.asarray(z, dtype=np.float64)), dim=-1).numpy()
