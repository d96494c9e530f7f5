"""softmax shifts a single row (z.ndim == 1) in place: the caller's array changes.
loses: ep01
may_lose: ep02
questions: ep01,ep03
"""

import numpy as np


def softmax(z):
    z = np.asarray(z)
    if z.ndim == 1:
        z -= z.max()
        e = np.exp(z)
        return e / e.sum()
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


# corpus: include reference log_softmax..train
