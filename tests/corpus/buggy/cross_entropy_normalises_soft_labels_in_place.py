"""cross_entropy renormalises soft labels in place (y /= y.sum(...)).
loses: ep06
may_lose: ep04
questions: ep04,ep06
"""

import numpy as np


# corpus: include reference softmax..predict


def cross_entropy(logits, y):
    logp = log_softmax(logits)
    y = np.asarray(y)
    n = logp.shape[0]
    if y.ndim == 1:
        return float(-np.mean(logp[np.arange(n), y]))
    y /= y.sum(axis=1, keepdims=True)
    return float(-np.sum(y * logp) / n)


# corpus: include reference cross_entropy_grad..train
