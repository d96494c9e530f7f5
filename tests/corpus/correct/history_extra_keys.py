"""train keeps extra history keys (epoch, lr, batches, val_loss) besides the two the contract names.
questions: all
score: 100
"""

import numpy as np


# corpus: include reference softmax..minibatches


def train(X, y, *, X_val=None, y_val=None, n_classes=None, epochs=10,
          batch_size=128, lr=0.1, reg=1e-4, seed=0):
    X = np.asarray(X)
    y = np.asarray(y)
    n, d = X.shape
    k = int(n_classes) if n_classes is not None else int(y.max()) + 1
    rng = np.random.default_rng(seed)
    W, b = init_params(d, k, rng)
    history = {"train_loss": [], "val_acc": [], "epoch": [], "lr": lr, "batches": [],
               "val_loss": []}
    for epoch in range(epochs):
        losses = []
        for idx in minibatches(n, batch_size, rng):
            loss, dW, db = loss_and_grad(W, b, X[idx], y[idx], reg)
            W = W - lr * dW
            b = b - lr * db
            losses.append(float(loss))
        history["train_loss"].append(sum(losses) / len(losses))
        history["epoch"].append(epoch + 1)
        history["batches"].append(len(losses))
        if X_val is not None and y_val is not None:
            correct = np.count_nonzero(predict(W, b, X_val) == np.asarray(y_val))
            history["val_acc"].append(correct / len(y_val))
            history["val_loss"].append(cross_entropy(X_val @ W + b, y_val))
    return W, b, history
