"""cross_entropy_grad subtracts the labels from the logits, not from softmax.
loses: ep05
may_lose: ep06
questions: ep05,ep08,ep09
"""

import numpy as np


# corpus: include reference softmax..cross_entropy


def cross_entropy_grad(logits, y):
    logits = np.asarray(logits)
    y = np.asarray(y)
    n = logits.shape[0]
    if y.ndim == 1:
        y = one_hot(y, logits.shape[1])
    return (logits - y) / n


# corpus: include reference one_hot..train
