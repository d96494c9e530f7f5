"""cross_entropy returns a (1,) array (mean with keepdims) instead of a scalar.
loses: ep04
may_lose: ep06
questions: ep04,ep08
"""

import numpy as np


# corpus: include reference softmax..predict


def cross_entropy(logits, y):
    logp = log_softmax(logits)
    y = np.asarray(y)
    if y.ndim == 1:
        y = one_hot(y, logp.shape[1])
    return -np.mean(np.sum(y * logp, axis=1), keepdims=True)


# corpus: include reference cross_entropy_grad..train
