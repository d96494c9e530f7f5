"""softmax subtracts the row mean instead of the row max: [1e4, 0, -1e4] overflows.
loses: ep02
may_lose: ep01
questions: ep01,ep02,ep03
"""

import numpy as np


def softmax(z):
    z = np.asarray(z)
    e = np.exp(z - np.mean(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


# corpus: include reference log_softmax..train
