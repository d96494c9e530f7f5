"""log_softmax from a closure factory, cross_entropy as functools.partial of a generic loss.
questions: all
score: 100
"""

import functools

import numpy as np


# corpus: include reference softmax


def _make_log_softmax(axis):
    def log_softmax(z):
        z = np.asarray(z)
        s = z - np.max(z, axis=axis, keepdims=True)
        return s - np.log(np.sum(np.exp(s), axis=axis, keepdims=True))
    return log_softmax


log_softmax = _make_log_softmax(-1)


# corpus: include reference predict


def _loss(logits, y, reduce):
    logp = log_softmax(logits)
    y = np.asarray(y)
    if y.ndim == 1:
        y = one_hot(y, logp.shape[1])
    return float(reduce(-np.sum(y * logp, axis=1)))


cross_entropy = functools.partial(_loss, reduce=np.mean)


# corpus: include reference cross_entropy_grad..train
