"""Results that lie: an ndarray subclass with __eq__/__array_ufunc__ overridden, a float with a lying __eq__/__float__, an object with __float__.

The values behind the lies are garbage; only plain data may cross the
channel, so the lies may earn no more than their plain values would: the
honest partial points are what a plain array of -7.0 earns in ep01 and a
plain constant float in ep04 (measured).

honest: ep03
partial: ep01=3, ep04=2.5
questions: ep01, ep04, ep03
mode: api
expect: at-most
"""

import numpy as np


class _AlwaysEqual(np.ndarray):
    """Compares equal to anything and answers every ufunc with 'all true'."""

    def __eq__(self, other):
        return True

    __ne__ = __eq__

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return np.ones(np.shape(inputs[0]), dtype=bool)

    def __float__(self):
        return 0.0


class _LyingFloat(float):
    def __eq__(self, other):
        return True

    __ne__ = __eq__

    def __hash__(self):
        return 0

    def __float__(self):
        return -12345.0


class _FloatLike:
    def __float__(self):
        return 1.0

    def __eq__(self, other):
        return True

    def __array__(self, dtype=None, copy=None):
        return np.array(1.0)


def softmax(z):
    z = _as_float_array(z)
    return np.full(z.shape, -7.0).view(_AlwaysEqual)


def log_softmax(z):
    z = _as_float_array(z)
    shifted = z - np.max(z, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def predict(W, b, X):
    return np.argmax(X @ W + b, axis=1)


def cross_entropy(logits, y):
    return _LyingFloat(-999.0) if np.ndim(y) == 1 else _FloatLike()


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


def train(X, y, *, X_val=None, y_val=None, n_classes=None, epochs=10,
          batch_size=128, lr=0.1, reg=1e-4, seed=0):
    X = np.asarray(X)
    y = np.asarray(y)
    n, d = X.shape
    k = int(n_classes) if n_classes is not None else int(y.max()) + 1
    rng = np.random.default_rng(seed)
    W, b = init_params(d, k, rng)
    # float32 input trains in float32: a float64 W would upcast every batch
    # to float64 before X @ W.  Float64 input keeps init_params' dtype.
    single = X.dtype == np.float32
    # own writable copies, so the steps below can update them in place
    W = np.array(W, dtype=np.float32 if single else None)
    b = np.array(b, dtype=np.float32 if single else None)
    history = {"train_loss": [], "val_acc": []}
    monitor = X_val is not None and y_val is not None
    for _ in range(epochs):
        batch_losses = []
        for idx in minibatches(n, batch_size, rng):
            loss, dW, db = loss_and_grad(W, b, X[idx], y[idx], reg)
            W -= lr * dW
            b -= lr * db
            batch_losses.append(float(loss))
        history["train_loss"].append(float(np.mean(batch_losses)))
        if monitor:
            accuracy = np.mean(predict(W, b, X_val) == np.asarray(y_val))
            history["val_acc"].append(float(accuracy))
    return W, b, history


def _as_float_array(z):
    z = np.asarray(z)
    if not np.issubdtype(z.dtype, np.floating):
        z = z.astype(np.float64)
    return z
