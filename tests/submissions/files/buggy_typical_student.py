"""A typical student submission with two bugs, written from scratch.

Bug 1 (ep02): log_softmax is np.log(softmax(z)); it is -inf wherever softmax
underflows to 0, e.g. log_softmax([1e4, 0, -1e4]).  Its softmax is stable, and
cross_entropy calls log_softmax, but while ep04 is graded log_softmax is the
reference's, so only ep02 sees it.

Bug 2 (ep08): l2_penalty keeps the 0.5 in the penalty but returns
dW = 2 * reg * W, the gradient of reg * sum(W**2).  Training still works:
with reg = 1e-4 twice the weight decay changes nothing visible (test
accuracy 0.835 with the defaults, as the reference), so fashion_mnist keeps
its points.

loses: ep02 ep08
may_lose:
"""

import numpy as np


def softmax(z):
    # subtract the max of every row so exp never overflows
    z = np.array(z, dtype=float)
    z = z - np.max(z, axis=-1, keepdims=True)
    exps = np.exp(z)
    return exps / np.sum(exps, axis=-1, keepdims=True)


def log_softmax(z):
    return np.log(softmax(z))


def predict(W, b, X):
    scores = np.dot(X, W) + b
    return np.argmax(scores, axis=1)


def cross_entropy(logits, y):
    log_probs = log_softmax(logits)
    n = log_probs.shape[0]
    y = np.asarray(y)
    if y.ndim == 2:  # soft labels / one-hot rows
        return -np.sum(y * log_probs) / n
    return -np.sum(log_probs[range(n), y]) / n


def cross_entropy_grad(logits, y):
    probs = softmax(logits)
    n, num_classes = probs.shape
    y = np.asarray(y)
    if y.ndim == 1:
        y = one_hot(y, num_classes)
    return (probs - y) / n


def one_hot(y, n_classes):
    result = np.zeros((len(y), n_classes))
    result[np.arange(len(y)), y] = 1
    return result


def init_params(n_features, n_classes, rng, scale=0.01):
    W = rng.normal(0.0, scale, size=(n_features, n_classes))
    b = np.zeros(n_classes)
    return W, b


def l2_penalty(W, reg):
    penalty = 0.5 * reg * np.sum(W ** 2)
    dW = 2 * reg * W
    return penalty, dW


def loss_and_grad(W, b, X, y, reg):
    scores = X.dot(W) + b
    reg_loss, reg_grad = l2_penalty(W, reg)
    loss = cross_entropy(scores, y) + reg_loss
    dscores = cross_entropy_grad(scores, y)
    dW = X.T.dot(dscores) + reg_grad
    db = dscores.sum(axis=0)
    return loss, dW, db


def minibatches(n, batch_size, rng):
    indices = rng.permutation(n)
    batches = []
    for start in range(0, n, batch_size):
        batches.append(indices[start:start + batch_size])
    return batches


def train(X, y, *, X_val=None, y_val=None, n_classes=None, epochs=10,
          batch_size=128, lr=0.1, reg=1e-4, seed=0):
    rng = np.random.default_rng(seed)
    num_examples, num_features = X.shape
    if n_classes is None:
        n_classes = int(np.max(y)) + 1
    W, b = init_params(num_features, n_classes, rng)
    history = {"train_loss": [], "val_acc": []}
    for epoch in range(epochs):
        epoch_losses = []
        for batch in minibatches(num_examples, batch_size, rng):
            loss, dW, db = loss_and_grad(W, b, X[batch], y[batch], reg)
            W = W - lr * dW
            b = b - lr * db
            epoch_losses.append(loss)
        history["train_loss"].append(float(np.mean(epoch_losses)))
        if X_val is not None and y_val is not None:
            val_pred = predict(W, b, X_val)
            history["val_acc"].append(float(np.mean(val_pred == y_val)))
    return W, b, history
