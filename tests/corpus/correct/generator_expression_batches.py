"""minibatches returns a generator expression; train copies W once and steps in place.
questions: all
score: 100
"""

import numpy as np


# corpus: include reference softmax..loss_and_grad


def minibatches(n, batch_size, rng):
    perm = rng.permutation(n)
    return (perm[start:start + batch_size] for start in range(0, n, batch_size))


# corpus: include reference train
