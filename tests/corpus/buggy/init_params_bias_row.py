"""init_params returns the bias as a (1, K) row instead of (K,).
loses: ep07
questions: ep07,ep09
"""

import numpy as np


# corpus: include reference softmax..one_hot


def init_params(n_features, n_classes, rng, scale=0.01):
    W = rng.normal(0.0, scale, size=(n_features, n_classes))
    return W, np.zeros((1, n_classes))


# corpus: include reference l2_penalty..train
