"""log_softmax subtracts the row minimum: the largest exponent overflows.
loses: ep02
questions: ep02,ep04
"""

import numpy as np


# corpus: include reference softmax


def log_softmax(z):
    z = np.asarray(z)
    s = z - np.min(z, axis=-1, keepdims=True)
    return s - np.log(np.sum(np.exp(s), axis=-1, keepdims=True))


# corpus: include reference predict..train
