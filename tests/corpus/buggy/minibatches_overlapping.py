"""minibatches slices perm[i:i + batch_size + 1]: neighbouring batches share an index.
loses: ep09
questions: ep07,ep09
"""

import numpy as np


# corpus: include reference softmax..loss_and_grad


def minibatches(n, batch_size, rng):
    perm = rng.permutation(n)
    return [perm[i:i + batch_size + 1] for i in range(0, n, batch_size)]


# corpus: include reference train
