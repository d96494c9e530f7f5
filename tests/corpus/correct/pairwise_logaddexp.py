"""log_softmax's normaliser folded column by column with functools.reduce(np.logaddexp).
questions: all
score: 100
"""

import functools

import numpy as np


# corpus: include reference softmax


def log_softmax(z):
    z = np.asarray(z, dtype=float)
    columns = np.moveaxis(z, -1, 0)
    lse = functools.reduce(np.logaddexp, columns)
    return z - np.expand_dims(lse, -1)


# corpus: include reference predict..train
