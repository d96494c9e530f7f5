"""A correct submission written with plain Python loops.

The kind of file a student who distrusts broadcasting writes: every function
walks over rows (and sometimes classes) one at a time.  Slow, but it follows
the contract exactly, including the random draws.

loses:
may_lose:
"""

import math

import numpy as np


def _float_copy(a):
    a = np.array(a)
    if a.dtype != np.float32 and a.dtype != np.float64:
        a = a.astype(np.float64)
    return a


def _softmax_row(row):
    biggest = row[0]
    for value in row:
        if value > biggest:
            biggest = value
    out = np.zeros_like(row)
    total = 0.0
    for k in range(len(row)):
        out[k] = math.exp(row[k] - biggest)
        total += out[k]
    for k in range(len(row)):
        out[k] = out[k] / total
    return out


def _log_softmax_row(row):
    biggest = row[0]
    for value in row:
        if value > biggest:
            biggest = value
    total = 0.0
    for value in row:
        total += math.exp(value - biggest)
    log_total = math.log(total)
    out = np.zeros_like(row)
    for k in range(len(row)):
        out[k] = (row[k] - biggest) - log_total
    return out


def softmax(z):
    z = _float_copy(z)
    if z.ndim == 1:
        return _softmax_row(z)
    result = np.zeros_like(z)
    for i in range(z.shape[0]):
        result[i] = _softmax_row(z[i])
    return result


def log_softmax(z):
    z = _float_copy(z)
    if z.ndim == 1:
        return _log_softmax_row(z)
    result = np.zeros_like(z)
    for i in range(z.shape[0]):
        result[i] = _log_softmax_row(z[i])
    return result


def predict(W, b, X):
    n = X.shape[0]
    labels = np.zeros(n, dtype=int)
    for i in range(n):
        scores = X[i] @ W + b
        labels[i] = int(np.argmax(scores))
    return labels


def one_hot(y, n_classes):
    Y = np.zeros((len(y), n_classes))
    for i in range(len(y)):
        Y[i][int(y[i])] = 1.0
    return Y


def cross_entropy(logits, y):
    logp = log_softmax(logits)
    y = np.asarray(y)
    n, k = logp.shape
    total = 0.0
    for i in range(n):
        if y.ndim == 1:
            total += -logp[i, int(y[i])]
        else:
            for c in range(k):
                if y[i, c] != 0:
                    total += -y[i, c] * logp[i, c]
    return float(total / n)


def cross_entropy_grad(logits, y):
    p = softmax(logits)
    y = np.asarray(y)
    n, k = p.shape
    grad = np.zeros((n, k))
    for i in range(n):
        for c in range(k):
            if y.ndim == 1:
                target = 1.0 if c == int(y[i]) else 0.0
            else:
                target = y[i, c]
            grad[i, c] = (p[i, c] - target) / n
    return grad


def init_params(n_features, n_classes, rng, scale=0.01):
    W = rng.normal(0.0, scale, size=(n_features, n_classes))
    b = np.zeros(n_classes)
    return W, b


def l2_penalty(W, reg):
    total = 0.0
    for row in W:
        for w in row:
            total += w * w
    return 0.5 * reg * total, reg * W


def loss_and_grad(W, b, X, y, reg):
    Z = X @ W + b
    data_loss = cross_entropy(Z, y)
    dZ = cross_entropy_grad(Z, y)
    penalty, dW_penalty = l2_penalty(W, reg)
    dW = X.T @ dZ + dW_penalty
    db = np.zeros(len(b))
    for i in range(dZ.shape[0]):
        db += dZ[i]
    return data_loss + penalty, dW, db


def minibatches(n, batch_size, rng):
    order = rng.permutation(n)
    batches = []
    start = 0
    while start < n:
        batches.append(order[start:start + batch_size])
        start = start + batch_size
    return batches


def train(X, y, *, X_val=None, y_val=None, n_classes=None, epochs=10,
          batch_size=128, lr=0.1, reg=1e-4, seed=0):
    n, d = X.shape
    if n_classes is None:
        n_classes = int(max(y)) + 1
    rng = np.random.default_rng(seed)
    W, b = init_params(d, n_classes, rng)
    history = {"train_loss": [], "val_acc": []}
    for epoch in range(epochs):
        losses = []
        for batch in minibatches(n, batch_size, rng):
            loss, dW, db = loss_and_grad(W, b, X[batch], y[batch], reg)
            W = W - lr * dW
            b = b - lr * db
            losses.append(float(loss))
        history["train_loss"].append(sum(losses) / len(losses))
        if X_val is not None and y_val is not None:
            guesses = predict(W, b, X_val)
            right = 0
            for i in range(len(guesses)):
                if guesses[i] == y_val[i]:
                    right += 1
            history["val_acc"].append(right / len(guesses))
    return W, b, history
