"""Every function is an instance of a class with __call__ (same signatures).
questions: all
score: 100
"""

import numpy as np


class _Softmax:
    """Row-wise softmax as a callable object."""

    def __call__(self, z):
        z = np.asarray(z)
        e = np.exp(z - np.max(z, axis=-1, keepdims=True))
        return e / np.sum(e, axis=-1, keepdims=True)


softmax = _Softmax()


# corpus: include reference log_softmax


class _Predict:
    def __call__(self, W, b, X):
        return np.argmax(X @ W + b, axis=1)


predict = _Predict()


# corpus: include reference cross_entropy..cross_entropy_grad


class _OneHot:
    def __call__(self, y, n_classes):
        return np.eye(int(n_classes))[np.asarray(y)]


one_hot = _OneHot()


# corpus: include reference init_params..train
