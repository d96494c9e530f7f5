"""minibatches shuffles np.arange(n) with rng.shuffle and init_params scales rng.standard_normal:
both give exactly the contract's draws (permutation(n) is arange + shuffle; normal(0, s) is s * standard_normal).
questions: all
score: 100
"""

import numpy as np


# corpus: include reference softmax..one_hot


def init_params(n_features, n_classes, rng, scale=0.01):
    W = scale * rng.standard_normal(size=(n_features, n_classes))
    return W, np.zeros(n_classes)


# corpus: include reference l2_penalty..loss_and_grad


def minibatches(n, batch_size, rng):
    order = np.arange(n)
    rng.shuffle(order)
    batches = []
    for start in range(0, n, batch_size):
        batches.append(order[start:start + batch_size])
    return batches


# corpus: include reference train
