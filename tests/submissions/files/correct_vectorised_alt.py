"""A correct submission in a compact, vectorised style of its own.

It shares one log-sum-exp helper between softmax, log_softmax and the loss,
turns integer labels into one-hot rows once, yields batches from a generator
and updates W and b in place.  Nothing here comes from the reference text.

loses:
may_lose:
"""

import numpy as np


def _logsumexp(z):
    """Stable log(sum(exp(z))) over the last axis, keeping that axis."""
    top = z.max(axis=-1, keepdims=True)
    return top + np.log(np.exp(z - top).sum(axis=-1, keepdims=True))


def _floats(z):
    z = np.asarray(z)
    return z if z.dtype.kind == "f" else z.astype(np.float64)


def _targets(y, n_classes):
    """Probability rows for either label form."""
    y = np.asarray(y)
    return one_hot(y, n_classes) if y.ndim == 1 else y


def softmax(z):
    z = _floats(z)
    return np.exp(z - _logsumexp(z))


def log_softmax(z):
    z = _floats(z)
    top = z.max(axis=-1, keepdims=True)
    shifted = z - top
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def predict(W, b, X):
    return (X @ W + b).argmax(axis=-1)


def one_hot(y, n_classes):
    y = np.asarray(y)
    return (y[:, None] == np.arange(n_classes)[None, :]).astype(np.float64)


def cross_entropy(logits, y):
    logp = log_softmax(logits)
    targets = _targets(y, logp.shape[-1])
    return float(-(targets * logp).sum() / logp.shape[0])


def cross_entropy_grad(logits, y):
    p = softmax(logits)
    return (p - _targets(y, p.shape[-1])) / p.shape[0]


def init_params(n_features, n_classes, rng, scale=0.01):
    return rng.normal(0.0, scale, (n_features, n_classes)), np.zeros((n_classes,))


def l2_penalty(W, reg):
    return float(0.5 * reg * np.square(W).sum()), reg * W


def loss_and_grad(W, b, X, y, reg):
    logits = X @ W + b
    dlogits = cross_entropy_grad(logits, y)
    penalty, dpenalty = l2_penalty(W, reg)
    return (cross_entropy(logits, y) + penalty,
            X.T @ dlogits + dpenalty,
            dlogits.sum(axis=0))


def minibatches(n, batch_size, rng):
    order = rng.permutation(n)
    yield from (order[i:i + batch_size] for i in range(0, n, batch_size))


def train(X, y, *, X_val=None, y_val=None, n_classes=None, epochs=10,
          batch_size=128, lr=0.1, reg=1e-4, seed=0):
    X, y = np.asarray(X), np.asarray(y)
    K = int(y.max()) + 1 if n_classes is None else n_classes
    rng = np.random.default_rng(seed)
    W, b = init_params(X.shape[1], K, rng)
    curves = {"train_loss": [], "val_acc": [], "lr": lr}
    validate = X_val is not None and y_val is not None
    for _ in range(epochs):
        losses = np.array([_sgd_step(W, b, X[idx], y[idx], lr, reg)
                           for idx in minibatches(len(X), batch_size, rng)])
        curves["train_loss"].append(float(losses.mean()))
        if validate:
            curves["val_acc"].append(float((predict(W, b, X_val) == y_val).mean()))
    return W, b, curves


def _sgd_step(W, b, X_batch, y_batch, lr, reg):
    """Update W and b in place with one SGD step; return the batch loss."""
    loss, dW, db = loss_and_grad(W, b, X_batch, y_batch, reg)
    W -= lr * dW
    b -= lr * db
    return loss
