"""predict keeps the class axis: labels come back as an (n, 1) column.
loses: ep03
questions: ep03,ep10
"""

import numpy as np


# corpus: include reference softmax..log_softmax


def predict(W, b, X):
    return np.argmax(X @ W + b, axis=1, keepdims=True)


# corpus: include reference cross_entropy..train
