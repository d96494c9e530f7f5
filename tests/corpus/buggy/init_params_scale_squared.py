"""init_params passes scale**2 as the standard deviation.
loses: ep07
questions: ep07,ep09
"""

import numpy as np


# corpus: include reference softmax..one_hot


def init_params(n_features, n_classes, rng, scale=0.01):
    W = rng.normal(0.0, scale ** 2, size=(n_features, n_classes))
    return W, np.zeros(n_classes)


# corpus: include reference l2_penalty..train
