"""predict asserts float64 input (the contract requires float32 too).
loses: ep03
questions: ep03,ep09
"""

import numpy as np


# corpus: include reference softmax..log_softmax


def predict(W, b, X):
    if np.asarray(X).dtype != np.float64:
        raise TypeError("predict expects float64 features")
    return np.argmax(X @ W + b, axis=1)


# corpus: include reference cross_entropy..train
