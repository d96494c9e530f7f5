"""loss_and_grad adds reg * sum(W**2) itself (no 0.5) instead of l2_penalty.
loses: ep08
questions: ep08,ep09,ep10
"""

import numpy as np


# corpus: include reference softmax..l2_penalty


def loss_and_grad(W, b, X, y, reg):
    Z = X @ W + b
    dZ = cross_entropy_grad(Z, y)
    loss = cross_entropy(Z, y) + reg * np.sum(W ** 2)
    return loss, X.T @ dZ + reg * W, np.sum(dZ, axis=0)


# corpus: include reference minibatches..train
