"""one_hot compares labels with arange and returns the boolean matrix.
loses: ep06
questions: ep05,ep06
"""

import numpy as np


# corpus: include reference softmax..cross_entropy_grad


def one_hot(y, n_classes):
    return np.asarray(y)[:, None] == np.arange(int(n_classes))


# corpus: include reference init_params..train
