"""The reference functions most corpus files share (see ``tests/corpus_files.py``)."""

import numpy as np


def softmax(z):
    z = np.asarray(z)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def log_softmax(z):
    z = np.asarray(z)
    s = z - np.max(z, axis=-1, keepdims=True)
    return s - np.log(np.sum(np.exp(s), axis=-1, keepdims=True))


def predict(W, b, X):
    return np.argmax(X @ W + b, axis=1)


def cross_entropy(logits, y):
    logp = log_softmax(logits)
    y = np.asarray(y)
    n = logp.shape[0]
    if y.ndim == 1:
        return float(-np.mean(logp[np.arange(n), y]))
    return float(-np.sum(y * logp) / n)


def cross_entropy_grad(logits, y):
    p = softmax(logits)
    y = np.asarray(y)
    n = p.shape[0]
    if y.ndim == 1:
        y = one_hot(y, p.shape[1])
    return (p - y) / n


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
    return 0.5 * reg * float(np.sum(W * W)), reg * W


def loss_and_grad(W, b, X, y, reg):
    Z = X @ W + b
    penalty, dW_reg = l2_penalty(W, reg)
    loss = cross_entropy(Z, y) + penalty
    dZ = cross_entropy_grad(Z, y)
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
    W = np.array(W)
    b = np.array(b)
    history = {"train_loss": [], "val_acc": []}
    for _ in range(epochs):
        losses = []
        for idx in minibatches(n, batch_size, rng):
            loss, dW, db = loss_and_grad(W, b, X[idx], y[idx], reg)
            W = W - lr * dW
            b = b - lr * db
            losses.append(float(loss))
        history["train_loss"].append(float(np.mean(losses)))
        if X_val is not None and y_val is not None:
            acc = np.mean(predict(W, b, X_val) == np.asarray(y_val))
            history["val_acc"].append(float(acc))
    return W, b, history
