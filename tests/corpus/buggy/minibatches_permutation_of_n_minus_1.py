"""minibatches permutes range(n - 1): the last example is never used.
loses: ep09
questions: ep07,ep09
"""

import numpy as np


# corpus: include reference softmax..loss_and_grad


def minibatches(n, batch_size, rng):
    perm = rng.permutation(n - 1)
    return [perm[i:i + batch_size] for i in range(0, n - 1, batch_size)]


# corpus: include reference train
