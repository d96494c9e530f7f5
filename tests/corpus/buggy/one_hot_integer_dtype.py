"""one_hot returns integer rows (np.eye(..., dtype=int)): the contract wants floats.
loses: ep06
questions: ep04,ep06
"""

import numpy as np


# corpus: include reference softmax..cross_entropy_grad


def one_hot(y, n_classes):
    return np.eye(int(n_classes), dtype=int)[np.asarray(y)]


# corpus: include reference init_params..train
