"""train copies W, b once, steps in place, and computes val_acc from its own predict call
with np.count_nonzero; loss_and_grad uses dZ.T @ X transposed and a 0-d array loss.
questions: all
score: 100
"""

import numpy as np


# corpus: include reference softmax..l2_penalty


def loss_and_grad(W, b, X, y, reg):
    Z = np.dot(X, W) + b[None, :]
    dZ = cross_entropy_grad(Z, y)
    penalty, dW_reg = l2_penalty(W, reg)
    loss = np.asarray(cross_entropy(Z, y) + penalty)
    return loss, (dZ.T @ X).T + dW_reg, dZ.sum(0)


# corpus: include reference minibatches


def train(X, y, *, X_val=None, y_val=None, n_classes=None, epochs=10,
          batch_size=128, lr=0.1, reg=1e-4, seed=0):
    n, d = np.shape(X)
    k = n_classes or int(np.max(y)) + 1
    rng = np.random.default_rng(seed)
    W, b = init_params(d, k, rng)
    W, b = W.copy(), b.copy()
    history = dict(train_loss=[], val_acc=[])
    for _ in range(epochs):
        batch_losses = []
        for idx in minibatches(n, batch_size, rng):
            loss, dW, db = loss_and_grad(W, b, X[idx], y[idx], reg)
            W -= lr * dW
            b -= lr * db
            batch_losses.append(float(loss))
        history["train_loss"].append(float(np.mean(batch_losses)))
        if X_val is not None and y_val is not None:
            hits = np.count_nonzero(predict(W, b, X_val) == y_val)
            history["val_acc"].append(hits / len(y_val))
    return W, b, history
