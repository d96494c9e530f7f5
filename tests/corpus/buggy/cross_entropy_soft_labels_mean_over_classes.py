"""for probability rows cross_entropy averages over all n*K entries.
loses: ep06
may_lose: ep04
questions: ep04,ep06,ep08
"""

import numpy as np


# corpus: include reference softmax..predict


def cross_entropy(logits, y):
    logp = log_softmax(logits)
    y = np.asarray(y)
    if y.ndim == 1:
        return float(-np.mean(logp[np.arange(logp.shape[0]), y]))
    return float(-np.mean(y * logp))


# corpus: include reference cross_entropy_grad..train
