"""log_softmax shifts a single row in place before the log-sum-exp.
loses: ep02
questions: ep02,ep04
"""

import numpy as np


# corpus: include reference softmax


def log_softmax(z):
    z = np.asarray(z)
    if z.ndim == 1:
        z -= np.max(z)
        return z - np.log(np.sum(np.exp(z)))
    s = z - np.max(z, axis=-1, keepdims=True)
    return s - np.log(np.sum(np.exp(s), axis=-1, keepdims=True))


# corpus: include reference predict..train
