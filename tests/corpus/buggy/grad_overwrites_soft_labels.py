"""cross_entropy_grad subtracts into the caller's probability rows (y -= p).
loses: ep06
may_lose: ep05
questions: ep05,ep06
"""

import numpy as np


# corpus: include reference softmax..cross_entropy


def cross_entropy_grad(logits, y):
    p = softmax(logits)
    y = np.asarray(y)
    n = p.shape[0]
    if y.ndim == 1:
        return (p - one_hot(y, p.shape[1])) / n
    y -= p
    return -y / n


# corpus: include reference one_hot..train
