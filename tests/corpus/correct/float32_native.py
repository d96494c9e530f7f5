"""Float32 in, float32 out everywhere: no silent upcast; train runs in the input's dtype.
questions: all
score: 100
"""

import numpy as np


def softmax(z):
    z = np.asarray(z)
    if not np.issubdtype(z.dtype, np.floating):
        z = z.astype(np.float64)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True, dtype=z.dtype)


# corpus: include reference log_softmax..cross_entropy


def cross_entropy_grad(logits, y):
    p = softmax(logits)
    y = np.asarray(y)
    n = p.shape[0]
    if y.ndim == 2:
        return ((p - y) / n).astype(p.dtype, copy=False)
    g = p.copy()
    g[np.arange(n), y] -= p.dtype.type(1)
    return g / p.dtype.type(n)


# corpus: include reference one_hot..minibatches


def train(X, y, *, X_val=None, y_val=None, n_classes=None, epochs=10,
          batch_size=128, lr=0.1, reg=1e-4, seed=0):
# corpus: include reference train body through "W, b = init_params(d, k, rng)"
    dtype = X.dtype if X.dtype == np.float32 else np.float64
    W = np.asarray(W, dtype=dtype).copy()
    b = np.asarray(b, dtype=dtype).copy()
    history = {"train_loss": [], "val_acc": []}
    for _ in range(epochs):
        losses = [0.0, 0]
        for idx in minibatches(n, batch_size, rng):
            loss, dW, db = loss_and_grad(W, b, X[idx], y[idx], reg)
            W -= (lr * dW).astype(dtype, copy=False)
            b -= (lr * db).astype(dtype, copy=False)
            losses[0] += float(loss)
            losses[1] += 1
        history["train_loss"].append(losses[0] / losses[1])
        if X_val is not None and y_val is not None:
            history["val_acc"].append(float((predict(W, b, X_val) == y_val).mean()))
    return W, b, history
