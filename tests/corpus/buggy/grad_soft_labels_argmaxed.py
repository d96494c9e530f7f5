"""cross_entropy_grad turns probability rows into their argmax class first.
loses: ep06
may_lose: ep05
questions: ep05,ep06,ep08
"""

import numpy as np


# corpus: include reference softmax..cross_entropy


def cross_entropy_grad(logits, y):
    p = softmax(logits)
    y = np.asarray(y)
    if y.ndim == 2:
        y = np.argmax(y, axis=1)
    return (p - one_hot(y, p.shape[1])) / p.shape[0]


# corpus: include reference one_hot..train
