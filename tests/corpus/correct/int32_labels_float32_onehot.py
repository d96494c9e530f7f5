"""predict returns int32 labels; one_hot returns float32 rows (any float dtype is allowed).
questions: all
score: 100
"""

import numpy as np


# corpus: include reference softmax..log_softmax


def predict(W, b, X):
    return np.argmax(X @ W + b, axis=1).astype(np.int32)


# corpus: include reference cross_entropy..cross_entropy_grad


def one_hot(y, n_classes):
    y = np.asarray(y)
    return (y[:, None] == np.arange(int(n_classes))).astype(np.float32)


# corpus: include reference init_params..train
