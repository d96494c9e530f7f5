"""cross_entropy measures the loss in bits (np.log2 of softmax) instead of nats.
loses: ep04
may_lose: ep06
questions: ep04,ep08
"""

import numpy as np


# corpus: include reference softmax..predict


def cross_entropy(logits, y):
    logp = log_softmax(logits) / np.log(2.0)
    y = np.asarray(y)
    n = logp.shape[0]
    if y.ndim == 1:
        return float(-np.mean(logp[np.arange(n), y]))
    return float(-np.sum(y * logp) / n)


# corpus: include reference cross_entropy_grad..train
